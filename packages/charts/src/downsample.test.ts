// The downsampled series against the full one, on generated series that provably reach the
// downsampling (more than 4 points per bucket): the peak and its time, the lowest use (the most
// free space) and its time, each bucket's envelope, and every level's first crossing time are the
// same; the kept points are a subsequence with both ends.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { downsampleIndices, downsampleSeries, firstCrossing, type SeriesColumns } from './downsample.ts'

const runs = process.env.SNAPSIM_DEEP ? 2000 : 200

/** A random walk with steps (two points at one time) and flat stretches. */
const series = fc
  .record({
    steps: fc.array(fc.record({ dt: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 900 })), dv: fc.integer({ min: -50, max: 60 }), dd: fc.integer({ min: -5, max: 5 }) }), { minLength: 100, maxLength: 2000 }),
    base: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ steps, base }): SeriesColumns => {
    const t = [0]
    const used = [base]
    const deltas = [0]
    for (const s of steps) {
      t.push(t[t.length - 1]! + s.dt)
      used.push(used[used.length - 1]! + s.dv)
      deltas.push(Math.max(0, deltas[deltas.length - 1]! + s.dd))
    }
    return { t, used, deltas, disks: used.map((u, i) => u - deltas[i]!) }
  })

const firstArg = (v: readonly number[], better: (a: number, b: number) => boolean) => {
  let k = 0
  for (let i = 1; i < v.length; i++) if (better(v[i]!, v[k]!)) k = i
  return k
}

describe('downsampleSeries', () => {
  it('keeps a short series whole', () => {
    const s = { t: [0, 1, 2], used: [1, 5, 2], disks: [1, 5, 2], deltas: [0, 0, 0] }
    expect(downsampleSeries(s, { buckets: 1 })).toBe(s)
  })

  it('keeps the peak, the minimum, the envelope per bucket and the level crossings of the full series', { timeout: 120_000 }, () => {
    let reached = 0
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: -500, max: 3000 }), { maxLength: 4 }), (s, buckets, levels) => {
        const idx = downsampleIndices(s, { buckets, levels })
        const d = downsampleSeries(s, { buckets, levels })
        if (idx.length < s.t.length) reached++
        // a subsequence with both ends
        expect(idx[0]).toBe(0)
        expect(idx.at(-1)).toBe(s.t.length - 1)
        for (let i = 1; i < idx.length; i++) expect(idx[i]!).toBeGreaterThan(idx[i - 1]!)
        for (let i = 0; i < idx.length; i++) expect(d.used[i]).toBe(s.used[idx[i]!])
        // the peak and the lowest use, with the time each is first reached
        const hi = firstArg(s.used, (a, b) => a > b)
        const lo = firstArg(s.used, (a, b) => a < b)
        const dhi = firstArg(d.used, (a, b) => a > b)
        const dlo = firstArg(d.used, (a, b) => a < b)
        expect([d.used[dhi], d.t[dhi]]).toEqual([s.used[hi], s.t[hi]])
        expect([d.used[dlo], d.t[dlo]]).toEqual([s.used[lo], s.t[lo]])
        expect(Math.max(...d.deltas)).toBe(Math.max(...s.deltas))
        // the first crossing of every level, read off the drawn line
        for (const level of levels) expect(firstCrossing(d.t, d.used, level)).toBe(firstCrossing(s.t, s.used, level))
        // the envelope per bucket
        const t0 = s.t[0]!
        const span = s.t.at(-1)! - t0 || 1
        const bucketOf = (t: number) => Math.min(buckets - 1, Math.floor(((t - t0) / span) * buckets))
        const env = (c: SeriesColumns) => {
          const m = new Map<number, [number, number]>()
          c.t.forEach((t, i) => {
            const b = bucketOf(t)
            const e = m.get(b) ?? [Infinity, -Infinity]
            m.set(b, [Math.min(e[0], c.used[i]!), Math.max(e[1], c.used[i]!)])
          })
          return [...m.entries()].sort((a, b) => a[0] - b[0])
        }
        expect(env(d)).toEqual(env(s))
        // few points: at most 5 per bucket plus the crossings
        const crossings = levels.reduce((n, l) => n + s.used.filter((u, i) => i > 0 && (s.used[i - 1]! < l) !== (u < l)).length, 0)
        expect(idx.length).toBeLessThanOrEqual(5 * buckets + 2 * crossings)
      }),
      { seed: 1414, numRuns: runs },
    )
    // the generated series provably reach the downsampling
    expect(reached).toBeGreaterThan(runs / 2)
  })

  it('keeps the points around marked times', () => {
    const n = 1000
    const t = Array.from({ length: n }, (_, i) => i)
    const used = t.map((x) => x % 7)
    const s = { t, used, disks: used, deltas: t.map(() => 0) }
    const d = downsampleSeries(s, { buckets: 10, keepTimes: [500.5, 731] })
    expect(d.t).toContain(500)
    expect(d.t).toContain(501)
    expect(d.t).toContain(731)
    expect(d.t.length).toBeLessThan(80)
  })

  it('reads a crossing by linear interpolation, at the first point when already above', () => {
    expect(firstCrossing([0, 10], [0, 100], 25)).toBe(2.5)
    expect(firstCrossing([0, 10], [30, 100], 25)).toBe(0)
    expect(firstCrossing([0, 10], [0, 10], 25)).toBeNull()
  })
})
