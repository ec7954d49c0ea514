// The generic algorithms the engine is built on, each alone, against values worked out by hand
// and against the straightforward computation on generated inputs.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { newtonToLevel, type Curve } from './newton.ts'
import { gallop, lastAtOrBefore } from './search.ts'
import { progressiveFill, waterFill } from './water-fill.ts'

describe('lastAtOrBefore (binary search over segment starts)', () => {
  const starts = [0, 3600, 7200, 10800]
  it('finds the segment holding x, by hand', () => {
    expect(lastAtOrBefore(starts, 0)).toBe(0)
    expect(lastAtOrBefore(starts, 3599.9)).toBe(0)
    expect(lastAtOrBefore(starts, 3600)).toBe(1) // a start belongs to its own segment
    expect(lastAtOrBefore(starts, 9000)).toBe(2)
    expect(lastAtOrBefore(starts, 1e9)).toBe(3) // past the last start: the last segment
    expect(lastAtOrBefore(starts, -5)).toBe(0) // before the first: 0
    expect(lastAtOrBefore([42], 7)).toBe(0)
  })
  it('agrees with a linear scan on generated sorted arrays', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: -1100, max: 1100 }), (xs, x) => {
        const sorted = [...new Set(xs)].sort((a, b) => a - b)
        let expected = 0
        for (let i = 0; i < sorted.length; i++) if (sorted[i]! <= x) expected = i
        expect(lastAtOrBefore(Float64Array.from(sorted), x)).toBe(expected)
      }),
      { seed: 10, numRuns: 500 },
    )
  })
})

describe('gallop (first index where a monotone predicate holds)', () => {
  it('finds the threshold, by hand', () => {
    expect(gallop(0, 10, (j) => j >= 1)).toBe(1)
    expect(gallop(0, 10, (j) => j >= 7)).toBe(7)
    expect(gallop(0, 10, (j) => j >= 10)).toBe(10) // only at the end
    expect(gallop(0, 10, () => false)).toBe(11) // never: end + 1
    expect(gallop(5, 6, (j) => j >= 6)).toBe(6)
    expect(gallop(5, 6, () => false)).toBe(7)
  })
  it('looks only at indices in (from, end], and few of them for a near answer', () => {
    const seen: number[] = []
    const at = gallop(100, 1_000_000, (j) => {
      seen.push(j)
      return j >= 103
    })
    expect(at).toBe(103)
    // gallop: 101 (no), 103 (yes); bisect (101, 103]: 102 (no) — three evaluations
    expect(seen).toEqual([101, 103, 102])
  })
  it('agrees with a linear scan on generated thresholds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 600 }), (from, len, k) => {
        const end = from + len
        const pred = (j: number) => {
          expect(j).toBeGreaterThan(from)
          expect(j).toBeLessThanOrEqual(end)
          return j >= k
        }
        let expected = end + 1
        for (let j = from + 1; j <= end; j++)
          if (j >= k) {
            expected = j
            break
          }
        expect(gallop(from, end, pred)).toBe(expected)
      }),
      { seed: 11, numRuns: 500 },
    )
  })
})

describe('waterFill (max-min fair shares)', () => {
  const fill = (pool: number, caps: number[], counts: number[]) => {
    const out: number[] = []
    waterFill(pool, caps, counts, caps.length, out)
    return out
  }
  it('one group: min(cap, pool / n)', () => {
    expect(fill(100, [30], [2])).toEqual([30]) // 100 / 2 = 50 > cap 30
    expect(fill(100, [80], [4])).toEqual([25])
    expect(fill(Number.POSITIVE_INFINITY, [80], [4])).toEqual([80]) // no pool: the cap
  })
  it('a capped group leaves its rest to the others, by hand', () => {
    // pool 100 over 1 stream capped at 10 and 3 capped at 50: level 30 (10 + 3 * 30 = 100)
    expect(fill(100, [10, 50], [1, 3])).toEqual([10, 30])
    // pool 100 over 2 capped at 20 and 2 capped at 25: every stream at its cap (90 used)
    expect(fill(100, [20, 25], [2, 2])).toEqual([20, 25])
  })
  it('a group without streams gets 0 and takes nothing', () => {
    // 60 over 3 streams: 20 each, below both caps
    expect(fill(60, [10, 40, 100], [0, 1, 2])).toEqual([0, 20, 20])
    // 120 over 3 streams: the one capped at 30 takes 30, the other two 45 each
    expect(fill(120, [10, 30, 100], [0, 1, 2])).toEqual([0, 30, 45])
  })
  it('on generated groups: no stream above its cap, the pool not exceeded, and used up unless all are capped', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cap: fc.integer({ min: 1, max: 1000 }), n: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 5000 }),
        (groups, pool) => {
          groups.sort((a, b) => a.cap - b.cap)
          const out = fill(
            pool,
            groups.map((g) => g.cap),
            groups.map((g) => g.n),
          )
          let used = 0
          let allCapped = true
          groups.forEach((g, i) => {
            expect(out[i]!).toBeLessThanOrEqual(g.cap)
            used += out[i]! * g.n
            if (g.n > 0 && out[i]! < g.cap) allCapped = false
          })
          expect(used).toBeLessThanOrEqual(pool * (1 + 1e-12))
          if (!allCapped) expect(used).toBeNear(pool, 1e-9)
          // max-min fair: a stream below its cap gets at least as much as any other stream
          const uncapped = groups.flatMap((g, i) => (g.n > 0 && out[i]! < g.cap ? [out[i]!] : []))
          const max = Math.max(0, ...groups.flatMap((g, i) => (g.n > 0 ? [out[i]!] : [])))
          for (const r of uncapped) expect(r).toBeNear(max, 1e-9)
        },
      ),
      { seed: 12, numRuns: 500 },
    )
  })
})

describe('progressiveFill (max-min fair shares over several links)', () => {
  const fill = (counts: number[], caps: number[], linksOf: number[][], capacity: number[]) => {
    const out: number[] = []
    progressiveFill(counts, caps, linksOf, capacity, out)
    return out
  }
  const INF = Number.POSITIVE_INFINITY
  it('by hand: a capped and an uncapped stream on one link', () => {
    // link 300: the stream capped at 100 takes 100, the uncapped one the other 200
    expect(fill([1, 1], [100, INF], [[0], [0]], [300])).toEqual([100, 200])
  })
  it('by hand: the link a group shares with nobody limits it, the rest goes to the others', () => {
    // groups a (2 streams) and b (1) share link 0 (300); a also passes link 1 (100):
    // a is held at 50 per stream by link 1, b takes 300 - 2 * 50 = 200
    expect(fill([2, 1], [INF, INF], [[0, 1], [0]], [300, 100])).toEqual([50, 200])
    // a chain: a on links 0, 1; b on 0; c on 1; capacities 100 and 60 — link 1 saturates at 30
    // (a and c), then b takes 100 - 30 = 70
    expect(fill([1, 1, 1], [INF, INF, INF], [[0, 1], [0], [1]], [100, 60])).toEqual([30, 70, 30])
  })
  it('a group without streams gets 0; an uncapped group on no finite link gets Infinity', () => {
    expect(fill([0, 3], [10, 40], [[0], [0]], [60])).toEqual([0, 20])
    expect(fill([1], [INF], [[]], [])).toEqual([INF])
  })
  it('equals waterFill on one link (its special case), on generated groups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cap: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constant(INF)), n: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 5000 }),
        (groups, pool) => {
          groups.sort((a, b) => a.cap - b.cap)
          const caps = groups.map((g) => g.cap)
          const counts = groups.map((g) => g.n)
          const one: number[] = []
          waterFill(pool, caps, counts, groups.length, one)
          const many = fill(counts, caps, groups.map(() => [0]), [pool])
          groups.forEach((_, i) => expect(many[i]!).toBeNear(one[i]!, 1e-12))
        },
      ),
      { seed: 13, numRuns: 500 },
    )
  })
  it('on generated groups and links: feasible, and max-min fair (each group is at its cap or has the most on a full link)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ cap: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.constant(INF)), n: fc.integer({ min: 0, max: 4 }), links: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 3 }) }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 4, maxLength: 4 }),
        (groups, capacity) => {
          const out = fill(
            groups.map((g) => g.n),
            groups.map((g) => g.cap),
            groups.map((g) => g.links),
            capacity,
          )
          const load = capacity.map((_, l) => groups.reduce((sum, g, i) => sum + (g.links.includes(l) ? g.n * out[i]! : 0), 0))
          load.forEach((x, l) => expect(x).toBeLessThanOrEqual(capacity[l]! * (1 + 1e-9)))
          groups.forEach((g, i) => {
            if (g.n === 0) return expect(out[i]).toBe(0)
            expect(out[i]!).toBeLessThanOrEqual(g.cap)
            if (out[i]! >= g.cap * (1 - 1e-9)) return
            // A bottleneck: a link g uses that is full, on which no group gets more than g.
            const bottleneck = g.links.some((l) => load[l]! >= capacity[l]! * (1 - 1e-9) && groups.every((h, k) => h.n === 0 || !h.links.includes(l) || out[k]! <= out[i]! * (1 + 1e-9)))
            expect(bottleneck).toBe(true)
          })
        },
      ),
      { seed: 14, numRuns: 1000 },
    )
  })
})

/** f(t) = 1 - exp(-t): rising, concave. */
class Saturating implements Curve {
  slope = 0
  calls = 0
  value(t: number): number {
    this.calls++
    this.slope = Math.exp(-t)
    return 1 - Math.exp(-t)
  }
}

describe('newtonToLevel', () => {
  it('reaches the level of 1 - exp(-t) = 1/2 at ln 2 from below', () => {
    const f = new Saturating()
    const at = newtonToLevel(f, 0, f.value(0), f.slope, 0.5, 100)
    // within 1e-7 of it: the last iterate before a step below 1e-7 (t + step, rounded, could
    // land past the crossing)
    expect(at).toBeNear(Math.LN2, 1e-7)
    expect(at).toBeLessThanOrEqual(Math.LN2)
    // from the safe side: the curve there is not above the level
    expect(1 - Math.exp(-at)).toBeLessThanOrEqual(0.5 + 1e-15)
  })
  it('a straight line: one step', () => {
    const line: Curve = { slope: 2, value: (t) => 2 * t }
    expect(newtonToLevel(line, 1, 2, 2, 10, 100)).toBe(5)
  })
  it('returns endT exactly when the tangent reaches the level only at or after endT', () => {
    const f = new Saturating()
    // tangent at 0: t, reaches 0.5 at 0.5 > endT = 0.4
    expect(newtonToLevel(f, 0, 0, 1, 0.5, 0.4)).toBe(0.4)
  })
  it('Infinity when the curve stops rising below the level', () => {
    const flat: Curve = { slope: 0, value: () => 3 }
    expect(newtonToLevel(flat, 0, 3, 0, 5, 100)).toBe(Number.POSITIVE_INFINITY)
    // min(t, 2) towards 3: one step to t = 3, where it is flat at 2
    const ramp: Curve & { slope: number } = {
      slope: 1,
      value(t) {
        this.slope = t < 2 ? 1 : 0
        return Math.min(t, 2)
      },
    }
    expect(newtonToLevel(ramp, 0, 0, 1, 3, 100)).toBe(Number.POSITIVE_INFINITY)
  })
  it('already at the level: the start', () => {
    const f = new Saturating()
    expect(newtonToLevel(f, 3, 0.99, 0.05, 0.5, 100)).toBe(3)
    expect(f.calls).toBe(0)
  })
  it('never beyond the crossing on generated saturating curves', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0.1, max: 100, noNaN: true }), (level, scale) => {
        // f(t) = scale * (1 - exp(-t / scale)): crossing at -scale * ln(1 - level)
        const f: Curve & { slope: number } = {
          slope: 0,
          value(t) {
            this.slope = Math.exp(-t / scale)
            return scale * -Math.expm1(-t / scale)
          },
        }
        const exact = -scale * Math.log1p(-level)
        const at = newtonToLevel(f, 0, 0, 1, level * scale, 1e9)
        expect(at).toBeLessThanOrEqual(exact * (1 + 1e-12))
        expect(at).toBeNear(exact, 1e-6)
      }),
      { seed: 13, numRuns: 300 },
    )
  })
})
