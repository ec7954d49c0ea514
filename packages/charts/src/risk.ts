// The risk of Monte Carlo replications, in three charts: the empirical CDF "P(full by day d)" per
// datastore, the histogram of the day it first filled, and a fan chart of its use (median and
// 5-95 % band over time), plus the heatmap of a parameter sweep.

import type { RiskSummary, SweepSummary } from '@snapsim/risk'
import { timeX, zoomParam } from './common.ts'
import { resolve, type ChartContext } from './context.ts'
import { chartConfig, colors } from './theme.ts'
import { formatWall } from './time.ts'
import { formatBytes, unitFor } from './units.ts'
import type { TopLevelSpec } from './vl.ts'

const pct = (p: number) => `${(p * 100).toFixed(1)} %`

/** Step lines of P(full by the end of day d), one per datastore, with P(full)'s interval in the title. */
export function fullByDaySpec(risk: RiskSummary, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const values = risk.datastores.flatMap((d) => [{ datastore: d.id, day: 0, p: 0 }, ...d.fullByDay.map((x) => ({ datastore: d.id, day: x.day, p: x.p }))])
  const intervals = risk.datastores.map((d) => ({ datastore: d.id, day: Math.ceil(risk.horizonSeconds / 86400), low: d.pFull.low, high: d.pFull.high, p: d.pFull.estimate }))
  const subtitle = risk.datastores.map((d) => `${d.id}: P(full) ${pct(d.pFull.estimate)} (95 % interval ${pct(d.pFull.low)}–${pct(d.pFull.high)})`)
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: { text: `P(full by day d) over ${risk.replications} replications`, subtitle },
    width: r.width,
    height: 220,
    layer: [
      {
        data: { values },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'day', type: 'quantitative', title: 'day of the horizon' },
          y: { field: 'p', type: 'quantitative', title: 'P(full by day d)', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
          color: { field: 'datastore', type: 'nominal', title: 'datastore' },
          tooltip: [
            { field: 'datastore', type: 'nominal' },
            { field: 'day', type: 'quantitative' },
            { field: 'p', type: 'quantitative', format: '.1%', title: 'P(full by then)' },
          ],
        },
      },
      {
        data: { values: intervals },
        mark: { type: 'errorbar', ticks: true },
        encoding: {
          x: { field: 'day', type: 'quantitative' },
          y: { field: 'low', type: 'quantitative', title: 'P(full by day d)' },
          y2: { field: 'high' },
          color: { field: 'datastore', type: 'nominal' },
        },
      },
    ],
  }
}

/** Histogram of the day of the first fill, per datastore (only replications that filled). */
export function timeToFullSpec(risk: RiskSummary, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const values = risk.datastores.flatMap((d) => (d.timeToFull ? d.timeToFull.histogram.map((b) => ({ datastore: d.id, from: b.x0 / 86400, to: b.x1 / 86400, count: b.count })) : []))
  const none = risk.datastores.filter((d) => d.timeToFull === null).map((d) => d.id)
  const subtitle = none.length > 0 ? `no replication filled ${none.join(', ')}` : `replications that filled, by the day they filled`
  if (values.length === 0) {
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: chartConfig,
      title: { text: 'When the datastore filled', subtitle },
      width: r.width,
      height: 60,
      data: { values: [{ text: `no replication filled ${none.join(', ')} within the horizon` }] },
      mark: { type: 'text', fontSize: 14 },
      encoding: { text: { field: 'text', type: 'nominal' } },
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: { text: 'When the datastore filled', subtitle },
    width: r.width,
    height: 200,
    data: { values },
    mark: { type: 'bar', opacity: 0.8 },
    encoding: {
      x: { field: 'from', type: 'quantitative', title: 'day of the first fill', bin: { binned: true } },
      x2: { field: 'to' },
      y: { field: 'count', type: 'quantitative', title: 'replications', stack: null },
      color: { field: 'datastore', type: 'nominal', title: 'datastore' },
      tooltip: [
        { field: 'datastore', type: 'nominal' },
        { field: 'from', type: 'quantitative', format: '.1f', title: 'from day' },
        { field: 'to', type: 'quantitative', format: '.1f', title: 'to day' },
        { field: 'count', type: 'quantitative', title: 'replications' },
      ],
    },
  }
}

/** Fan chart per datastore: the 5-95 % band and the median of use, with the capacity rule. */
export function fanSpec(risk: RiskSummary, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: { text: 'Datastore use over the replications', subtitle: 'median and 5–95 % band' },
    vconcat: risk.datastores.map((d) => {
      const unit = unitFor(d.capacityBytes)
      const values = d.fan.map((f) => {
        const x = r.clock(f.t)
        return { x, time: formatWall(x), p05: f.p05 / unit.bytes, p50: f.p50 / unit.bytes, p95: f.p95 / unit.bytes, text: `${formatBytes(f.p05)} – ${formatBytes(f.p50)} – ${formatBytes(f.p95)}` }
      })
      const alarms = (ctx.alarms?.[d.id] ?? []).map((a) => ({ y: (a.fraction * d.capacityBytes) / unit.bytes, label: `${a.name} ${pct(a.fraction)}` }))
      return {
        title: { text: d.id, anchor: 'start' as const },
        width: r.width,
        height: 200,
        layer: [
          {
            data: { values },
            params: [zoomParam],
            mark: { type: 'area' as const, color: colors.base, opacity: 0.7 },
            encoding: {
              x: timeX('x'),
              y: { field: 'p05', type: 'quantitative' as const, title: `used (${unit.name})`, scale: { domainMin: 0 } },
              y2: { field: 'p95' },
              tooltip: [
                { field: 'time', type: 'nominal' as const, title: 'time' },
                { field: 'text', type: 'nominal' as const, title: '5 % – median – 95 %' },
              ],
            },
          },
          {
            data: { values },
            mark: { type: 'line' as const, color: colors.used },
            encoding: { x: timeX('x'), y: { field: 'p50', type: 'quantitative' as const } },
          },
          {
            data: { values: [{ y: d.capacityBytes / unit.bytes, label: `capacity ${formatBytes(d.capacityBytes)}` }, ...alarms] },
            mark: { type: 'rule' as const, strokeDash: [4, 3] },
            encoding: {
              y: { field: 'y', type: 'quantitative' as const },
              color: { condition: { test: "indexof(datum.label, 'capacity') === 0", value: colors.capacity }, value: colors.alarm },
            },
          },
        ],
      }
    }),
  }
}

/**
 * Heatmap of P(any datastore full) over two sweep parameters; with more parameters each cell
 * shows the worst (max) over the others. The cheapest point meeting the target is outlined.
 */
export function sweepHeatmapSpec(sweep: SweepSummary, xPath?: string, yPath?: string): TopLevelSpec {
  const paths = sweep.parameters.map((p) => p.path)
  const x = xPath ?? paths[0]!
  const y = yPath ?? paths[1] ?? paths[0]!
  const cells = new Map<string, { x: string; y: string; p: number; low: number; high: number; safe: boolean }>()
  for (const point of sweep.points) {
    const key = `${point.values[x]}|${point.values[y]}`
    const f = point.risk.pAnyFull
    const cell = cells.get(key)
    const safe = sweep.target?.cheapest === point.index
    if (!cell || f.estimate > cell.p) cells.set(key, { x: String(point.values[x]), y: String(point.values[y]), p: f.estimate, low: f.low, high: f.high, safe: safe || (cell?.safe ?? false) })
    else if (safe) cell.safe = true
  }
  const others = paths.filter((p) => p !== x && p !== y)
  const order = (path: string) => sweep.parameters.find((p) => p.path === path)!.values.map(String)
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: {
      text: `P(full) over the sweep (${sweep.replications} replications per point)`,
      subtitle: [
        ...(sweep.target ? [`outlined: the cheapest point with ${sweep.target.text}`] : []),
        ...(others.length > 0 ? [`each cell: the worst over ${others.join(', ')}`] : []),
      ],
    },
    data: { values: [...cells.values()] },
    width: Math.max(200, 90 * order(x).length),
    height: Math.max(80, 40 * order(y).length),
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'x', type: 'ordinal', title: x, sort: order(x) },
          y: { field: 'y', type: 'ordinal', title: y, sort: order(y) },
          color: { field: 'p', type: 'quantitative', title: 'P(full)', scale: { domain: [0, 1], scheme: 'reds' }, legend: { format: '.0%' } },
          stroke: { condition: { test: 'datum.safe', value: '#111' }, value: null },
          strokeWidth: { condition: { test: 'datum.safe', value: 3 }, value: 0 },
          tooltip: [
            { field: 'x', type: 'nominal', title: x },
            { field: 'y', type: 'nominal', title: y },
            { field: 'p', type: 'quantitative', format: '.1%', title: 'P(full)' },
            { field: 'low', type: 'quantitative', format: '.1%', title: '95 % low' },
            { field: 'high', type: 'quantitative', format: '.1%', title: '95 % high' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 12 },
        encoding: {
          x: { field: 'x', type: 'ordinal', sort: order(x) },
          y: { field: 'y', type: 'ordinal', sort: order(y) },
          text: { field: 'p', type: 'quantitative', format: '.0%' },
          color: { condition: { test: 'datum.p > 0.5', value: 'white' }, value: 'black' },
        },
      },
    ],
  }
}

export interface RiskSpecs {
  readonly fullByDay: TopLevelSpec
  readonly timeToFull: TopLevelSpec
  readonly fan: TopLevelSpec
  readonly sweep?: TopLevelSpec
}

export function riskSpecs(risk: RiskSummary, ctx: ChartContext, sweep?: SweepSummary): RiskSpecs {
  return {
    fullByDay: fullByDaySpec(risk, ctx),
    timeToFull: timeToFullSpec(risk, ctx),
    fan: fanSpec(risk, ctx),
    ...(sweep ? { sweep: sweepHeatmapSpec(sweep) } : {}),
  }
}
