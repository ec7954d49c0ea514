// The risk of Monte Carlo replications, in three charts: the empirical CDF "P(full by day d)" per
// datastore, the histogram of the time to the first fill, and a fan chart of its use (median and
// 5-95 % band over time); plus the heatmap and the table of a parameter sweep.

import { defaultAlarms } from '@snapsim/core'
import type { Distribution, Proportion, RiskSummary, SweepSummary } from '@snapsim/risk'
import { timeX, zoomParam } from './common.ts'
import { resolve, type ChartContext } from './context.ts'
import { chartConfig, colors } from './theme.ts'
import { formatDuration, formatWall, formatWallShort } from './time.ts'
import { formatBytes, unitFor } from './units.ts'
import type { ConcatItem, Layer, TopLevelSpec } from './vl.ts'

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'
const DAY = 86400

/** "12.5 %" (one decimal). */
export const formatPercent = (p: number): string => `${(p * 100).toFixed(1)} %`

/** "50.0 % (95 % interval 15.0–85.0 %)". */
export function formatProportion(f: Proportion): string {
  return `${formatPercent(f.estimate)} (95 % interval ${(f.low * 100).toFixed(1)}–${formatPercent(f.high)})`
}

/** The value of quantile `p` (0.05, 0.25, 0.5, 0.75, 0.95) of a distribution. */
export function quantile(d: Distribution, p: number): number {
  const q = d.quantiles.find((x) => Math.abs(x.p - p) < 1e-9)
  if (q === undefined) throw new Error(`the distribution has no ${p} quantile`)
  return q.value
}

/** The last day of the CDF (d = 1..days): the horizon rounded up to whole days. */
const horizonDays = (risk: RiskSummary) => Math.max(1, Math.ceil(risk.horizonSeconds / DAY))

/** One colour per datastore, the same in every risk chart (vega's category scheme, in result order). */
const datastoreColor = (risk: RiskSummary) => ({ domain: risk.datastores.map((d) => d.id) })

/**
 * Step lines of P(datastore full by the end of day d), one colour per datastore, on the scenario
 * calendar (day d ends d × 24 h after the start). The 95 % Wilson interval of the final P(full)
 * is an error bar at the end of the last day; the subtitle says it in words.
 */
export function fullByDaySpec(risk: RiskSummary, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const days = horizonDays(risk)
  const at = (day: number) => r.clock(day * DAY)
  // right of the last day, a margin where the line runs on flat and the error bars stand apart
  const n = risk.datastores.length
  const margin = (at(days) - at(0)) * Math.min(0.12, 0.03 * (n + 1))
  const end = at(days) + margin
  const barX = (i: number) => at(days) + (margin * (i + 1)) / (n + 1)
  const values = risk.datastores.flatMap((d) => {
    const steps = [{ day: 0, p: 0 }, ...d.fullByDay].map((x) => ({ datastore: d.id, day: x.day, x: at(x.day), end: formatWall(at(x.day)), p: x.p }))
    return [...steps, { ...steps.at(-1)!, x: end }]
  })
  const intervals = risk.datastores.map((d, i) => ({
    datastore: d.id,
    day: days,
    x: barX(i),
    p: d.pFull.estimate,
    low: d.pFull.low,
    high: d.pFull.high,
    text: formatProportion(d.pFull),
  }))
  const words = risk.datastores.map(
    (d) => `${d.id}: full in ${d.pFull.successes} of ${d.pFull.trials} replications, P(full) ${formatProportion(d.pFull)}`,
  )
  if (n > 1) words.push(`any datastore: P(full) ${formatProportion(risk.pAnyFull)}`)
  words.push('error bars right of the horizon: the 95 % interval of P(full)')
  const color = { field: 'datastore', type: 'nominal' as const, title: 'datastore', scale: datastoreColor(risk) }
  const tooltipP = { field: 'text', type: 'nominal' as const, title: 'P(full) in the horizon' }
  return {
    $schema: SCHEMA,
    config: chartConfig,
    title: { text: `P(datastore full by day d) over ${risk.replications} replications`, subtitle: words },
    width: r.width,
    height: 220,
    layer: [
      {
        data: { values },
        params: [zoomParam],
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
        encoding: {
          x: dayAxis(timeX('x', [at(0), end]), days),
          y: { field: 'p', type: 'quantitative', title: 'P(full by day d)', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
          color,
          tooltip: [
            { field: 'datastore', type: 'nominal', title: 'datastore' },
            { field: 'day', type: 'quantitative', title: 'day' },
            { field: 'end', type: 'nominal', title: 'by' },
            { field: 'p', type: 'quantitative', format: '.1%', title: 'P(full by then)' },
          ],
        },
      },
      {
        data: { values: [{ x: at(days) }] },
        mark: { type: 'rule', color: '#999', strokeDash: [2, 2] },
        encoding: { x: { field: 'x', type: 'temporal' } },
      },
      {
        data: { values: intervals },
        mark: { type: 'errorbar', ticks: true, thickness: 2 },
        encoding: {
          x: { field: 'x', type: 'temporal' },
          y: { field: 'low', type: 'quantitative', title: 'P(full by day d)' },
          y2: { field: 'high' },
          color,
          tooltip: [{ field: 'datastore', type: 'nominal', title: 'datastore' }, tooltipP],
        },
      },
      {
        data: { values: intervals },
        mark: { type: 'point', filled: true, size: 50 },
        encoding: {
          x: { field: 'x', type: 'temporal' },
          y: { field: 'p', type: 'quantitative' },
          color,
          tooltip: [{ field: 'datastore', type: 'nominal', title: 'datastore' }, tooltipP],
        },
      },
    ],
  }
}

/**
 * Day ticks for horizons of 2 to 21 days (the default ticks there alternate midnight and noon,
 * and hiding overlapping labels can drop every date); longer horizons keep the default.
 */
function dayAxis<T extends { axis: object }>(x: T, days: number): T {
  if (days < 2 || days > 21) return x
  return { ...x, axis: { ...x.axis, tickCount: { interval: 'day', step: Math.ceil(days / 12) } } }
}

/** A text-only chart (e.g. "no replication filled ds2"). */
function textChart(title: string, subtitle: string, text: string, width: number): ConcatItem {
  return {
    title: { text: title, subtitle },
    width,
    height: 40,
    data: { values: [{ text }] },
    mark: { type: 'text', fontSize: 14, align: 'left', baseline: 'middle', color: '#333' },
    encoding: { text: { field: 'text', type: 'nominal' }, x: { value: 0 }, y: { value: 20 } },
  }
}

/** "median 1 d 04 h (Tue 06 Jan 04:00), 5 %: …, 95 %: …" of a time-to-full distribution. */
function timeWords(d: Distribution, at: (t: number) => number): string {
  const q = (p: number) => `${formatDuration(quantile(d, p))} (${formatWallShort(at(quantile(d, p)))})`
  return `median ${q(0.5)}; 5 %: ${q(0.05)}; 95 %: ${q(0.95)}`
}

/**
 * Per datastore, the histogram of the time of its first fill, in days since the start, over the
 * replications in which it filled; a datastore no replication filled gets a chart that says so.
 */
export function timeToFullSpec(risk: RiskSummary, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const days = risk.horizonSeconds / DAY
  const color = datastoreColor(risk)
  const items: ConcatItem[] = risk.datastores.map((d) => {
    const title = `${d.id}: time to the first fill`
    if (d.timeToFull === null) return textChart(title, `${risk.replications} replications`, `no replication filled ${d.id} within the horizon`, r.width)
    // a bin of equal values has no width: give it one (1/60 of the horizon) so it shows
    const minWidth = days / 60
    const values = d.timeToFull.histogram.map((b) => {
      const from = b.x0 / DAY
      const to = b.x1 / DAY
      const widen = to <= from ? minWidth / 2 : 0
      return { datastore: d.id, from: from - widen, to: to + widen, range: `${formatDuration(b.x0)} – ${formatDuration(b.x1)}`, count: b.count }
    })
    return {
      title: { text: title, subtitle: [`filled in ${d.pFull.successes} of ${d.pFull.trials} replications; ${timeWords(d.timeToFull, r.clock)}`] },
      width: r.width,
      height: 160,
      data: { values },
      mark: { type: 'bar', opacity: 0.85 },
      encoding: {
        x: { field: 'from', type: 'quantitative', title: 'days since the start', bin: { binned: true }, scale: { domain: [0, days], nice: false } },
        x2: { field: 'to' },
        y: { field: 'count', type: 'quantitative', title: 'replications', axis: { tickMinStep: 1 } },
        color: { datum: d.id, type: 'nominal', scale: color, legend: null },
        tooltip: [
          { field: 'datastore', type: 'nominal', title: 'datastore' },
          { field: 'range', type: 'nominal', title: 'first full after' },
          { field: 'count', type: 'quantitative', title: 'replications' },
        ],
      },
    }
  })
  return {
    $schema: SCHEMA,
    config: chartConfig,
    title: { text: `When the datastore first filled (${risk.replications} replications)` },
    vconcat: items,
    resolve: { scale: { y: 'independent', x: 'independent' } },
  }
}

/**
 * Fan chart of use per datastore: the 5-95 % band (area) and the median (line) over the
 * replications, the capacity and the alarm levels (`ctx.alarms[id]`, else core's
 * `defaultAlarms`, as the use chart) as rules; sizes in one binary unit per datastore.
 */
export function fanSpec(risk: RiskSummary, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const domain: [number, number] = [r.clock(0), r.clock(risk.horizonSeconds)]
  return {
    $schema: SCHEMA,
    config: chartConfig,
    title: { text: `Datastore use over ${risk.replications} replications`, subtitle: 'median (line) and 5–95 % band (area) of the use at each time' },
    vconcat: risk.datastores.map((d) => {
      const unit = unitFor(d.capacityBytes)
      const values = d.fan.map((f) => {
        const x = r.clock(f.t)
        return {
          x,
          time: formatWall(x),
          p05: f.p05 / unit.bytes,
          p50: f.p50 / unit.bytes,
          p95: f.p95 / unit.bytes,
          text: `${formatBytes(f.p05)} – ${formatBytes(f.p50)} – ${formatBytes(f.p95)}`,
        }
      })
      const levels = [
        { kind: 'capacity', y: d.capacityBytes / unit.bytes, label: `capacity ${formatBytes(d.capacityBytes)}` },
        ...(ctx.alarms?.[d.id] ?? defaultAlarms).map((a) => ({ kind: 'alarm', y: (a.fraction * d.capacityBytes) / unit.bytes, label: `${a.name} ${Number((a.fraction * 100).toFixed(1))} %` })),
      ]
      const levelColor = { condition: { test: "datum.kind === 'capacity'", value: colors.capacity }, value: colors.alarm }
      const peak = quantile(d.peakUsedFraction, 0.5)
      const layers: Layer[] = [
        {
          data: { values },
          params: [zoomParam],
          mark: { type: 'area', color: colors.base, opacity: 0.75 },
          encoding: {
            x: dayAxis(timeX('x', domain), risk.horizonSeconds / DAY),
            y: { field: 'p05', type: 'quantitative', title: `used (${unit.name})`, scale: { domain: [0, (d.capacityBytes * 1.1) / unit.bytes], nice: false } },
            y2: { field: 'p95' },
            tooltip: [
              { field: 'time', type: 'nominal', title: 'time' },
              { field: 'text', type: 'nominal', title: '5 % – median – 95 %' },
            ],
          },
        },
        {
          data: { values },
          mark: { type: 'line', color: colors.used, strokeWidth: 1.5 },
          encoding: { x: { field: 'x', type: 'temporal' }, y: { field: 'p50', type: 'quantitative' } },
        },
        {
          data: { values: levels },
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: {
            y: { field: 'y', type: 'quantitative' },
            color: levelColor,
            strokeDash: { condition: { test: "datum.kind === 'alarm'", value: [4, 4] }, value: [1, 0] },
            tooltip: [{ field: 'label', type: 'nominal', title: 'level' }],
          },
        },
        {
          data: { values: levels },
          mark: { type: 'text', align: 'left', baseline: 'bottom', dy: -2, fontSize: 11 },
          encoding: { y: { field: 'y', type: 'quantitative' }, x: { value: 4 }, text: { field: 'label' }, color: levelColor },
        },
      ]
      return {
        title: {
          text: `Datastore ${d.id}`,
          subtitle: `P(full) ${formatProportion(d.pFull)}; median peak use ${formatPercent(peak)} of ${formatBytes(d.capacityBytes)}`,
        },
        width: r.width,
        height: 220,
        layer: layers,
      }
    }),
    resolve: { scale: { y: 'independent' } },
  }
}

/** The two parameters a sweep heatmap shows: the given ones, else the sweep's first two. */
function sweepAxes(sweep: SweepSummary, xPath?: string, yPath?: string): { x: string; y: string | null } {
  const paths = sweep.parameters.map((p) => p.path)
  if (paths.length === 0) throw new Error('the sweep has no parameters')
  for (const p of [xPath, yPath]) if (p !== undefined && !paths.includes(p)) throw new Error(`no sweep parameter "${p}" (parameters: ${paths.join(', ')})`)
  const x = xPath ?? paths[0]!
  const y = yPath ?? paths.find((p) => p !== x) ?? null
  return { x, y: y === x ? null : y }
}

/** One cell of the sweep heatmap. */
export interface SweepCell {
  readonly x: string
  readonly y: string
  /** P(any datastore full): the maximum over the points of the cell (one point unless more than two parameters). */
  readonly p: number
  readonly low: number
  readonly high: number
  /** The point whose P(full) the cell shows. */
  readonly point: number
  /** How many sweep points the cell covers. */
  readonly points: number
  /** The cell holds the cheapest point meeting the target. */
  readonly cheapest: boolean
}

/** The heatmap's cells: P(any full) over (x, y), the maximum over the other parameters. */
export function sweepCells(sweep: SweepSummary, xPath?: string, yPath?: string): SweepCell[] {
  const { x, y } = sweepAxes(sweep, xPath, yPath)
  const cells = new Map<string, { -readonly [K in keyof SweepCell]: SweepCell[K] }>()
  for (const point of sweep.points) {
    const cx = String(point.values[x])
    const cy = y === null ? '' : String(point.values[y])
    const key = JSON.stringify([cx, cy])
    const f = point.risk.pAnyFull
    const cheapest = sweep.target?.cheapest === point.index
    const cell = cells.get(key)
    if (cell === undefined) {
      cells.set(key, { x: cx, y: cy, p: f.estimate, low: f.low, high: f.high, point: point.index, points: 1, cheapest })
      continue
    }
    cell.points += 1
    cell.cheapest ||= cheapest
    if (f.estimate > cell.p || (f.estimate === cell.p && f.high > cell.high)) Object.assign(cell, { p: f.estimate, low: f.low, high: f.high, point: point.index })
  }
  return [...cells.values()]
}

/**
 * Heatmap of P(any datastore full) (`point.risk.pAnyFull.estimate`) over two sweep parameters
 * (`xPath`, `yPath`: paths of `sweep.parameters`; default the first two), the percentage written
 * in each cell. With more parameters each cell shows the maximum over the others (the subtitle
 * says so). The cell of the cheapest point meeting the target is outlined.
 */
export function sweepHeatmapSpec(sweep: SweepSummary, xPath?: string, yPath?: string): TopLevelSpec {
  const { x, y } = sweepAxes(sweep, xPath, yPath)
  const cells = sweepCells(sweep, x, y ?? undefined)
  const others = sweep.parameters.map((p) => p.path).filter((p) => p !== x && p !== y)
  const order = (path: string) => sweep.parameters.find((p) => p.path === path)!.values.map(String)
  const cheapest = sweep.points.find((p) => p.index === sweep.target?.cheapest)
  const subtitle = [
    `${sweep.points.length} points, ${sweep.replications} replications each`,
    ...(sweep.target
      ? [
          cheapest
            ? `outlined: the cheapest point with ${sweep.target.text} (upper end of the 95 % interval), point ${cheapest.index}`
            : `no point shows ${sweep.target.text} at 95 % confidence`,
        ]
      : []),
    ...(others.length > 0 ? [`each cell: the maximum over ${others.join(', ')}`] : []),
  ]
  const xEnc = { field: 'x', type: 'ordinal' as const, title: x, sort: order(x), axis: { labelAngle: 0, labelLimit: 160 } }
  const yEnc = y === null ? null : { field: 'y', type: 'ordinal' as const, title: y, sort: order(y), axis: { labelLimit: 160 } }
  const pos = yEnc === null ? { x: xEnc } : { x: xEnc, y: yEnc }
  const rows = y === null ? 1 : order(y).length
  // on the cell and on its percentage alike (the text covers the cell's middle)
  const tooltip = [
    { field: 'x', type: 'nominal' as const, title: x },
    ...(y === null ? [] : [{ field: 'y', type: 'nominal' as const, title: y }]),
    { field: 'p', type: 'quantitative' as const, format: '.1%', title: 'P(full)' },
    { field: 'low', type: 'quantitative' as const, format: '.1%', title: '95 % interval from' },
    { field: 'high', type: 'quantitative' as const, format: '.1%', title: '95 % interval to' },
    { field: 'point', type: 'quantitative' as const, title: 'point' },
  ]
  return {
    $schema: SCHEMA,
    config: chartConfig,
    title: { text: `P(any datastore full) over the sweep`, subtitle },
    data: { values: cells },
    width: Math.max(240, 100 * order(x).length),
    height: Math.max(60, 44 * rows),
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          ...pos,
          color: { field: 'p', type: 'quantitative', title: 'P(full)', scale: { domain: [0, 1], scheme: 'reds' }, legend: { format: '.0%' } },
          tooltip,
        },
      },
      {
        transform: [{ filter: 'datum.cheapest' }],
        mark: { type: 'rect', fill: null, stroke: '#111', strokeWidth: 3 },
        encoding: pos,
      },
      {
        mark: { type: 'text', fontSize: 12 },
        encoding: {
          ...pos,
          text: { field: 'p', type: 'quantitative', format: '.1%' },
          color: { condition: { test: 'datum.p > 0.5', value: 'white' }, value: 'black' },
          tooltip,
        },
      },
    ],
  }
}

/** One row of the sweep table. */
export interface SweepRow {
  readonly index: number
  /** Parameter path -> value, as in the sweep. */
  readonly values: Readonly<Record<string, string | number>>
  /** P(any datastore full) with its 95 % interval. */
  readonly pFull: Proportion
  /**
   * Median time to the first fill (seconds) of the datastore whose median is the earliest, over
   * the replications in which it filled; null if no replication filled any datastore.
   */
  readonly medianTimeToFull: number | null
  /** That datastore's id (null with `medianTimeToFull`). */
  readonly medianDatastore: string | null
  readonly cost: number
  /** The cheapest point meeting the target. */
  readonly cheapest: boolean
}

/** The sweep's points as table data: parameter columns (paths) and one row per point, in sweep order. */
export function sweepTable(sweep: SweepSummary): { readonly columns: readonly string[]; readonly rows: readonly SweepRow[] } {
  const rows = sweep.points.map((p): SweepRow => {
    let median: number | null = null
    let store: string | null = null
    for (const d of p.risk.datastores) {
      if (d.timeToFull === null) continue
      const m = quantile(d.timeToFull, 0.5)
      if (median === null || m < median) [median, store] = [m, d.id]
    }
    return { index: p.index, values: p.values, pFull: p.risk.pAnyFull, medianTimeToFull: median, medianDatastore: store, cost: p.cost, cheapest: sweep.target?.cheapest === p.index }
  })
  return { columns: sweep.parameters.map((p) => p.path), rows }
}

export interface RiskSpecs {
  readonly fullByDay: TopLevelSpec
  readonly timeToFull: TopLevelSpec
  readonly fan: TopLevelSpec
}

/** The three risk charts of a report. */
export function riskSpecs(risk: RiskSummary, ctx: ChartContext): RiskSpecs {
  return { fullByDay: fullByDaySpec(risk, ctx), timeToFull: timeToFullSpec(risk, ctx), fan: fanSpec(risk, ctx) }
}
