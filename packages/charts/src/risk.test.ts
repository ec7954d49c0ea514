import { describe, expect, it } from 'vitest'
import type { RiskSummary, SweepSummary } from '@snapsim/risk'
import { summarizeSample, wilson } from '@snapsim/risk'
import { fanSpec, fullByDaySpec, sweepHeatmapSpec, timeToFullSpec } from './risk.ts'
import { toSvg } from './render.ts'

const TiB = 2 ** 40
const ctx = { startEpochMs: Date.UTC(2026, 0, 5), timezone: 'UTC' }

function risk(id = 'ds1'): RiskSummary {
  return {
    scenario: 's',
    file: 'f.yaml',
    seed: '1',
    timezone: 'UTC',
    start: '2026-01-05T00:00:00+00:00',
    startEpochMs: ctx.startEpochMs,
    horizonSeconds: 3 * 86400,
    replications: 4,
    grid: [0, 86400],
    pAnyFull: wilson(2, 4),
    datastores: [
      {
        id,
        capacityBytes: 10 * TiB,
        pFull: wilson(2, 4),
        timeToFull: summarizeSample([90000, 150000]),
        fullByDay: [
          { day: 1, p: 0 },
          { day: 2, p: 0.5 },
          { day: 3, p: 0.5 },
        ],
        fan: [
          { t: 0, p05: 5 * TiB, p50: 6 * TiB, p95: 7 * TiB },
          { t: 86400, p05: 6 * TiB, p50: 8 * TiB, p95: 10 * TiB },
        ],
        peakUsedFraction: summarizeSample([0.8, 1]),
      },
      { id: 'ds2', capacityBytes: TiB, pFull: wilson(0, 4), timeToFull: null, fullByDay: [{ day: 1, p: 0 }], fan: [{ t: 0, p05: 1, p50: 1, p95: 1 }], peakUsedFraction: summarizeSample([0.5]) },
    ],
    vmsStopped: summarizeSample([0, 3]),
    downtimeSeconds: summarizeSample([0, 10]),
    backupsOverlapped: summarizeSample([0]),
    backupsFailed: summarizeSample([0]),
    snapshotsOrphaned: summarizeSample([0]),
    worst: { replication: 1, seed: '1/r1', firstFullAt: 90000, downtimeSeconds: 10 },
  }
}

describe('risk charts', () => {
  it('the CDF starts at 0 and steps to the share full by each day; the interval sits at the horizon', () => {
    const spec = fullByDaySpec(risk(), ctx) as unknown as { layer: { data: { values: { datastore: string; day: number; p: number; low?: number; high?: number }[] } }[] }
    const ds1 = spec.layer[0]!.data.values.filter((v) => v.datastore === 'ds1')
    expect(ds1.map((v) => [v.day, v.p])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0.5],
      [3, 0.5],
    ])
    const bar = spec.layer[1]!.data.values[0]!
    expect([bar.day, bar.low, bar.high]).toEqual([3, wilson(2, 4).low, wilson(2, 4).high])
  })

  it('the histogram is in days; a datastore that never filled is named', () => {
    const spec = timeToFullSpec(risk(), ctx) as unknown as { data: { values: { datastore: string; from: number }[] }; title: { subtitle: string } }
    expect(spec.data.values.every((v) => v.datastore === 'ds1')).toBe(true)
    expect(spec.data.values[0]!.from).toBeCloseTo(90000 / 86400, 9)
    expect(spec.title.subtitle).toBe('no replication filled ds2')
  })

  it('the fan chart has the band, the median and the capacity rule at the capacity', () => {
    const spec = fanSpec(risk(), ctx) as unknown as { vconcat: { layer: { data: { values: Record<string, number | string>[] } }[] }[] }
    const [band, , rules] = spec.vconcat[0]!.layer
    expect(band!.data.values[1]).toMatchObject({ p05: 6, p50: 8, p95: 10 })
    expect(rules!.data.values[0]).toMatchObject({ y: 10, label: 'capacity 10 TiB' })
  })

  it('the sweep heatmap has a cell per point and outlines the cheapest safe one', async () => {
    const r = risk()
    const sweep: SweepSummary = {
      scenario: 's',
      parameters: [
        { path: 'a', values: ['x', 'y'] },
        { path: 'b', values: [1, 2, 3] },
      ],
      replications: 4,
      points: [0, 1, 2, 3, 4, 5].map((i) => ({ index: i, values: { a: ['x', 'y'][Math.floor(i / 3)]!, b: (i % 3) + 1 }, cost: Math.floor(i / 3) + (i % 3), risk: { ...r, pAnyFull: wilson(5 - i, 5) } })),
      target: { text: 'P(full) < 60%', cheapest: 4 },
    }
    const spec = sweepHeatmapSpec(sweep) as unknown as { data: { values: { x: string; y: string; p: number; safe: boolean }[] } }
    expect(spec.data.values).toHaveLength(6)
    expect(spec.data.values.filter((c) => c.safe)).toEqual([expect.objectContaining({ x: 'y', y: '2', p: 0.2 })])
    const svg = await toSvg(spec as never)
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(5)
  })
})
