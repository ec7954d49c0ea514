// What an interactive report embeds: the charts' specs in drawing order, a fleet's per-datastore
// detail, the backup table and the event log, each packed (JSON, gzip, base64) into its own
// <script type="application/json"> part that the page (page.ts) unpacks when it needs it.

import { gzipSync } from 'node:zlib'
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
import { backupColumns, logColumns } from './table-columns.ts'
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

/** JSON, gzip-compressed, base64: the page unpacks it with DecompressionStream. */
export function pack(value: unknown): string {
  return gzipSync(JSON.stringify(value), { level: 6 }).toString('base64')
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
    detail = { order: ranked, use: {}, deltas: {} }
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

/**
 * The report's data parts as script elements, in the order the page reads them: `snapsim-data`
 * (the charts' specs: what the first screen draws), `snapsim-detail-k` (the k-th riskiest
 * datastore's detail, a fleet only), `snapsim-table` and `snapsim-log` (the virtual tables).
 */
export function reportData(input: ReportInput, logMax: number) {
  const { result, context } = input
  const charted = chartData(input)
  // Packed in parts, each unpacked when needed: the charts' specs first (what the first screen
  // draws), a fleet's per-datastore detail when that datastore is picked, the tables after the
  // charts. The browser's gunzip and JSON.parse take about 50 ms per MB of JSON, and a
  // 1,000-VM year's parts hold about 50 MB: unpacked at once they took seconds before the
  // first chart.
  const { detail: fullDetail, ...charts } = charted
  const data = {
    ...charts,
    ...(fullDetail ? { detail: { order: fullDetail.order } } : {}),
    zone: zoneTable(context, result.horizon),
    horizon: result.horizon,
  }
  const table = backupColumns(result, context)
  const log = logColumns(result, logMax)
  const parts = [
    `<script type="application/json" id="snapsim-data">${jsonForScript(pack(data))}</script>`,
    ...(fullDetail?.order ?? []).map((id, k) => `<script type="application/json" id="snapsim-detail-${k}">${jsonForScript(pack({ use: fullDetail!.use[id], deltas: fullDetail!.deltas[id] }))}</script>`),
    `<script type="application/json" id="snapsim-table">${jsonForScript(pack(table))}</script>`,
    `<script type="application/json" id="snapsim-log">${jsonForScript(pack(log))}</script>`,
  ]
  return { parts, detailOrder: fullDetail?.order, drill: charted.specs.drill !== undefined, logTypes: log.types }
}
