// The first alarm and the first overlap of a datastore, marked on the time axis as the first
// fill is (common.ts `fullLayers`): a dashed rule with its time written beside it, on the charts
// of that datastore (use, deltas). They are the two warnings a planner looks for before the
// fill: a level crossed, and a backup that found the previous one still running.

import type { DatastoreResult, Result } from '@snapsim/core'
import type { Resolved } from './context.ts'
import { colors } from './theme.ts'
import { formatWall, formatWallShort } from './time.ts'
import type { Layer } from './vl.ts'

/** Colour of the first-overlap rule (the Gantt outlines an overlapped run in black). */
export const OVERLAP_COLOR = '#252525'

const firstOverlaps = new WeakMap<Result, ReadonlyMap<string, number>>()

/** The earliest fire of an overlapped task per datastore (of the task's VM), once per result. */
export function firstOverlapByDatastore(result: Result): ReadonlyMap<string, number> {
  let byStore = firstOverlaps.get(result)
  if (byStore === undefined) {
    const storeOf = new Map(result.vms.map((v) => [v.id, v.datastore]))
    const m = new Map<string, number>()
    for (const b of result.backups) {
      if (!b.overlapped) continue
      const ds = storeOf.get(b.vm)
      if (ds !== undefined && !(b.firedAt >= (m.get(ds) ?? Number.POSITIVE_INFINITY))) m.set(ds, b.firedAt)
    }
    firstOverlaps.set(result, (byStore = m))
  }
  return byStore
}

export interface FirstMark {
  readonly kind: 'first alarm' | 'first overlap'
  /** Simulated seconds. */
  readonly t: number
  readonly x: number
  readonly label: string
  /** The tooltip's sentence. */
  readonly event: string
}

/** The first alarm (of any level) and the first overlap on datastore `d`, if any, in time order. */
export function firstMarks(result: Result, d: DatastoreResult, r: Resolved): FirstMark[] {
  const marks: FirstMark[] = []
  if (d.alarms.length > 0) {
    const first = d.alarms.reduce((a, b) => (b.at < a.at ? b : a))
    const x = r.clock(first.at)
    marks.push({ kind: 'first alarm', t: first.at, x, label: `1st alarm: ${formatWallShort(x)}`, event: `first alarm (${first.name}): ${formatWall(x)}` })
  }
  const overlap = firstOverlapByDatastore(result).get(d.id)
  if (overlap !== undefined) {
    const x = r.clock(overlap)
    marks.push({ kind: 'first overlap', t: overlap, x, label: `1st overlap: ${formatWallShort(x)}`, event: `first backup fired while its job's previous run was still going: ${formatWall(x)}` })
  }
  return marks.sort((a, b) => a.t - b.t)
}

/** The rules and their labels (inside the plot, from its top down, so they never meet the fill's label above it). */
export function firstMarkLayers(result: Result, d: DatastoreResult, r: Resolved): Layer[] {
  const rows = firstMarks(result, d, r).map((m, i) => ({ ...m, row: i }))
  if (rows.length === 0) return []
  // fixed colours per layer, not a colour encoding: the use chart's colour scale (its legend) is
  // shared by every layer that encodes colour
  const colorOf = (m: FirstMark) => (m.kind === 'first alarm' ? colors.alarm : OVERLAP_COLOR)
  return rows.flatMap((row): Layer[] => [
    {
      data: { values: [row] },
      mark: { type: 'rule', strokeWidth: 1.5, strokeDash: [4, 3], color: colorOf(row) },
      encoding: { x: { field: 'x', type: 'temporal' }, tooltip: [{ field: 'event', title: 'event' }] },
    },
    {
      // the second label a line below the first
      data: { values: [row] },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 11, fontWeight: 'bold', color: colorOf(row) },
      encoding: { x: { field: 'x', type: 'temporal' }, y: { value: 2 + 14 * row.row }, text: { field: 'label' } },
    },
  ])
}
