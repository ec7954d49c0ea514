// Datastore use over time: used space as an area (the part held by snapshot deltas on top, in
// its own colour), the capacity and alarm levels as rules, backup windows shaded, the moment the
// datastore filled marked.

import { defaultAlarms, type DatastoreResult, type Result } from '@snapsim/core'
import { fullLayers, jobRunWindows, timeX, zoomParam } from './common.ts'
import { downsampleSeries, type SeriesColumns } from './downsample.ts'
import { resolve, type ChartContext, type Resolved } from './context.ts'
import { chartConfig, colors, DATA_MARK } from './theme.ts'
import { formatDuration, formatWall } from './time.ts'
import { formatBytes, unitFor } from './units.ts'
import type { ConcatItem, Layer, TopLevelSpec } from './vl.ts'
import { bandScale, fromZeroParam, useBand, FROM_ZERO_PARAM } from './band.ts'
import { firstMarkLayers } from './marks.ts'

/** A level drawn as a horizontal rule: capacity or an alarm. `value` is in the chart's unit. */
export interface LevelRule {
  readonly kind: 'capacity' | 'alarm'
  readonly name: string
  readonly bytes: number
  readonly value: number
  readonly label: string
  /** False when a more important level's label sits within 3 % of capacity of it (the rule stays). */
  readonly labelled: boolean
}

/**
 * The horizontal levels of one datastore's chart, most important first: the capacity, the
 * configured alarm levels (`ctx.alarms[id]`, else core's `defaultAlarms`), then the levels of
 * alarms that fired (e.g. a platform's free-space alarms), each level once.
 */
export function levelRules(d: DatastoreResult, ctx: ChartContext): LevelRule[] {
  const unit = unitFor(d.capacity)
  const rules: LevelRule[] = []
  const pct = (bytes: number) => `${Number(((bytes / d.capacity) * 100).toFixed(bytes / d.capacity > 0.995 ? 3 : 1))} %`
  const add = (kind: LevelRule['kind'], name: string, bytes: number, label: string) => {
    if (rules.some((x) => Math.abs(x.bytes - bytes) < 1)) return
    const labelled = !rules.some((x) => x.labelled && Math.abs(x.bytes - bytes) < 0.03 * d.capacity)
    rules.push({ kind, name, bytes, value: bytes / unit.bytes, label, labelled })
  }
  add('capacity', 'capacity', d.capacity, `capacity ${formatBytes(d.capacity)}`)
  for (const a of ctx.alarms?.[d.id] ?? defaultAlarms) add('alarm', a.name, a.fraction * d.capacity, `${a.name} ${pct(a.fraction * d.capacity)}`)
  for (const a of d.alarms) add('alarm', a.name, a.level, `${a.name} ${pct(a.level)}`)
  return rules
}

/**
 * The series at screen resolution: about one bucket per pixel of plot width (downsample.ts), the
 * crossings of the capacity and alarm levels and the times of alarms, fills and the peak exact.
 */
export function screenSeries(d: DatastoreResult, ctx: ChartContext): SeriesColumns {
  const r = resolve(ctx)
  return downsampleSeries(d.series, {
    buckets: r.width,
    levels: levelRules(d, r.ctx).map((l) => l.bytes),
    keepTimes: [d.peakUsedAt, ...d.fullTimes, ...d.alarms.map((a) => a.at)],
  })
}

/**
 * The layers of one datastore's chart; its points go once into `datasets` (named `use<index>`).
 * `framed`: whether the y axis frames the band (band.ts), so the spec needs the checkbox param.
 */
function datastoreLayers(result: Result, d: DatastoreResult, r: Resolved, datasets: Record<string, unknown[]>): { layers: Layer[]; framed: boolean } {
  const unit = unitFor(d.capacity)
  const s = screenSeries(d, r.ctx)
  const band = useBand(
    d,
    s,
    levelRules(d, r.ctx).map((l) => l.bytes),
  )
  const framed = band.floor > 0
  // Only numbers per point; the tooltip's texts are computed in the browser (vega expressions),
  // which keeps a year of a fleet's series small.
  const points = s.t.map((t, i) => {
    const used = s.used[i] ?? 0
    const deltas = s.deltas[i] ?? 0
    return { x: r.clock(t), used: used / unit.bytes, base: (used - deltas) / unit.bytes }
  })
  const name = `use${Object.keys(datasets).length}`
  datasets[name] = points
  const u = unit.name
  const cap = d.capacity / unit.bytes
  const pointText = [
    { calculate: `utcFormat(datum.x, '%Y-%m-%d %H:%M')`, as: 'time' },
    { calculate: `format(datum.used, '.4~r') + ' ${u} (' + format(datum.used / ${cap}, '.1%') + ')'`, as: 'usedText' },
    { calculate: `format(datum.used - datum.base, '.3~r') + ' ${u}'`, as: 'deltasText' },
    { calculate: `format(${cap} - datum.used, '.3~r') + ' ${u}'`, as: 'freeText' },
  ]
  const windows = jobRunWindows(result, d.id).map((w) => {
    const from = r.clock(w.from)
    const to = r.clock(w.to)
    return { ...w, x: from, x2: to, label: `${w.job} run ${w.run + 1}: ${formatWall(from)} – ${formatWall(to)} (${formatDuration(w.to - w.from)})` }
  })
  const levels = levelRules(d, r.ctx)
  const fired = d.alarms.map((a) => {
    const x = r.clock(a.at)
    return { x, value: a.level / unit.bytes, name: a.name, time: formatWall(x), level: formatBytes(a.level) }
  })
  const colorScale = {
    domain: ['base disks and other data', 'snapshot deltas', 'backup window'],
    range: [colors.base, colors.deltas, colors.window],
  }
  const pointTooltip = [
    { field: 'time', title: 'time' },
    { field: 'usedText', title: 'used' },
    { field: 'deltasText', title: 'snapshot deltas' },
    { field: 'freeText', title: 'free' },
  ]
  const layers: Layer[] = []
  if (windows.length > 0) {
    layers.push({
      data: { values: windows },
      mark: { type: 'rect', opacity: 0.25 },
      encoding: {
        x: { field: 'x', type: 'temporal' },
        x2: { field: 'x2' },
        color: { datum: 'backup window', scale: colorScale, legend: { title: null, orient: 'top', labelLimit: 300 } },
        tooltip: [{ field: 'label', title: 'backup window' }],
      },
    })
  }
  layers.push(
    {
      data: { name },
      transform: pointText,
      params: [zoomParam],
      // clipped: below a framed axis the base area goes on down to zero
      mark: { type: 'area', opacity: 0.85, clip: true, ...DATA_MARK },
      encoding: {
        x: timeX('x', [r.clock(0), r.clock(result.horizon)]),
        y: {
          field: 'base',
          type: 'quantitative',
          stack: null,
          title: `used (${unit.name})`,
          scale: bandScale(band, unit.bytes),
        },
        color: { datum: 'base disks and other data', scale: colorScale, legend: { title: null, orient: 'top', labelLimit: 300 } },
        tooltip: pointTooltip,
      },
    },
    {
      data: { name },
      transform: pointText,
      mark: { type: 'area', opacity: 0.85, clip: true, ...DATA_MARK },
      encoding: {
        x: { field: 'x', type: 'temporal' },
        y: { field: 'base', type: 'quantitative', stack: null },
        y2: { field: 'used' },
        color: { datum: 'snapshot deltas', scale: colorScale, legend: { title: null, orient: 'top', labelLimit: 300 } },
        tooltip: pointTooltip,
      },
    },
    {
      data: { name },
      mark: { type: 'line', color: colors.used, strokeWidth: 1.5, clip: true, ...DATA_MARK },
      encoding: { x: { field: 'x', type: 'temporal' }, y: { field: 'used', type: 'quantitative' } },
    },
    {
      data: { values: levels },
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: {
        y: { field: 'value', type: 'quantitative' },
        color: { condition: { test: "datum.kind === 'capacity'", value: colors.capacity }, value: colors.alarm },
        strokeDash: { condition: { test: "datum.kind === 'alarm'", value: [4, 4] }, value: [1, 0] },
        tooltip: [{ field: 'label', title: 'level' }],
      },
    },
    {
      data: { values: levels.filter((l) => l.labelled) },
      mark: { type: 'text', align: 'left', baseline: 'bottom', dy: -2, fontSize: 11 },
      encoding: {
        y: { field: 'value', type: 'quantitative' },
        x: { value: 4 },
        text: { field: 'label' },
        color: { condition: { test: "datum.kind === 'capacity'", value: colors.capacity }, value: colors.alarm },
      },
    },
    ...fullLayers(r, [d]),
    ...firstMarkLayers(result, d, r),
  )
  if (framed) {
    // the base below the frame, written at its floor; hidden while the axis runs from zero
    layers.push({
      data: { values: [{ value: band.floor / unit.bytes, label: `axis from ${formatBytes(band.floor)}; base disks and other data never below ${formatBytes(band.minBase)} (tick "y axis from zero" for all of it)` }] },
      mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -3, fontSize: 10, color: '#555', opacity: { expr: `${FROM_ZERO_PARAM} ? 0 : 1` } },
      encoding: { x: { value: 0 }, y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
    })
  }
  if (fired.length > 0) {
    layers.push({
      data: { values: fired },
      mark: { type: 'point', shape: 'diamond', filled: true, size: 50, color: colors.alarm, stroke: 'white', strokeWidth: 0.5 },
      encoding: {
        x: { field: 'x', type: 'temporal' },
        y: { field: 'value', type: 'quantitative' },
        tooltip: [
          { field: 'name', title: 'alarm' },
          { field: 'time', title: 'fired' },
          { field: 'level', title: 'at use' },
        ],
      },
    })
  }
  return { layers, framed }
}

function subtitle(d: DatastoreResult): string {
  const peak = `peak ${formatBytes(d.peakUsed)} of ${formatBytes(d.capacity)} (${((d.peakUsed / d.capacity) * 100).toFixed(1)} %)`
  return d.fullAt === null ? `${peak}; never full` : `${peak}; full ${d.fullTimes.length > 1 ? `${d.fullTimes.length} times` : 'once'}`
}

/** One datastore's use over time as a layered chart. */
export function datastoreUseChart(result: Result, datastore: string, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const d = result.datastores.find((x) => x.id === datastore)
  if (d === undefined) throw new Error(`no datastore "${datastore}" in the result`)
  const datasets: Record<string, unknown[]> = {}
  const { layers, framed } = datastoreLayers(result, d, r, datasets)
  return {
    config: chartConfig,
    ...(framed ? { params: [fromZeroParam()] } : {}),
    title: { text: `Datastore ${d.id}: use over time`, subtitle: subtitle(d) },
    width: r.width,
    height: 260,
    layer: layers,
    datasets,
  } as TopLevelSpec
}

/** Use over time of every datastore (one chart each, stacked vertically). */
export function datastoreUseSpec(result: Result, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const datasets: Record<string, unknown[]> = {}
  let anyFramed = false
  const charts: ConcatItem[] = result.datastores.map((d) => {
    const { layers, framed } = datastoreLayers(result, d, r, datasets)
    anyFramed ||= framed
    return { title: { text: `Datastore ${d.id}: use over time`, subtitle: subtitle(d) }, width: r.width, height: 260, layer: layers }
  })
  // one checkbox for all the charts (a parameter lives at the top of a concatenation)
  return { config: chartConfig, ...(anyFramed ? { params: [fromZeroParam()] } : {}), datasets, vconcat: charts, resolve: { scale: { color: 'independent', y: 'independent' } } } as TopLevelSpec
}
