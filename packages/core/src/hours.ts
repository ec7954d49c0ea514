// Daily write profiles as integrals. A VM with profile p writes writeRate * m_p(hour) bytes/s;
// its cumulative writes are writeRate * M_p(t) with M_p(t) = integral of m_p from 0 to t. M_p is
// tabulated at the hour boundaries, so a rate change at an hour boundary costs nothing per VM:
// only datastores whose space is growing need their crossing times recomputed.

import type { HourGrid } from './model.ts'

export interface ProfileTable {
  readonly starts: Float64Array
  /** m_p for segment k: mult[p][k]. */
  readonly mult: Float64Array[]
  /** M_p at starts[k]: cum[p][k]. */
  readonly cum: Float64Array[]
}

/** UTC hours from time 0 when the model gives no grid. */
export function defaultHourGrid(horizon: number): HourGrid {
  const starts: number[] = []
  const hourOfDay: number[] = []
  for (let k = 0; k * 3600 < horizon; k++) {
    starts.push(k * 3600)
    hourOfDay.push(k % 24)
  }
  if (starts.length === 0) {
    starts.push(0)
    hourOfDay.push(0)
  }
  return { starts, hourOfDay }
}

export function buildProfileTable(grid: HourGrid, profiles: readonly (readonly number[])[]): ProfileTable {
  const n = grid.starts.length
  const starts = Float64Array.from(grid.starts)
  const mult: Float64Array[] = []
  const cum: Float64Array[] = []
  for (const profile of profiles) {
    const m = new Float64Array(n)
    const c = new Float64Array(n)
    let acc = 0
    for (let k = 0; k < n; k++) {
      m[k] = profile[grid.hourOfDay[k]!]!
      c[k] = acc
      const next = k + 1 < n ? starts[k + 1]! : Number.POSITIVE_INFINITY
      if (next < Number.POSITIVE_INFINITY) acc += m[k]! * (next - starts[k]!)
    }
    mult.push(m)
    cum.push(c)
  }
  return { starts, mult, cum }
}
