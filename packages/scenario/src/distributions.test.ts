import { describe, expect, it } from 'vitest'
import { meanOf, parseDistribution, sample, stream, type Distribution } from './distributions.ts'
import { parseScenario } from './load.ts'
import { parseRate, parseSize } from './units.ts'

const MiB = 2 ** 20

/** n draws from one named stream: fixed seeds, so these statistical tests are repeatable. */
function draws(d: Distribution, n = 20000): number[] {
  const rng = stream('test', 0, 'entity', 'purpose')
  return Array.from({ length: n }, () => sample(d, rng))
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const sd = (xs: number[]) => {
  const m = mean(xs)
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1))
}

describe('distributions have the right mean and spread', () => {
  // With n = 20000 the standard error of the mean is sd / 141; the bounds below are > 4 of them.
  it('uniform [a, b]: mean (a+b)/2, sd (b-a)/sqrt(12)', () => {
    const x = draws({ kind: 'uniform', low: 80, high: 160 })
    expect(Math.abs(mean(x) - 120)).toBeLessThan(0.7)
    expect(Math.abs(sd(x) - 80 / Math.sqrt(12))).toBeLessThan(0.5)
    expect(Math.min(...x)).toBeGreaterThanOrEqual(80)
    expect(Math.max(...x)).toBeLessThan(160)
  })

  it('lognormal by mean and coefficient of variation', () => {
    const x = draws({ kind: 'lognormal', mean: 8, cv: 0.4 })
    expect(Math.abs(mean(x) - 8)).toBeLessThan(0.1)
    expect(Math.abs(sd(x) / mean(x) - 0.4)).toBeLessThan(0.02)
    expect(Math.min(...x)).toBeGreaterThan(0)
  })

  it('normal truncated at 0 (far from 0: the plain normal)', () => {
    const x = draws({ kind: 'normal', mean: 100, sd: 30 })
    expect(Math.abs(mean(x) - 100)).toBeLessThan(1)
    expect(Math.abs(sd(x) - 30)).toBeLessThan(0.8)
    // truncation: a normal with mean 0 only yields non-negative values, mean sd * sqrt(2/pi)
    const half = draws({ kind: 'normal', mean: 0, sd: 10 })
    expect(Math.min(...half)).toBeGreaterThanOrEqual(0)
    expect(Math.abs(mean(half) - 10 * Math.sqrt(2 / Math.PI))).toBeLessThan(0.2)
  })

  it('triangular [a, c, b]: mean (a+b+c)/3, sd sqrt((a²+b²+c²-ab-ac-bc)/18)', () => {
    const x = draws({ kind: 'triangular', low: 0, mode: 3, high: 12 })
    expect(Math.abs(mean(x) - 5)).toBeLessThan(0.1)
    expect(Math.abs(sd(x) - Math.sqrt((0 + 144 + 9 - 0 - 0 - 36) / 18))).toBeLessThan(0.08)
  })

  it('empirical: each value equally often', () => {
    const x = draws({ kind: 'empirical', values: [1, 2, 3, 4] })
    for (const v of [1, 2, 3, 4]) expect(Math.abs(x.filter((y) => y === v).length / x.length - 0.25)).toBeLessThan(0.015)
    expect(meanOf({ kind: 'empirical', values: [1, 2, 3, 4] })).toBe(2.5)
  })
})

describe('parsing', () => {
  it('parameters take the key’s unit', () => {
    expect(parseDistribution({ lognormal: { mean: '8 MiB/s', cv: 0.4 }, per: 'day' }, parseRate)).toEqual({ distribution: { kind: 'lognormal', mean: 8 * MiB, cv: 0.4 }, per: 'day' })
    expect(parseDistribution({ uniform: ['80 MiB/s', '160 MiB/s'], per: 'run' }, parseRate).distribution).toEqual({ kind: 'uniform', low: 80 * MiB, high: 160 * MiB })
    expect(parseDistribution({ normal: { mean: '1 GiB', sd: '0.3 GiB' } }, parseSize).per).toBe('replication')
    expect(() => parseDistribution({ uniform: [2, 1] }, parseSize)).toThrow('low must not exceed high')
    expect(() => parseDistribution({ lognormal: { mean: 8, sd: 1 } }, parseSize)).toThrow('lognormal: missing `cv`')
    expect(() => parseDistribution({ uniform: [1, 2], normal: { mean: 1, sd: 1 } }, parseSize)).toThrow('exactly one of')
  })
})

describe('uncertain inputs in a scenario', () => {
  const text = `name: mc
horizon: 3d
datastores: [{ id: ds, capacity: 100 TiB }]
vms:
  - { id: web, count: 3, datastore: ds, disk: 100 GiB, used: { uniform: [10 GiB, 90 GiB] }, writeRate: { lognormal: { mean: 8 MiB/s, cv: 0.4 }, per: day } }
jobs:
  - { id: j, vms: ["*"], schedule: "0 20 * * *", streamThroughput: { uniform: [80 MiB/s, 160 MiB/s], per: run } }
`
  const load = (t: string, replication: number) => parseScenario(t, 'mc.yaml', { replication }).model

  it('draws once per replication, per day and per run, from streams named by replication and entity', () => {
    const a = load(text, 0)
    const again = load(text, 0)
    const b = load(text, 1)
    expect(again).toEqual(a)
    expect(b.vms[0]!.used).not.toBe(a.vms[0]!.used)
    // each expanded VM its own draw
    expect(new Set(a.vms.map((v) => v.used)).size).toBe(3)
    // per day: the mean rate and a factor for each day (4 for a 3-day horizon)
    expect(a.vms[0]!.writeRate).toBe(8 * MiB)
    expect(a.vms[0]!.dayFactors).toHaveLength(4)
    // per run: one cap per fire
    expect(a.jobs[0]!.streamThroughputPerRun).toHaveLength(3)
    expect(a.seed).toBe('1/r0')
  })

  it('adding a VM does not change the draws of the others (common random numbers)', () => {
    const more = text.replace('vms:\n', 'vms:\n  - { id: new, datastore: ds, disk: 10 GiB, used: { uniform: [1 GiB, 9 GiB] }, writeRate: 1 MiB/s }\n')
    const a = load(text, 5).vms
    const b = load(more, 5).vms.filter((v) => v.id !== 'new')
    expect(b).toEqual(a)
  })

  it('per: day is refused where it means nothing', () => {
    expect(() => parseScenario(text.replace('capacity: 100 TiB', 'capacity: { uniform: [1 TiB, 2 TiB], per: day }'), 'mc.yaml')).toThrow('per: day is not supported for this key')
  })
})
