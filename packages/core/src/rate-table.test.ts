// The rate table (rate-table.ts) and the run's position in it (rates.ts), by hand.

import { describe, expect, it } from 'vitest'
import type { Model } from './model.ts'
import { buildRateTable, defaultHourGrid, rateRow } from './rate-table.ts'
import { Rates } from './rates.ts'

const H = 3600
// Four segments starting at local hours 22, 23, 0, 1 (midnight between the second and third).
const grid = { starts: [0, H, 2 * H, 3 * H], hourOfDay: [22, 23, 0, 1] }
const hourly = Array.from({ length: 24 }, (_, h) => (h === 23 ? 3 : h === 0 ? 3 : h === 1 ? 0.5 : 1))

describe('buildRateTable', () => {
  it('tabulates the multipliers and their integral M at each segment start', () => {
    const t = buildRateTable(grid, [rateRow(hourly)])
    expect([...t.mult[0]!]).toEqual([1, 3, 3, 0.5])
    // M: 0, then 1 h at 1, then 1 h at 3, then 1 h at 3
    expect([...t.cum[0]!]).toEqual([0, H, 4 * H, 7 * H])
  })

  it('next[k]: the next segment where some multiplier changes (hours 23 and 0 share 3)', () => {
    const t = buildRateTable(grid, [rateRow(hourly)])
    // from segment 0 the next change is at 1 (1 -> 3); from 1 it is at 3 (3 -> 3 is no change)
    expect([...t.next]).toEqual([1, 3, 3, 4])
  })

  it('day factors scale a row from the first local midnight on', () => {
    const t = buildRateTable(grid, [rateRow(undefined, [2, 10])])
    // flat hourly profile: day 0 until midnight (segments 0, 1) x2, day 1 x10
    expect([...t.mult[0]!]).toEqual([2, 2, 10, 10])
    expect([...t.cum[0]!]).toEqual([0, 2 * H, 4 * H, 14 * H])
    expect([...t.next]).toEqual([2, 2, 4, 4])
  })

  it('the default grid: UTC hours from 0, at least one', () => {
    expect(defaultHourGrid(2.5 * H)).toEqual({ starts: [0, H, 2 * H], hourOfDay: [0, 1, 2] })
    expect(defaultHourGrid(0)).toEqual({ starts: [0], hourOfDay: [0] })
  })
})

describe('Rates', () => {
  const model = {
    horizon: 4 * H,
    seed: 's',
    hours: grid,
    profiles: [hourly],
    datastores: [],
    vms: [
      { id: 'flat', datastore: 'd', disk: 1, used: 0, provisioning: 'thick', dataGrowth: 0, writeRate: 1, footprint: 1 },
      { id: 'office', datastore: 'd', disk: 1, used: 0, provisioning: 'thick', dataGrowth: 0, writeRate: 1, footprint: 1, profile: 0 },
      { id: 'days', datastore: 'd', disk: 1, used: 0, provisioning: 'thick', dataGrowth: 0, writeRate: 1, footprint: 1, dayFactors: [1, 2] },
    ],
    jobs: [],
  } as unknown as Model

  it('gives each VM its row: -1 flat, its profile, or a row of its own for day factors', () => {
    const r = new Rates(model)
    expect(r.rowOf).toEqual([-1, 0, 1])
    expect(r.rows).toBe(2)
    // the first change of any row: the profile's at segment 1
    expect(r.nextSeg).toBe(1)
    expect(r.nextBoundary).toBe(H)
  })

  it('M(t) within the current segment, and after advancing to a later one', () => {
    const r = new Rates(model)
    expect(r.mAt(-1, 1234)).toBe(1234) // flat: M(t) = t
    expect(r.mAt(0, 0.5 * H)).toBe(0.5 * H)
    r.advance(1)
    expect(r.mAt(0, 1.5 * H)).toBe(H + 1.5 * H) // H at the start, then 3 x 0.5 h
    expect(r.multiplier(0, 1.5 * H)).toBe(3)
    expect(r.multiplier(-1, 1.5 * H)).toBe(1)
    // the next change after segment 1: segment 2 for the day-factor row (1 -> 2 at midnight)
    expect(r.nextSeg).toBe(2)
    expect(r.mAtSeg(1, 2, 2.5 * H)).toBe(2 * H + 2 * 0.5 * H)
  })

  it('segmentAt: the segment holding t', () => {
    const r = new Rates(model)
    expect([0, H - 1, H, 3.5 * H, 99 * H].map((t) => r.segmentAt(t))).toEqual([0, 0, 1, 3, 3])
  })
})
