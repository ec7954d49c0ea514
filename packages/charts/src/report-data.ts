// What an interactive report embeds: the charts' specs in drawing order, a fleet's per-datastore
// detail, the backup table and the event log, each packed (JSON, gzip, base64) into its own
// <script type="application/json"> part that the page (page.ts) unpacks when it needs it.

import { promisify } from 'node:util'
import { gzip, gzipSync } from 'node:zlib'
import { resolve, type ChartContext } from './context.ts'
import { jsonForScript } from './html.ts'
import { riskSpecs, sweepHeatmapSpec } from './risk.ts'
import { backupRunsSpec } from './backups.ts'
import { jobVmsSpec } from './drilldown.ts'
import { snapshotDeltasChart, snapshotDeltasSpec } from './deltas.ts'
import { datastoresByRisk, overviewSpec } from './overview.ts'
import { vmStatesSpec } from './states.ts'
import { datastoreUseChart, datastoreUseSpec } from './use.ts'
import { withMark } from './narration.ts'
import { backupColumns, logColumns, REPORT_LOG_MAX } from './table-columns.ts'
import { toColumns } from './columns.ts'
import { tablePieces } from './pieces.ts'
import { vegaSpec } from './compile.ts'
import type { ReportInput } from './report.ts'

/** More datastores than this: the fleet overview leads, and one datastore's detail is shown at a time. */
export const FLEET_DATASTORES = 4

/** The Monte Carlo charts of a report, keyed as their blocks are (`risk-fullByDay`, …, `sweep-heatmap`). */
export function riskChartSpecs(input: ReportInput): Record<string, unknown> {
  const specs: Record<string, unknown> = {}
  if (input.risk) for (const [k, v] of Object.entries(riskSpecs(input.risk, input.context))) specs[`risk-${k}`] = v
  if (input.sweep) specs['sweep-heatmap'] = sweepHeatmapSpec(input.sweep, input.sweepAxes?.[0], input.sweepAxes?.[1])
  return specs
}

/** [from simulated second, wall-clock ms minus simulated ms] at each change of the zone's offset. */
export function zoneTable(ctx: ChartContext, horizon: number): [number, number][] {
  const { clock } = resolve(ctx)
  const out: [number, number][] = []
  // offsets change only at quarter-hour instants (time.ts)
  const first = Math.ceil(ctx.startEpochMs / 900_000) * 900_000
  const times = [0]
  for (let ms = first; ms <= ctx.startEpochMs + horizon * 1000; ms += 900_000) times.push((ms - ctx.startEpochMs) / 1000)
  for (const t of times) {
    const off = clock(t) - t * 1000
    if (out.length === 0 || out[out.length - 1]![1] !== off) out.push([t, off])
  }
  return out
}

/** gzip level of the report's parts: its size counts (a 10,000-VM year's report must open). */
const PACK_LEVEL = 6
const gzipAsync = promisify(gzip)

/** JSON, gzip-compressed, base64: the page unpacks it with DecompressionStream. */
export function pack(value: unknown): string {
  return gzipSync(JSON.stringify(value), { level: PACK_LEVEL }).toString('base64')
}

/** Like `pack`, with every array of rows as columns (columns.ts): the page revives them. */
export function packRows(value: unknown): string {
  return pack(toColumns(value))
}

/** The charts in drawing order, their specs, and for a fleet the per-datastore detail specs. */
export function chartData(input: ReportInput) {
  const { result, context } = input
  const fleet = result.datastores.length > FLEET_DATASTORES
  const specs: Record<string, unknown> = { ...riskChartSpecs(input) }
  const order: string[] = Object.keys(specs)
  if (result.datastores.length > 1) {
    specs.overview = overviewSpec(result, context)
    order.push('overview')
  }
  let detail: { order: string[]; use: Record<string, unknown>; deltas: Record<string, unknown> } | undefined
  // with a narration every run chart draws the instant a turning point marks (narration.ts)
  const marked = <S extends object>(spec: S): S => (input.narration ? withMark(spec) : spec)
  if (fleet) {
    const ranked = datastoresByRisk(result).map((d) => d.id)
    // keyed by datastore id, which is any text: no prototype, so `__proto__` is a key like any other
    detail = { order: ranked, use: Object.create(null) as Record<string, unknown>, deltas: Object.create(null) as Record<string, unknown> }
    for (const id of ranked) {
      detail.use[id] = marked(datastoreUseChart(result, id, context))
      detail.deltas[id] = marked(snapshotDeltasChart(result, id, context))
    }
  } else {
    specs.use = marked(datastoreUseSpec(result, context))
    specs.deltas = marked(snapshotDeltasSpec(result, context))
  }
  specs.backups = marked(backupRunsSpec(result, context))
  // job lanes (a fleet): a click on one draws its VMs, built in the page (drilldown.ts)
  if (result.vms.length > resolve(context).maxRows) specs.drill = marked(jobVmsSpec(result, context))
  specs.states = marked(vmStatesSpec(result, context))
  order.push('use', 'backups', 'deltas', 'states')
  return { order, specs, ...(detail ? { detail } : {}) }
}

/** `o` with `f` applied to each value, keys as they are (no prototype: a key may be `__proto__`). */
function mapValues<T>(o: Record<string, unknown>, f: (v: unknown) => T): Record<string, T> {
  const out = Object.create(null) as Record<string, T>
  for (const [k, v] of Object.entries(o)) out[k] = f(v)
  return out
}

/** A part before packing: its element id, its value, and whether its rows go as columns. */
interface Part {
  readonly id: string
  readonly value: unknown
  readonly rows: boolean
}

/** The parts in the order the page reads them, and what the page around them needs to know. */
function reportParts(input: ReportInput, logMax: number) {
  const { result, context } = input
  const charted = chartData(input)
  // Packed in parts, each unpacked when needed: the charts' specs first (what the first screen
  // draws), a fleet's per-datastore detail when that datastore is picked, the tables after the
  // charts. The browser's gunzip and JSON.parse take about 50 ms per MB of JSON, and a
  // 1,000-VM year's parts hold about 50 MB: unpacked at once they took seconds before the
  // first chart.
  // The page embeds vega, not vega-lite: every spec is compiled here (compile.ts).
  const { detail: vlDetail, ...charts } = charted
  const fullDetail = vlDetail && { order: vlDetail.order, use: mapValues(vlDetail.use, vegaSpec), deltas: mapValues(vlDetail.deltas, vegaSpec) }
  const data = {
    ...charts,
    specs: mapValues(charts.specs, vegaSpec),
    ...(fullDetail ? { detail: { order: fullDetail.order } } : {}),
    zone: zoneTable(context, result.horizon),
    horizon: result.horizon,
  }
  const log = logColumns(result, logMax)
  const parts: Part[] = [
    { id: 'snapsim-data', value: data, rows: true },
    ...(fullDetail?.order ?? []).map((id, k) => ({ id: `snapsim-detail-${k}`, value: { use: fullDetail!.use[id], deltas: fullDetail!.deltas[id] }, rows: true })),
    // the backup tasks in pieces of rows, each parsed by the page in its own task (pieces.ts)
    ...tablePieces(backupColumns(result, context), input.tablePieceRows).map((value, k) => ({ id: k === 0 ? 'snapsim-table' : `snapsim-table-${k}`, value, rows: false })),
    { id: 'snapsim-log', value: log, rows: false },
  ]
  return { parts, detailOrder: fullDetail?.order, drill: charted.specs.drill !== undefined, logTypes: log.types }
}

const partJson = (p: Part): string => JSON.stringify(p.rows ? toColumns(p.value) : p.value)
const element = (p: Part, gz: Buffer): string => `<script type="application/json" id="${p.id}">${jsonForScript(gz.toString('base64'))}</script>`

/**
 * The report's data parts as script elements, in the order the page reads them: `snapsim-data`
 * (the charts' specs: what the first screen draws), `snapsim-detail-k` (the k-th riskiest
 * datastore's detail, a fleet only), `snapsim-table` (with `snapsim-table-1`, … above PIECE_ROWS
 * tasks, pieces.ts) and `snapsim-log` (the virtual tables).
 */
export function reportData(input: ReportInput, logMax: number) {
  const { parts, ...rest } = reportParts(input, logMax)
  return { ...rest, parts: parts.map((p) => element(p, gzipSync(partJson(p), { level: PACK_LEVEL }))) }
}

/**
 * `reportData` with each part compressed on libuv's thread pool while the next is serialised:
 * the same bytes (report-data.test.ts), with gzip off the main thread (a 1,000-VM year's parts
 * took about 2 s of it).
 */
export async function reportDataAsync(input: ReportInput, logMax: number): Promise<ReportData> {
  const { parts, ...rest } = reportParts(input, logMax)
  const packed = await Promise.all(parts.map((p) => gzipAsync(partJson(p), { level: PACK_LEVEL })))
  return { ...rest, parts: parts.map((p, k) => element(p, packed[k]!)) }
}

/** The packed parts and what the page around them needs to know. */
export type ReportData = ReturnType<typeof reportData>

/** Most log entries the report holds for `input` (its table limit, at most REPORT_LOG_MAX). */
export function reportLogMax(input: ReportInput): number {
  return Math.min(input.maxTableRows ?? 20000, REPORT_LOG_MAX)
}
