// Relative (compounding) growth against closed forms: data in use growing p per period,
// used(t) = used₀ · (1 + p)^(t / period), and a write rate growing the same way. The use then
// curves upwards (no longer concave), so crossings are bisected: the times here are exact to
// the solver's 1 ms. Generic platform (no grain, no overhead), flat rates.

import { describe, expect, it } from 'vitest'
import type { Model } from './model.ts'
import { Rates } from './rates.ts'
import { simulate } from './simulate.ts'
import { DAY, GiB, HOUR, MiB, TiB, ds, job, model, vm } from './testing.test-helpers.ts'

const WEEK = 7 * DAY
const MONTH = (365.25 / 12) * DAY
/** 2 % per week as a continuous rate per second. */
const TWO_PERCENT_WEEKLY = Math.log(1.02) / WEEK

describe('relative growth of the data in use', () => {
  it('a thin disk with 2 %/w fills its datastore when used₀ · 1.02^(t/w) reaches the free space', () => {
    // used₀ = 100 GiB on a datastore of 200 GiB (nothing else on it): full when used = 200 GiB,
    // t = w · ln(200 / 100) / ln 1.02 = 35.0 weeks (245.1 d).
    const r = simulate(
      model({
        horizon: 400 * DAY,
        datastores: [ds('ds', 200 * GiB)],
        vms: [vm('a', 'ds', { disk: TiB, used: 100 * GiB, provisioning: 'thin', relativeDataGrowth: TWO_PERCENT_WEEKLY })],
      }),
    )
    const expected = (WEEK * Math.log(2)) / Math.log(1.02)
    expect(expected / DAY).toBeNear(245.02, 1e-4)
    expect(Math.abs(r.datastores[0]!.fullAt! - expected)).toBeLessThan(2e-3)
    expect(r.vms[0]!.firstStopAt).toBe(r.datastores[0]!.fullAt)
  })

  it('reaches its disk size at t = w · ln(size / used₀) / ln 1.02 and stops growing there', () => {
    // disk 150 GiB, used₀ 100 GiB: at its size after w · ln 1.5 / ln 1.02 = 20.48 weeks. An alarm
    // at 149 GiB on a 1 TiB datastore comes at w · ln 1.49 / ln 1.02; the use never exceeds 150 GiB.
    const cap = TiB
    const r = simulate(
      model({
        horizon: 300 * DAY,
        datastores: [ds('ds', cap, { alarms: [{ name: 'near', fraction: (149 * GiB) / cap }] })],
        vms: [vm('a', 'ds', { disk: 150 * GiB, used: 100 * GiB, provisioning: 'thin', relativeDataGrowth: TWO_PERCENT_WEEKLY })],
      }),
    )
    const d = r.datastores[0]!
    expect(Math.abs(d.alarms[0]!.at - (WEEK * Math.log(1.49)) / Math.log(1.02))).toBeLessThan(2e-3)
    expect(d.peakUsed).toBe(150 * GiB)
    expect(d.fullAt).toBeNull()
  })

  it('a full backup reads the data in use at its snapshot: used₀ · 1.02^(t/w), then the disk', () => {
    // Thick disk of 150 GiB, used₀ 100 GiB: full backups at weeks 0, 10 and 30 read 100 GiB,
    // 100 · 1.02^10 = 121.9 GiB and the whole 150 GiB (1.02^30 · 100 = 181 GiB is above it).
    const fires = [0, 10 * WEEK, 30 * WEEK]
    const r = simulate(
      model({
        horizon: 31 * WEEK,
        datastores: [ds('ds', TiB)],
        vms: [vm('a', 'ds', { disk: 150 * GiB, used: 100 * GiB, relativeDataGrowth: TWO_PERCENT_WEEKLY })],
        jobs: [job('j', ['a'], fires, { streamThroughput: 1000 * MiB })],
      }),
    )
    const read = r.backups.map((b) => b.bytesToRead)
    expect(read[0]).toBe(100 * GiB)
    expect(read[1]).toBeNear(100 * GiB * 1.02 ** 10, 1e-9)
    expect(read[2]).toBe(150 * GiB)
  })

  it('a stopped VM does not grow: the growth is on running time', () => {
    // Two thin VMs of 100 GiB growing 2 %/w on 210 GiB: full when 100 · 2 · 1.02^(t/w) = 210 GiB,
    // t = w · ln 1.05 / ln 1.02; both stop and stay at 105 GiB each.
    const r = simulate(
      model({
        horizon: 20 * WEEK,
        datastores: [ds('ds', 210 * GiB)],
        vms: ['a', 'b'].map((id) => vm(id, 'ds', { disk: TiB, used: 100 * GiB, provisioning: 'thin', relativeDataGrowth: TWO_PERCENT_WEEKLY })),
      }),
    )
    expect(Math.abs(r.datastores[0]!.fullAt! - (WEEK * Math.log(1.05)) / Math.log(1.02))).toBeLessThan(2e-3)
    expect(r.datastores[0]!.series.used.at(-1)).toBeNear(210 * GiB, 1e-9)
  })
})

describe('relative growth of the write rate', () => {
  it('M(t) of a flat row growing at g is (e^(g t) − 1) / g, and its multiplier e^(g t)', () => {
    const g = Math.log(1.02) / MONTH
    const m: Model = model({ horizon: 60 * DAY, datastores: [ds('ds', TiB)], vms: [vm('a', 'ds', { relativeWriteGrowth: g })] })
    const rates = new Rates(m)
    const row = rates.rowOf[0]!
    expect(row).toBe(0)
    const t = 45 * DAY + 1234
    rates.advance(rates.segmentAt(t))
    expect(rates.mAt(row, t)).toBeNear(Math.expm1(g * t) / g, 1e-12)
    expect(rates.multiplier(row, t)).toBeNear(Math.exp(g * t), 1e-12)
  })

  it('with a daily profile: the hours add up, each m_h · (e^(g b) − e^(g a)) / g', () => {
    const g = Math.log(2) / DAY // the rate doubles every day: far from linear
    const profile = Array.from({ length: 24 }, (_, h) => (h < 8 ? 0.5 : 2))
    const m: Model = model({ horizon: 3 * DAY, datastores: [ds('ds', TiB)], vms: [vm('a', 'ds', { profile: 0, relativeWriteGrowth: g })], profiles: [profile] })
    const rates = new Rates(m)
    const t = 2 * DAY + 9.5 * HOUR
    let expected = 0
    for (let a = 0; a < t; a += HOUR) expected += (profile[Math.floor(a / HOUR) % 24]! * (Math.exp(g * Math.min(t, a + HOUR)) - Math.exp(g * a))) / g
    rates.advance(rates.segmentAt(t))
    expect(rates.mAt(rates.rowOf[0]!, t)).toBeNear(expected, 1e-12)
  })

  it('a delta fills the free space when S(W(t)) reaches it, W(t) = w₀ (e^(g t) − 1) / g', () => {
    // Snapshot at 0 that is never read to the end; w₀ = 10 MiB/s growing 2 %/month would be
    // nearly linear, so 50 % per day: W(t) = w₀ (e^(g t) − 1) / g. R = footprint · disk = 10 TiB;
    // free 2 TiB: S = R (1 − e^(−W/R)) = 2 TiB at W* = −R ln(1 − 2/10), t = ln(1 + g W* / w₀) / g.
    const g = Math.log(1.5) / DAY
    const w0 = 10 * MiB
    const R = 10 * TiB
    const r = simulate(
      model({
        horizon: 30 * DAY,
        datastores: [ds('ds', 10 * TiB + 2 * TiB)],
        vms: [vm('a', 'ds', { disk: 10 * TiB, used: GiB, writeRate: w0, relativeWriteGrowth: g })],
        jobs: [job('j', ['a'], [0], { streamThroughput: 1e-3 })],
      }),
    )
    const W = -R * Math.log(1 - 0.2)
    const expected = Math.log(1 + (g * W) / w0) / g
    expect(Math.abs(r.datastores[0]!.fullAt! - expected)).toBeLessThan(2e-3)
    // linear writes at w₀ would need W / w₀ = 26.5 d: the growth brings it to under 4 d
    expect(expected / DAY).toBeLessThan(4)
  })
})
