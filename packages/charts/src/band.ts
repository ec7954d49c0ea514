// The use chart's y axis frames the band the use moves in. On a real datastore most of the
// height below the lowest use is base disks and other data that never leave: an axis from zero
// spends two thirds of the chart on it and squeezes the part that matters (deltas growing toward
// the capacity) into a strip. The axis therefore starts a little below the lowest base use
// (use minus deltas) of the run, the capacity and alarm levels stay in view, the base below the
// frame is marked by a label at the frame's floor, and a checkbox (a vega-lite parameter bound to
// an input) brings the axis back to zero.

import type { DatastoreResult } from '@snapsim/core'
import type { SeriesColumns } from './downsample.ts'

/** The parameter behind the "y axis from zero" checkbox (one per chart or vconcat). */
export const FROM_ZERO_PARAM = 'yFromZero'

/** A floor below this share of the capacity is close enough to zero to start there. */
const ZERO_BELOW = 0.15

/** The top of every use chart's y axis: 5 % above the capacity (room for its label). */
export const TOP_FACTOR = 1.05

export interface UseBand {
  /** Lowest base (use minus deltas) of the plotted series, bytes. */
  readonly minBase: number
  /** The axis' floor in the framed view, bytes (0 when the base is low anyway). */
  readonly floor: number
  /** The axis' top, bytes. */
  readonly top: number
}

/**
 * The band of one datastore's series: the floor lies below the lowest base use by a tenth of
 * the band up to the top, and below the lowest level shown (`levels`: capacity, alarms), so that
 * every level and every point stays in view; zero when the floor would lie below 15 % of the
 * capacity (too little to cut off).
 */
export function useBand(d: DatastoreResult, s: SeriesColumns, levels: readonly number[] = []): UseBand {
  let minBase = Number.POSITIVE_INFINITY
  for (let i = 0; i < s.t.length; i++) minBase = Math.min(minBase, s.used[i]! - s.deltas[i]!)
  if (!Number.isFinite(minBase)) minBase = 0
  const top = d.capacity * TOP_FACTOR
  const lowest = Math.min(minBase, ...levels)
  const floor = Math.max(0, lowest - 0.1 * (top - lowest))
  return { minBase, floor: floor < ZERO_BELOW * d.capacity ? 0 : floor, top }
}

/** The checkbox parameter (top level of a spec). */
export function fromZeroParam() {
  return { name: FROM_ZERO_PARAM, value: false, bind: { input: 'checkbox' as const, name: 'y axis from zero ' } }
}

/** The y scale of a use chart in `unit` bytes: framed, or from zero while the checkbox is on. */
export function bandScale(band: UseBand, unitBytes: number) {
  const top = band.top / unitBytes
  if (band.floor === 0) return { domain: [0, top], nice: false }
  return { domain: { expr: `${FROM_ZERO_PARAM} ? [0, ${top}] : [${band.floor / unitBytes}, ${top}]` }, nice: false }
}
