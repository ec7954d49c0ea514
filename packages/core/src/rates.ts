// Where the run is in the rate table (rate-table.ts): the current segment, the next boundary where a
// rate changes, and M_row(t), the integral of a rate row's multiplier, on the hot path.

import { buildRateTable, defaultHourGrid, grownSpan, rateRow, type RateTable, type RateRow } from './rate-table.ts'
import type { HourGrid, Model } from './model.ts'
import { lastAtOrBefore } from './search.ts'

export class Rates {
  readonly table: RateTable
  /** Rate rows: the daily profiles, then one row per VM whose rate has day factors. */
  readonly rows: number
  /** Each VM's row (-1: flat), by model index. */
  readonly rowOf: readonly number[]
  /** The current segment (the hour holding the current event). */
  seg = 0
  /** The next segment where a rate changes, and when it starts (an HOUR event is due then). */
  nextSeg = 0
  nextBoundary: number
  // mAt's coefficients for segment mSeg (refreshM).
  private readonly mBase: Float64Array
  private readonly mSlope: Float64Array
  private mSeg = -1

  constructor(model: Model) {
    const grid = model.hours ?? defaultHourGrid(model.horizon)
    const profiles = model.profiles ?? []
    const rows: RateRow[] = profiles.map((p) => rateRow(p))
    // A VM with day factors or a growing write rate has a row of its own.
    this.rowOf = model.vms.map((v) =>
      v.dayFactors || (v.relativeWriteGrowth ?? 0) > 0 ? rows.push(rateRow(v.profile === undefined ? undefined : profiles[v.profile], v.dayFactors, v.relativeWriteGrowth ?? 0)) - 1 : (v.profile ?? -1),
    )
    this.table = rows.length === profiles.length && model.hours && model.profiles ? sharedTable(model.hours, model.profiles, rows) : buildRateTable(grid, rows)
    this.rows = rows.length
    this.mBase = new Float64Array(rows.length)
    this.mSlope = new Float64Array(rows.length)
    this.nextSeg = this.table.next[0] ?? 0
    this.nextBoundary = this.table.starts[this.nextSeg] ?? Number.POSITIVE_INFINITY
  }

  /** M_row(t): integral of the row's multiplier from 0 to t (t within the current segment). */
  mAt(row: number, t: number): number {
    if (row < 0) return t
    if (this.table.growth[row] !== 0) return this.mAtSeg(row, this.seg, t)
    if (this.mSeg !== this.seg) this.refreshM()
    return this.mBase[row]! + this.mSlope[row]! * t
  }

  /**
   * M_row(t) = mBase[row] + mSlope[row] * t within the current segment: two loads from flat
   * arrays on the hottest path (every growing VM in every evaluation), instead of three nested ones.
   */
  private refreshM(): void {
    const s = this.seg
    for (let p = 0; p < this.rows; p++) {
      this.mSlope[p] = this.table.mult[p]![s]!
      this.mBase[p] = this.mAtSeg(p, s, 0)
    }
    this.mSeg = s
  }

  /** M of a rate row at t, t within segment `seg` (or its linear extension). */
  mAtSeg(row: number, seg: number, t: number): number {
    if (row < 0) return t
    return this.table.cum[row]![seg]! + this.table.mult[row]![seg]! * grownSpan(this.table.growth[row]!, this.table.starts[seg]!, t)
  }

  /** The row's multiplier at t in the current segment (1 for a flat row). */
  multiplier(row: number, t: number): number {
    if (row < 0) return 1
    const g = this.table.growth[row]!
    return this.table.mult[row]![this.seg]! * (g === 0 ? 1 : Math.exp(g * t))
  }

  /** The segment holding t (binary search on the segment starts). */
  segmentAt(t: number): number {
    return lastAtOrBefore(this.table.starts, t)
  }

  /** Move to the boundary of segment `seg`: the next boundary where a rate changes is due next. */
  advance(seg: number): void {
    const nextSeg = this.table.next[seg] ?? this.table.starts.length
    this.seg = seg
    this.nextSeg = nextSeg
    this.nextBoundary = this.table.starts[nextSeg] ?? Number.POSITIVE_INFINITY
  }
}

/**
 * The rate table of a calendar and a list of profiles, built once: Monte Carlo replications of
 * a scenario share both objects (the table is read-only). Not for rows with day factors.
 */
const tables = new WeakMap<object, WeakMap<object, RateTable>>()

function sharedTable(hours: HourGrid, profiles: readonly (readonly number[])[], rows: RateRow[]): RateTable {
  let byProfiles = tables.get(hours)
  if (!byProfiles) {
    byProfiles = new WeakMap()
    tables.set(hours, byProfiles)
  }
  let table = byProfiles.get(profiles)
  if (!table) {
    table = buildRateTable(hours, rows)
    byProfiles.set(profiles, table)
  }
  return table
}
