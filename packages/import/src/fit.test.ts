import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { distinct, fitRate, summarizeRates } from './fit.ts'

const GiB = 2 ** 30
const MiB = 2 ** 20

describe('change-rate fit', () => {
  it('recovers the write rate that produced a day of distinct change (closed form)', () => {
    // R = 30 % of 400 GiB = 120 GiB; w = 8 MiB/s for a day writes W = 675 GiB:
    // D = 120 GiB (1 − e^(−5.625)) = 120 GiB × (1 − 0.0036040) = 119.567 GiB.
    const R = 120 * GiB
    const D = R * (1 - Math.exp(-(8 * MiB * 86400) / R))
    expect(D / GiB).toBeCloseTo(119.567, 3)
    expect(fitRate(D, R, 86400)! / MiB).toBeCloseTo(8, 6)
  })
  it('is the inverse of S(W) = R (1 − e^(−W/R)) over generated rates, regions and intervals', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e3, max: 1e9, noNaN: true }), fc.double({ min: GiB, max: 64 * 2 ** 40, noNaN: true }), fc.double({ min: 3600, max: 7 * 86400, noNaN: true }), (w, R, T) => {
        const D = distinct(w * T, R)
        fc.pre(D < R * (1 - 1e-9))
        const back = fitRate(D, R, T)!
        expect(Math.abs(back - w) / w).toBeLessThan(1e-6)
      }),
      { seed: 12, numRuns: process.env.SNAPSIM_DEEP ? 20000 : 500 },
    )
  })
  it('with a large region it is the change divided by the time (linear growth)', () => {
    expect(fitRate(10 * GiB, 1e6 * GiB, 86400)! * 86400).toBeCloseTo(10 * GiB + (10 * GiB) ** 2 / (2 * 1e6 * GiB), -3)
  })
  it('rejects change that fills the region, and inputs that are not numbers', () => {
    expect(fitRate(120 * GiB, 120 * GiB, 86400)).toBeUndefined()
    expect(fitRate(Number.NaN, GiB, 86400)).toBeUndefined()
    expect(fitRate(1, GiB, 0)).toBeUndefined()
    expect(fitRate(0, GiB, 86400)).toBe(0)
  })
  it('summarizes with the median and the 10th and 90th percentiles', () => {
    // R-7 on 1..11: the median is 6, p10 = 1 + 0.1 × 10 = 2, p90 = 10.
    expect(summarizeRates([11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ n: 11, median: 6, p10: 2, p90: 10, min: 1, max: 11 })
    expect(summarizeRates([])).toBeUndefined()
  })
})
