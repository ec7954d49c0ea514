// The Monte Carlo charts and report sections, from a hand-made RiskSummary: two datastores, one
// filled in 2 of 4 replications (on day 2 and day 3), one never full.

import { describe, expect, it } from 'vitest'
import type { RiskSummary, SweepSummary } from '@snapsim/risk'
import { summarizeSample, wilson } from '@snapsim/risk'
import { fanSpec, fullByDaySpec, renderReport, renderReportHtml, sweepCells, sweepHeatmapSpec, sweepTable, timeToFullSpec, toSvg, type TopLevelSpec } from './index.ts'
import { overlapResult, reportData } from './fixtures.test-helpers.ts'

const TiB = 2 ** 40
const DAY = 86400
/** Monday 2026-01-05 00:00 UTC. */
const START = Date.UTC(2026, 0, 5)
const ctx = { startEpochMs: START, timezone: 'UTC' }

const HOSTILE_DS = '<img src=x onerror=alert(1)>'
const HOSTILE_FILE = "scen'<b>.yaml"

function risk(id = 'ds1', other = 'ds2'): RiskSummary {
  return {
    scenario: 's',
    file: 'f.yaml',
    seed: '1',
    timezone: 'UTC',
    start: '2026-01-05T00:00:00+00:00',
    startEpochMs: START,
    horizonSeconds: 3 * DAY,
    replications: 4,
    grid: [0, DAY],
    pAnyFull: wilson(2, 4),
    datastores: [
      {
        id,
        capacityBytes: 10 * TiB,
        pFull: wilson(2, 4),
        timeToFull: summarizeSample([1.25 * DAY, 2.5 * DAY]),
        fullByDay: [
          { day: 1, p: 0 },
          { day: 2, p: 0.25 },
          { day: 3, p: 0.5 },
        ],
        fan: [
          { t: 0, p05: 5 * TiB, p50: 6 * TiB, p95: 7 * TiB },
          { t: DAY, p05: 6 * TiB, p50: 8 * TiB, p95: 10 * TiB },
        ],
        peakUsedFraction: summarizeSample([0.8, 1, 1, 0.9]),
      },
      {
        id: other,
        capacityBytes: TiB,
        pFull: wilson(0, 4),
        timeToFull: null,
        fullByDay: [
          { day: 1, p: 0 },
          { day: 2, p: 0 },
          { day: 3, p: 0 },
        ],
        fan: [
          { t: 0, p05: 0.5 * TiB, p50: 0.5 * TiB, p95: 0.5 * TiB },
          { t: DAY, p05: 0.5 * TiB, p50: 0.6 * TiB, p95: 0.7 * TiB },
        ],
        peakUsedFraction: summarizeSample([0.5, 0.6, 0.6, 0.7]),
      },
    ],
    vmsStopped: summarizeSample([0, 3, 0, 2]),
    downtimeSeconds: summarizeSample([0, 7200, 0, 3600]),
    backupsOverlapped: summarizeSample([0]),
    backupsFailed: summarizeSample([0]),
    snapshotsOrphaned: summarizeSample([0]),
    worst: { replication: 1, seed: '1/r1', firstFullAt: 1.25 * DAY, downtimeSeconds: 7200 },
  }
}

/** A 2 × 3 sweep (a ∈ {x, y}, b ∈ {1, 2, 3}); point i has P(full) = (5 - i) / 5; the target picks point 4. */
function sweep(extra: Partial<SweepSummary> = {}): SweepSummary {
  const r = risk()
  return {
    scenario: 's',
    parameters: [
      { path: 'a', values: ['x', 'y'] },
      { path: 'b', values: [1, 2, 3] },
    ],
    replications: 5,
    points: [0, 1, 2, 3, 4, 5].map((i) => ({
      index: i,
      values: { a: ['x', 'y'][Math.floor(i / 3)]!, b: (i % 3) + 1 },
      cost: Math.floor(i / 3) + (i % 3),
      risk: { ...r, pAnyFull: wilson(5 - i, 5) },
    })),
    target: { text: 'P(full) < 90%', cheapest: 4 },
    ...extra,
  }
}

type Values = Record<string, unknown>[]
const layers = (spec: TopLevelSpec) => (spec as unknown as { layer: { data?: { values: Values }; encoding: Record<string, { field?: string }>; mark: { type: string } }[] }).layer
const vconcat = (spec: TopLevelSpec) => (spec as unknown as { vconcat: { title: { text: string; subtitle: string[] | string }; data?: { values: Values }; layer?: ReturnType<typeof layers> }[] }).vconcat
const markCount = (svg: string) => (svg.match(/<(path|line|rect|text)\b/g) ?? []).length

describe('fullByDaySpec', () => {
  const spec = fullByDaySpec(risk(), ctx)
  const [line, horizon, bar, point] = layers(spec)

  it('steps from 0 to the share of replications full by the end of each day, on the calendar', () => {
    const ds1 = line!.data!.values.filter((v) => v.datastore === 'ds1')
    // and runs on flat into the margin right of the horizon
    expect(ds1.map((v) => [v.day, v.p])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0.25],
      [3, 0.5],
      [3, 0.5],
    ])
    // day d ends d × 24 h after the start, in wall-clock milliseconds
    expect(ds1.slice(0, 4).map((v) => v.x)).toEqual([0, 1, 2, 3].map((d) => START + d * DAY * 1000))
    expect(ds1[4]!.x).toBeGreaterThan(START + 3 * DAY * 1000)
    expect(horizon!.data!.values).toEqual([{ x: START + 3 * DAY * 1000 }])
    expect(ds1[2]!.end).toBe('2026-01-07 00:00')
    expect(line!.data!.values.filter((v) => v.datastore === 'ds2').every((v) => v.p === 0)).toBe(true)
    expect(line!.encoding.color!.field).toBe('datastore')
    expect((line!.encoding.y as { axis: { format: string } }).axis.format).toBe('.0%')
    expect(line!.mark).toMatchObject({ type: 'line', interpolate: 'step-after' })
  })

  it('draws the Wilson interval of P(full) at the end of the last day and says it in words', () => {
    const w = wilson(2, 4)
    expect(bar!.mark.type).toBe('errorbar')
    expect(bar!.data!.values[0]).toMatchObject({ datastore: 'ds1', day: 3, low: w.low, high: w.high, p: 0.5 })
    // the bars stand apart, right of the horizon
    const xs = bar!.data!.values.map((v) => v.x as number)
    expect(xs[0]).toBeGreaterThan(START + 3 * DAY * 1000)
    expect(xs[1]).toBeGreaterThan(xs[0]!)
    expect(point!.data!.values[1]).toMatchObject({ datastore: 'ds2', p: 0, low: 0 })
    const subtitle = (spec as unknown as { title: { subtitle: string[] } }).title.subtitle
    expect(subtitle[0]).toBe(`ds1: full in 2 of 4 replications, P(full) 50.0 % (95 % interval ${(w.low * 100).toFixed(1)}–${(w.high * 100).toFixed(1)} %)`)
    expect(subtitle[1]).toMatch(/^ds2: full in 0 of 4 replications, P\(full\) 0\.0 % \(95 % interval 0\.0–\d+\.\d %\)$/)
    expect(subtitle[2]).toMatch(/^any datastore: P\(full\) 50\.0 %/)
  })
})

describe('timeToFullSpec', () => {
  const spec = timeToFullSpec(risk(), ctx)
  const [ds1, ds2] = vconcat(spec)

  it('is a histogram in days since the start per datastore', () => {
    const bins = ds1!.data!.values as { from: number; to: number; count: number }[]
    // d3's bins: the first holds 1.25 d, the last 2.5 d; all as wide as d3 made them
    expect(bins[0]!.from).toBeLessThanOrEqual(1.25)
    expect(bins[0]!.to).toBeGreaterThan(1.25)
    expect(bins.at(-1)!.to).toBeGreaterThanOrEqual(2.5)
    expect(bins.every((b, i) => i === 0 || b.from === bins[i - 1]!.to)).toBe(true)
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(2)
    expect(ds1!.title.subtitle[0]).toMatch(/^filled in 2 of 4 replications; median 1 d 21 h \(Tue 06 Jan 21:00\)/)
  })

  it('says so when no replication filled a datastore', () => {
    expect(ds2!.data!.values).toEqual([{ text: 'no replication filled ds2 within the horizon' }])
  })

  it('gives a bin of equal values a width', () => {
    const r = risk()
    const one = { ...r, datastores: [{ ...r.datastores[0]!, timeToFull: summarizeSample([DAY]) }] }
    const [b] = vconcat(timeToFullSpec(one, ctx))[0]!.data!.values as { from: number; to: number }[]
    expect(b!.to - b!.from).toBeCloseTo(3 / 60, 9)
    expect((b!.from + b!.to) / 2).toBeCloseTo(1, 9)
  })
})

describe('fanSpec', () => {
  it('has the 5–95 % band, the median and the capacity rule at the capacity, in binary units', () => {
    const [band, median, rules] = vconcat(fanSpec(risk(), ctx))[0]!.layer!
    expect(band!.mark.type).toBe('area')
    expect([band!.encoding.y!.field, band!.encoding.y2!.field]).toEqual(['p05', 'p95'])
    expect(band!.data!.values[1]).toMatchObject({ x: START + DAY * 1000, p05: 6, p50: 8, p95: 10, text: '6 TiB – 8 TiB – 10 TiB' })
    expect(median!.encoding.y!.field).toBe('p50')
    expect((band!.encoding.y as { title: string }).title).toBe('used (TiB)')
    expect(rules!.data!.values[0]).toEqual({ kind: 'capacity', y: 10, label: 'capacity 10 TiB' })
    // no configured alarms: core's defaults, as in the use chart
    expect(rules!.data!.values.slice(1).map((v) => v.y)).toEqual([7.5, 8.5])
  })

  it('draws the configured alarm levels', () => {
    const spec = fanSpec(risk(), { ...ctx, alarms: { ds2: [{ name: 'warn', fraction: 0.5 }] } })
    const rules = vconcat(spec)[1]!.layer![2]!
    expect(rules.data!.values).toEqual([
      { kind: 'capacity', y: 1024, label: 'capacity 1 TiB' },
      { kind: 'alarm', y: 512, label: 'warn 50 %' },
    ])
  })
})

describe('the risk charts render to SVG', () => {
  it.each([
    ['fullByDay', fullByDaySpec],
    ['timeToFull', timeToFullSpec],
    ['fan', fanSpec],
  ] as const)('%s', async (_, build) => {
    const svg = await toSvg(build(risk(), ctx))
    expect(svg.startsWith('<svg')).toBe(true)
    expect(markCount(svg)).toBeGreaterThan(10)
  })

  it('the histogram says "no replication filled" as text when nothing filled', async () => {
    const r = risk()
    const none = { ...r, datastores: [r.datastores[1]!] }
    expect(await toSvg(timeToFullSpec(none, ctx))).toContain('no replication filled ds2 within the horizon')
  })
})

describe('sweepHeatmapSpec and sweepTable', () => {
  it('has one cell per point with its P(full), the cheapest safe point outlined', async () => {
    const spec = sweepHeatmapSpec(sweep())
    const cells = (spec as unknown as { data: { values: { x: string; y: string; p: number; cheapest: boolean }[] } }).data.values
    expect(cells).toHaveLength(6)
    expect(cells.map((c) => [c.x, c.y, c.p])).toEqual([
      ['x', '1', 1],
      ['x', '2', 0.8],
      ['x', '3', 0.6],
      ['y', '1', 0.4],
      ['y', '2', 0.2],
      ['y', '3', 0],
    ])
    expect(cells.filter((c) => c.cheapest)).toEqual([expect.objectContaining({ x: 'y', y: '2', p: 0.2 })])
    const [rect, outline, text] = layers(spec)
    expect(rect!.encoding.color!.field).toBe('p')
    expect((outline as unknown as { transform: unknown }).transform).toEqual([{ filter: 'datum.cheapest' }])
    expect(text!.encoding.text!.field).toBe('p')
    const svg = await toSvg(spec)
    expect(svg).toContain('20.0%')
    expect(svg).toContain('stroke="#111"')
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(6)
  })

  it('takes the axes given, and the maximum over any other parameter (said in the subtitle)', () => {
    const s = sweep()
    const three: SweepSummary = {
      ...s,
      parameters: [...s.parameters, { path: 'c', values: ['lo', 'hi'] }],
      points: s.points.flatMap((p) => [
        { ...p, index: 2 * p.index, values: { ...p.values, c: 'lo' } },
        { ...p, index: 2 * p.index + 1, values: { ...p.values, c: 'hi' }, risk: { ...p.risk, pAnyFull: wilson(5, 5) } },
      ]),
      target: { text: 'P(full) < 90%', cheapest: 8 },
    }
    const cells = sweepCells(three, 'b', 'a')
    expect(cells).toHaveLength(6)
    expect(cells.every((c) => c.p === 1 && c.points === 2)).toBe(true)
    expect(cells.filter((c) => c.cheapest)).toEqual([expect.objectContaining({ x: '2', y: 'y' })])
    const spec = sweepHeatmapSpec(three, 'b', 'a') as unknown as { title: { subtitle: string[] } }
    expect(spec.title.subtitle).toContain('each cell: the maximum over c')
    expect(() => sweepHeatmapSpec(three, 'nope')).toThrow(/no sweep parameter "nope"/)
  })

  it('a one-parameter sweep is one row', async () => {
    const s = sweep()
    const one: SweepSummary = { ...s, parameters: [s.parameters[1]!], points: s.points.slice(0, 3).map((p) => ({ ...p, values: { b: p.values.b! } })), target: null }
    expect(sweepCells(one).map((c) => [c.x, c.y])).toEqual([
      ['1', ''],
      ['2', ''],
      ['3', ''],
    ])
    expect(markCount(await toSvg(sweepHeatmapSpec(one)))).toBeGreaterThan(3)
  })

  it('sweepTable: one row per point with values, P(full), the median time to full, cost and the cheapest', () => {
    const { columns, rows } = sweepTable(sweep())
    expect(columns).toEqual(['a', 'b'])
    expect(rows).toHaveLength(6)
    expect(rows[4]).toMatchObject({ index: 4, values: { a: 'y', b: 2 }, cost: 2, cheapest: true, medianDatastore: 'ds1' })
    expect(rows[4]!.pFull).toEqual(wilson(1, 5))
    expect(rows[4]!.medianTimeToFull).toBeCloseTo(1.875 * DAY, 6)
    expect(rows.filter((r) => r.cheapest)).toHaveLength(1)
  })
})

describe('the report with a risk and a sweep section', () => {
  const input = {
    title: 'mc',
    result: overlapResult('vm1', 'job1'),
    context: ctx,
    summaryLines: ['Over 4 replications the datastore filled in 2.', 'The charts below show the worst replication.'],
    risk: { ...risk(HOSTILE_DS), file: HOSTILE_FILE, seed: '<s>' },
    sweep: sweep({ parameters: [{ path: '<p>', values: ['x', 'y'] }, sweep().parameters[1]!] }),
  }
  input.sweep = { ...input.sweep, points: input.sweep.points.map((p) => ({ ...p, values: { '<p>': p.values.a!, b: p.values.b! } })) }
  const html = renderReportHtml(input)
  const outside = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '<script></script>')

  it('puts the risk section right after the summary, then the sweep, then the example run', () => {
    const order = ['id="summary"', 'id="risk"', 'id="risk-figures"', 'id="chart-risk-fullByDay"', 'id="chart-risk-timeToFull"', 'id="chart-risk-fan"', 'id="sweep-section"', 'id="chart-sweep-heatmap"', 'id="sweep"', 'id="figures"', 'id="chart-use"', 'id="log"', 'id="snapsim-data"'].map((s) =>
      html.indexOf(s),
    )
    expect(order.every((i) => i > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(html).toContain('<h2>Risk over 4 replications</h2>')
    expect(html).toContain('<h2>Parameter sweep</h2>')
    expect(reportData(html).order).toEqual(['risk-fullByDay', 'risk-timeToFull', 'risk-fan', 'sweep-heatmap', 'use', 'backups', 'deltas', 'states'])
  })

  it('has the key figures: P(full) with interval, time to full, expected downtime, the worst replication and its replay', () => {
    const figures = /<dl class="figures" id="risk-figures">([\s\S]*?)<\/dl>/.exec(html)![1]!
    expect(figures).toContain(`<dt>P(&#60;img src=x onerror=alert(1)&#62; full)</dt><dd>50.0 % (95 % interval`)
    expect(figures).toContain('<dd>never full in 4 replications</dd>')
    expect(figures).toContain('median 1 d 21 h (2026-01-06 21:00)')
    expect(figures).toContain('<dt>Expected downtime</dt><dd>45 min of VM downtime per replication')
    expect(figures).toContain('replication 1 (seed 1/r1): first full 2026-01-06 06:00 (after 1 d 06 h), downtime 2 h 00 min')
    expect(figures).toContain(`<code>snapsim run &#39;scen&#39;\\&#39;&#39;&#60;b&#62;.yaml&#39; --replication 1</code>`)
  })

  it('lists every sweep point, the cheapest safe one highlighted', () => {
    const table = /<table id="sweep">[\s\S]*?<\/table>/.exec(html)![0]
    expect(table.match(/<tr/g)).toHaveLength(7)
    expect(table).toContain('<th>&#60;p&#62;</th>')
    const safe = table.match(/<tr class="safe">.*?<\/tr>/g)!
    expect(safe).toHaveLength(1)
    expect(safe[0]).toContain('<td class="num">4</td><td>y</td><td>2</td><td class="num">20.0 %</td>')
    expect(safe[0]).toContain('1 d 21 h')
    expect(html).toContain('The cheapest point with P(full) &#60; 90% (upper end of the 95 % interval): point 4, &#60;p&#62; = y, b = 2 (highlighted).')
  })

  it('escapes hostile datastore ids, file names and parameter paths outside scripts', () => {
    expect(outside).not.toContain('<img')
    expect(outside).not.toContain('<th><p>')
    expect(outside).not.toContain('<b>')
    expect(outside).not.toContain('<s>')
  })

  it('renders the risk and sweep charts as SVG in static mode', async () => {
    const page = await renderReport({ ...input, static: true })
    expect(page).not.toContain('vegaEmbed(')
    const between = (a: string, b: string) => page.slice(page.indexOf(a), page.indexOf(b))
    expect(between('id="risk"', 'id="sweep-section"').match(/<svg/g)).toHaveLength(3)
    expect(between('id="sweep-section"', 'id="sweep"').match(/<svg/g)).toHaveLength(1)
    expect(page).toContain('no replication filled ds2 within the horizon')
    expect(page.match(/<script\b/g)).toHaveLength(1)
  })

  it('a sweep alone gets its section without the risk one', () => {
    const { risk: _, ...rest } = input
    const only = renderReportHtml({ ...rest, sweep: sweep({ target: { text: 'P(full) < 1%', cheapest: null } }) })
    expect(only).not.toContain('id="risk"')
    expect(only).toContain('No point shows P(full) &#60; 1% at 95 % confidence')
    expect(only).not.toContain('class="safe"')
  })
})
