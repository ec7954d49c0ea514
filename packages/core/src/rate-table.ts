// Daily write profiles as integrals. A VM with profile p writes writeRate * m_p(hour) bytes/s;
// its cumulative writes are writeRate * M_p(t) with M_p(t) = integral of m_p from 0 to t. M_p is
// tabulated at the hour boundaries, so a rate change at an hour boundary costs nothing per VM:
// only datastores whose space is growing need their crossing times recomputed. A row with
// relative growth g has the multiplier m_p(hour) · e^(g·t): M_p stays exact in closed form.

import type { HourGrid } from './model.ts'

export interface RateTable {
  readonly starts: Float64Array
  /** Continuous growth rate of each row (per second; 0 for none): its multiplier at t is m_p(k) · e^(growth · t). */
  readonly growth: Float64Array
  /** m_p for segment k: mult[p][k]. */
  readonly mult: Float64Array[]
  /** M_p at starts[k]: cum[p][k]. */
  readonly cum: Float64Array[]
  /**
   * next[k]: the first segment after k where some row's multiplier changes (starts.length if
   * none). Only those boundaries need an event: between them every rate is the same.
   */
  readonly next: Int32Array
  /**
   * tick[k]: the last segment at or before k where some row's multiplier changes (0 for the
   * first). An HOUR event fires only there, so a datastore that must be looked at in segment k
   * has to be looked at from segment tick[k] on.
   */
  readonly tick: Int32Array
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

/** A rate shape: 24 hourly multipliers (or 168, by hour of the week), optionally times a factor per day (day 0 = until the first local midnight). */
export interface RateRow {
  readonly hourly: readonly number[]
  readonly dayFactors?: readonly number[]
  /** Relative growth of the rate (a continuous rate per second), Vm.relativeWriteGrowth. */
  readonly growth?: number
}

const FLAT: readonly number[] = Array.from({ length: 24 }, () => 1)

/** The row of a VM: its profile (or flat) and its day factors. */
export function rateRow(profile: readonly number[] | undefined, dayFactors?: readonly number[], growth = 0): RateRow {
  return { hourly: profile ?? FLAT, ...(dayFactors ? { dayFactors } : {}), ...(growth > 0 ? { growth } : {}) }
}

/**
 * The integral of e^(g·x) from s to t, divided by nothing when g = 0: t − s. With growth, in the
 * form e^(g·s) · expm1(g·(t − s)) / g, exact for small g·(t − s).
 */
export function grownSpan(g: number, s: number, t: number): number {
  return g === 0 ? t - s : (Math.exp(g * s) * Math.expm1(g * (t - s))) / g
}

export function buildRateTable(grid: HourGrid, rows: readonly RateRow[]): RateTable {
  const n = grid.starts.length
  const starts = Float64Array.from(grid.starts)
  // Day index of each segment: it advances at every local midnight after the start.
  const day = new Int32Array(n)
  for (let k = 1; k < n; k++) day[k] = day[k - 1]! + (grid.hourOfDay[k] === 0 ? 1 : 0)
  const mult: Float64Array[] = []
  const cum: Float64Array[] = []
  for (const row of rows) {
    const m = new Float64Array(n)
    const c = new Float64Array(n)
    let acc = 0
    for (let k = 0; k < n; k++) {
      // A weekly profile (168 multipliers) is indexed by hour of the week, a daily one by hour.
      const hour = row.hourly.length === 168 ? grid.weekday![k]! * 24 + grid.hourOfDay[k]! : grid.hourOfDay[k]!
      m[k] = row.hourly[hour]! * (row.dayFactors ? (row.dayFactors[day[k]!] ?? 1) : 1)
      c[k] = acc
      const next = k + 1 < n ? starts[k + 1]! : Number.POSITIVE_INFINITY
      if (next < Number.POSITIVE_INFINITY) acc += m[k]! * grownSpan(row.growth ?? 0, starts[k]!, next)
    }
    mult.push(m)
    cum.push(c)
  }
  const next = new Int32Array(n)
  let upcoming = n
  for (let k = n - 1; k >= 0; k--) {
    next[k] = upcoming
    if (k > 0 && mult.some((m) => m[k] !== m[k - 1])) upcoming = k
  }
  const tick = new Int32Array(n)
  for (let k = 1; k < n; k++) tick[k] = mult.some((m) => m[k] !== m[k - 1]) ? k : tick[k - 1]!
  return { starts, growth: Float64Array.from(rows, (r) => r.growth ?? 0), mult, cum, next, tick }
}
