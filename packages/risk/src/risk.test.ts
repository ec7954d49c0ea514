import { describe, expect, it } from 'vitest'
import { aggregate, type AggregateMeta } from './aggregate.ts'
import { summarizeSample } from './distribution.ts'
import { sampleSeries, timeGrid } from './record.ts'
import type { ReplicationRecord } from './types.ts'
import { wilson } from './wilson.ts'

describe('Wilson score interval', () => {
  it('matches values worked out by hand', () => {
    // 5 of 10: centre 0.5, half-width 1.96 sqrt(0.025 + 0.0096) / 1.3842 = 0.2634
    const half = wilson(5, 10)
    expect(half.estimate).toBe(0.5)
    expect(half.low).toBeCloseTo(0.2366, 4)
    expect(half.high).toBeCloseTo(0.7634, 4)
    // 0 of 10: [0, z^2 / (n + z^2)] = [0, 0.2775]
    const none = wilson(0, 10)
    expect(none.low).toBe(0)
    expect(none.high).toBeCloseTo(3.8415 / 13.8415, 4)
    // 10 of 10 mirrors it
    expect(wilson(10, 10).low).toBeCloseTo(1 - none.high, 12)
  })
})

describe('sample summaries', () => {
  it('mean, range, quantiles and a histogram that counts every value', () => {
    const s = summarizeSample([4, 1, 3, 2, 5])
    expect(s.mean).toBe(3)
    expect([s.min, s.max]).toEqual([1, 5])
    expect(s.quantiles.find((q) => q.p === 0.5)!.value).toBe(3)
    expect(s.quantiles.find((q) => q.p === 0.25)!.value).toBe(2)
    expect(s.histogram.reduce((n, b) => n + b.count, 0)).toBe(5)
  })
})

describe('series sampling', () => {
  it('interpolates between points and takes the last point of a drop', () => {
    const t = [0, 10, 10, 20]
    const used = [0, 100, 40, 60]
    expect(sampleSeries(t, used, [0, 5, 10, 15, 20])).toEqual([0, 50, 40, 50, 60])
    expect(timeGrid(100, 4)).toEqual([0, 25, 50, 75, 100])
  })
})

describe('aggregate', () => {
  const grid = [0, 86400, 172800]
  const meta: AggregateMeta = {
    scenario: 's',
    file: 'f.yaml',
    seed: '1',
    timezone: 'UTC',
    start: '2026-01-05T00:00:00+00:00',
    startEpochMs: 0,
    horizonSeconds: 172800,
    grid,
    capacities: [{ id: 'ds', capacityBytes: 100 }],
  }
  const record = (replication: number, fullAt: number | null, downtime = 0): ReplicationRecord => ({
    replication,
    seed: `1/r${replication}`,
    datastores: [{ id: 'ds', fullAt, peakUsedFraction: fullAt === null ? 0.5 : 1, use: [50, 50 + replication, fullAt === null ? 60 : 100] }],
    firstFullAt: fullAt,
    vmsStopped: fullAt === null ? 0 : 3,
    downtimeSeconds: downtime,
    backupsOverlapped: 0,
    backupsFailed: 0,
    backupsSkipped: 0,
    snapshotsOrphaned: 0,
  })
  const records = [record(0, null), record(1, 100000, 5), record(2, 50000, 7), record(3, null)]

  it('P(full) with its interval, the ECDF by day, the worst replication', () => {
    const r = aggregate(meta, records)
    const ds = r.datastores[0]!
    expect(ds.pFull).toEqual(wilson(2, 4))
    expect(ds.fullByDay).toEqual([
      { day: 1, p: 0.25 },
      { day: 2, p: 0.5 },
    ])
    expect(ds.timeToFull!.min).toBe(50000)
    expect(r.worst).toEqual({ replication: 2, seed: '1/r2', firstFullAt: 50000, downtimeSeconds: 7 })
    expect(r.pAnyFull.successes).toBe(2)
    expect(ds.fan[0]).toEqual({ t: 0, p05: 50, p50: 50, p95: 50 })
  })

  it('does not depend on the order the records arrive in (workers, shards)', () => {
    const a = JSON.stringify(aggregate(meta, records))
    const b = JSON.stringify(aggregate(meta, [records[3]!, records[1]!, records[0]!, records[2]!]))
    expect(b).toBe(a)
  })
})

describe('risk targets', () => {
  it('parse "P(full) < 1%" and judge by the upper end of the interval', async () => {
    const { parseTarget, replicationsToShow } = await import('./target.ts')
    expect(parseTarget('P(full) < 1%')).toEqual({ text: 'P(full) < 1%', bound: 0.01, inclusive: false })
    expect(parseTarget('P(full) <= 0.05').bound).toBe(0.05)
    expect(() => parseTarget('risk < 1%')).toThrow('expected something like')
    // 0 of n shows P < 1 % once z^2 / (n + z^2) < 0.01: n >= 381
    expect(replicationsToShow(0.01)).toBe(381)
    expect(wilson(0, 381).high).toBeLessThan(0.01)
    expect(wilson(0, 380).high).toBeGreaterThanOrEqual(0.01)
  })
})
