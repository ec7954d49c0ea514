// The HTML report: one self-contained file that opens offline. The summary in words comes first,
// then the key figures, the four charts (interactive through vega-embed, whose bundle and
// vega's and vega-lite's are inlined from node_modules; or static SVG), the backup run table and
// the event log with a small filter script. A Content-Security-Policy forbids every network
// request, so nothing can be fetched even by accident.

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Result } from '@snapsim/core'
import type { RiskSummary, SweepSummary } from '@snapsim/risk'
import { formatPercent, formatProportion, quantile, sweepTable } from './risk.ts'
import { resolve, type ChartContext } from './context.ts'
import { keyFigures, type KeyFigure } from './figures.ts'
import { CSP_SLOT, escapeHtml, scriptText, withContentSecurityPolicy } from './html.ts'
import { toSvg } from './render.ts'
import { allSpecs, charts } from './specs.ts'
import { drillSection } from './drilldown.ts'
import { PAGE_SCRIPT } from './page.ts'
import { formatDuration, formatWall } from './time.ts'
import { formatBytes } from './units.ts'
import { MARK_SCRIPT, NARRATION_STYLE, narrationSection, type Narration } from './narration.ts'
import { plannerSection, type PlannerFigures } from './planner.ts'
import { riskToldSection, type RiskTold } from './risk-told.ts'
import { eventDetail, eventSubject } from './event-words.ts'
import { OUTCOME_LIST } from './table-columns.ts'
import { FLEET_DATASTORES, reportData, reportDataAsync, reportLogMax, riskChartSpecs, type ReportData } from './report-data.ts'

export interface ReportInput {
  /** The scenario's name: the report's title. */
  readonly title: string
  readonly result: Result
  readonly context: ChartContext
  /** The summary in words, one paragraph per line (the CLI's summary). */
  readonly summaryLines: readonly string[]
  /** Key figures shown under the summary; default `keyFigures(result, context)`. */
  readonly keyFigures?: readonly KeyFigure[]
  /** Where the scenario came from (a file path), shown under the title. */
  readonly source?: string
  /** Who made the report, e.g. "snapsim 0.1.0"; shown in the footer. */
  readonly generator?: string
  /** Static SVG charts instead of interactive ones (no chart script; the log filter stays). */
  readonly static?: boolean
  /** Most rows in the backup table and in the event log each (default 20000). */
  readonly maxTableRows?: number
  /**
   * Monte Carlo: the risk over the replications, in a section right after the summary in words.
   * `result` is then one replication (the CLI passes the worst one and says so in the summary).
   */
  readonly risk?: RiskSummary
  /** A parameter sweep: a "Parameter sweep" section with its heatmap and table of points. */
  readonly sweep?: SweepSummary
  /** The sweep parameters (paths) of the heatmap's x and y axes; default the first two. */
  readonly sweepAxes?: readonly [string, string]
  /** The run told as a story: the first section, each turning point marking its time on the charts (narration.ts). */
  readonly narration?: Narration
  /** The planner's figures per job and per datastore: tables after the key figures (planner.ts). */
  readonly planner?: PlannerFigures
  /** Monte Carlo: the risk in words, the first section (risk-told.ts). */
  readonly riskTold?: RiskTold
  /**
   * Sections after the key figures that bring their own inline script and style (the live
   * what-if panel, @snapsim/whatif); interactive reports only. `worker`: the section starts a Web
   * Worker from a blob: URL, and the CSP allows that (`worker-src blob:`) and nothing more.
   */
  readonly panels?: readonly { readonly html: string; readonly script: string; readonly style: string; readonly worker: boolean }[]
}

export type ChartSvgs = Readonly<Partial<Record<string, string>>>

const RISK_CHARTS: readonly { readonly id: string; readonly title: string }[] = [
  { id: 'risk-fullByDay', title: 'P(full by day d)' },
  { id: 'risk-timeToFull', title: 'Time to the first fill' },
  { id: 'risk-fan', title: 'Use over the replications' },
]

/** The report as one HTML document. With `static: true` the charts are rendered to SVG first. */
export async function renderReport(input: ReportInput): Promise<string> {
  // the data parts are compressed on the thread pool (report-data.ts)
  if (!input.static) return renderReportHtml(input, undefined, await reportDataAsync(input, reportLogMax(input)))
  const specs = allSpecs(input.result, input.context)
  const svgs: Record<string, string> = {}
  for (const { id } of charts) svgs[id] = await toSvg(specs[id])
  for (const [id, spec] of Object.entries(riskChartSpecs(input))) svgs[id] = await toSvg(spec as Parameters<typeof toSvg>[0])
  return renderReportHtml(input, svgs)
}

const require = createRequire(import.meta.url)
let bundles: string | undefined

/** vega, vega-lite and vega-embed's browser bundles, in load order, ready to inline. */
function inlineBundles(): string {
  if (bundles === undefined) {
    const dir = (pkg: string) => path.dirname(require.resolve(pkg))
    const files = [
      path.join(dir('vega'), 'vega.min.js'),
      path.join(dir('vega-lite'), 'vega-lite.min.js'),
      path.join(dir('vega-embed'), 'vega-embed.min.js'),
    ]
    bundles = files.map((f) => `<script>${scriptText(readFileSync(f, 'utf8'))}</script>`).join('\n')
  }
  return bundles
}

const STYLE = `
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1em 2em 3em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ddd; }
.source { color: #666; margin-top: 0; }
.summary p { font-size: 1.05em; line-height: 1.45; margin: 0.4em 0; }
dl.figures { display: grid; grid-template-columns: max-content 1fr; gap: 0.25em 1em; background: #f6f6f6; padding: 0.8em 1em; border-radius: 4px; }
dl.figures dt { font-weight: bold; } dl.figures dd { margin: 0; }
.chart { overflow-x: auto; margin: 1em 0; } .chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 0.85em; width: 100%; }
th, td { border-bottom: 1px solid #e5e5e5; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; position: sticky; top: 0; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { max-height: 32em; overflow: auto; border: 1px solid #ddd; }
.vscroll { height: 32em; } table.vtable { table-layout: fixed; } table.vtable td { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; height: 21px; padding-top: 0; padding-bottom: 0; } table.vtable tr.vpad td { padding: 0; border: 0; } table.vtable th { cursor: pointer; }
.filters { margin: 0.5em 0; display: flex; gap: 1em; align-items: center; }
tr.bad td { background: #fff1f0; } tr.safe td { background: #e5f5e0; font-weight: bold; } .muted { color: #666; } footer { margin-top: 3em; color: #888; font-size: 0.85em; }
`

const FILTER_SCRIPT = `(function () {
  var text = document.getElementById('log-filter'), type = document.getElementById('log-type');
  var count = document.getElementById('log-count');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#log tbody tr'));
  var hay = rows.map(function (r) { return r.textContent.toLowerCase(); });
  function apply() {
    var q = text.value.trim().toLowerCase(), t = type.value, shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = (!t || rows[i].getAttribute('data-type') === t) && (!q || hay[i].indexOf(q) >= 0);
      rows[i].hidden = !ok; if (ok) shown++;
    }
    count.textContent = shown + ' of ' + rows.length + ' events shown';
  }
  text.addEventListener('input', apply); type.addEventListener('change', apply); apply();
})();`

const esc = escapeHtml

/** A path as a shell word: as it is when it needs no quoting, else in single quotes. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
}

/** A chart's block: an empty element vega-embed fills (interactive) or the SVG (static). */
function chartBlock(id: string, title: string, svgs: ChartSvgs | undefined, heading: 'h2' | 'h3'): string {
  const body = svgs === undefined ? `<div id="chart-${esc(id)}" class="chart" role="img" aria-label="${esc(title)}"></div>` : `<div class="chart">${svgs[id] ?? ''}</div>`
  return `<section><${heading}>${esc(title)}</${heading}>${body}</section>`
}

/** The key figures of the risk over the replications. */
function riskFigures(risk: RiskSummary, ctx: ChartContext): { label: string; value: string; code?: string }[] {
  const { clock } = resolve(ctx)
  const figures: { label: string; value: string; code?: string }[] = []
  if (risk.datastores.length > 1) figures.push({ label: 'P(any datastore full)', value: `${formatProportion(risk.pAnyFull)}: ${risk.pAnyFull.successes} of ${risk.pAnyFull.trials} replications` })
  for (const d of risk.datastores) {
    figures.push({ label: `P(${d.id} full)`, value: `${formatProportion(d.pFull)}: ${d.pFull.successes} of ${d.pFull.trials} replications` })
    const t = d.timeToFull
    if (t === null) {
      figures.push({ label: `Time to full (${d.id})`, value: `never full in ${risk.replications} replications` })
    } else {
      const q = (p: number) => `${formatDuration(quantile(t, p))} (${formatWall(clock(quantile(t, p)))})`
      figures.push({ label: `Time to full (${d.id})`, value: `median ${q(0.5)}; 5 %: ${q(0.05)}; 95 %: ${q(0.95)} — of the ${d.pFull.successes} replications that filled it` })
    }
  }
  const down = risk.downtimeSeconds
  figures.push({ label: 'Expected downtime', value: `${formatDuration(down.mean)} of VM downtime per replication (95 %: ${formatDuration(quantile(down, 0.95))}, most ${formatDuration(down.max)})` })
  figures.push({ label: 'VMs stopped', value: `mean ${Number(risk.vmsStopped.mean.toFixed(2))}, most ${risk.vmsStopped.max}` })
  const w = risk.worst
  const first = w.firstFullAt === null ? 'no datastore full' : `first full ${formatWall(clock(w.firstFullAt))} (after ${formatDuration(w.firstFullAt)})`
  figures.push({
    label: 'Worst replication',
    value: `replication ${w.replication} (seed ${w.seed}): ${first}, downtime ${formatDuration(w.downtimeSeconds)}. Replay it with`,
    code: `snapsim run ${shellWord(risk.file)} --replication ${w.replication}`,
  })
  return figures
}

/** "Risk over N replications": key figures, then the CDF, the time-to-full histogram and the fan chart. */
function riskSection(risk: RiskSummary, ctx: ChartContext, svgs: ChartSvgs | undefined): string {
  const figures = riskFigures(risk, ctx)
    .map((f) => `<dt>${esc(f.label)}</dt><dd>${esc(f.value)}${f.code === undefined ? '' : ` <code>${esc(f.code)}</code>`}</dd>`)
    .join('\n')
  return `<section id="risk"><h2>Risk over ${esc(risk.replications)} replications</h2>
<p>Seed <code>${esc(risk.seed)}</code>; intervals are 95 % Wilson score intervals.</p>
<dl class="figures" id="risk-figures">
${figures}
</dl>
${RISK_CHARTS.map(({ id, title }) => chartBlock(id, title, svgs, 'h3')).join('\n')}
</section>`
}

/** "Parameter sweep": the heatmap and the table of every point, the cheapest safe point highlighted. */
function sweepSection(sweep: SweepSummary, svgs: ChartSvgs | undefined): string {
  const { columns, rows } = sweepTable(sweep)
  const head = `<tr><th>point</th>${columns.map((p) => `<th>${esc(p)}</th>`).join('')}<th>P(full)</th><th>95 % interval</th><th>median time to full</th><th>cost</th></tr>`
  const body = rows
    .map((row) => {
      const f = row.pFull
      const median = row.medianTimeToFull === null ? 'never full' : `${formatDuration(row.medianTimeToFull)}${sweep.points[0]!.risk.datastores.length > 1 ? ` (${row.medianDatastore})` : ''}`
      return `<tr${row.cheapest ? ' class="safe"' : ''}><td class="num">${esc(row.index)}</td>${columns.map((k) => `<td>${esc(String(row.values[k]))}</td>`).join('')}<td class="num">${esc(formatPercent(f.estimate))}</td><td class="num">${esc((f.low * 100).toFixed(1))}–${esc(formatPercent(f.high))}</td><td class="num">${esc(median)}</td><td class="num">${esc(row.cost)}</td></tr>`
    })
    .join('\n')
  const cheapest = sweep.target === null ? undefined : rows.find((r) => r.cheapest)
  const target =
    sweep.target === null
      ? ''
      : `<p>${
          cheapest === undefined
            ? `No point shows ${esc(sweep.target.text)} at 95 % confidence (upper end of the interval).`
            : `The cheapest point with ${esc(sweep.target.text)} (upper end of the 95 % interval): point ${esc(cheapest.index)}, ${columns.map((k) => `${esc(k)} = ${esc(String(cheapest.values[k]))}`).join(', ')} (highlighted).`
        }</p>`
  return `<section id="sweep-section"><h2>Parameter sweep</h2>
<p>${esc(sweep.points.length)} points, ${esc(sweep.replications)} replications each; P(full) is the probability that any datastore fills within the horizon. The median time to full is that of the datastore that fills first (in the replications in which it filled).</p>
${target}
${chartBlock('sweep-heatmap', 'P(full) over the sweep', svgs, 'h3')}
<div class="scroll"><table id="sweep"><thead>${head}</thead><tbody>
${body}
</tbody></table></div>
</section>`
}

function backupTable(result: Result, ctx: ChartContext, max: number): string {
  const { clock } = resolve(ctx)
  const rows = result.backups.slice(0, max).map((b) => {
    const bad = b.outcome !== 'success' || b.overlapped || b.missedWindow
    const flags = [b.overlapped ? 'overlapped' : '', b.missedWindow ? 'missed window' : '', b.orphaned ? 'orphaned snapshot' : '', b.incremental ? 'incremental' : '']
      .filter(Boolean)
      .join(', ')
    const cells = [
      esc(b.job),
      `<td class="num">${esc(b.run + 1)}</td>`,
      esc(b.vm),
      esc(formatWall(clock(b.firedAt))),
      b.start === null ? '–' : esc(formatWall(clock(b.start))),
      b.end === null ? (b.start === null ? '–' : 'unfinished') : esc(formatWall(clock(b.end))),
      `<td class="num">${b.start === null ? '–' : esc(formatDuration((b.end ?? result.horizon) - b.start))}</td>`,
      `<td class="num">${esc(formatBytes(b.bytesRead))} / ${esc(formatBytes(b.bytesToRead))}</td>`,
      esc(b.outcome),
      `<td class="num">${esc(b.chainDepth)}</td>`,
      esc(flags),
      esc(b.reason ?? ''),
    ]
    return `<tr${bad ? ' class="bad"' : ''}>${cells.map((c) => (c.startsWith('<td') ? c : `<td>${c}</td>`)).join('')}</tr>`
  })
  const head = ['job', 'run', 'VM', 'fired', 'start', 'end', 'duration', 'read / to read', 'outcome', 'chain', 'notes', 'reason']
  const more = result.backups.length > max ? `<p class="muted">First ${esc(max)} of ${esc(result.backups.length)} tasks.</p>` : ''
  return `${more}<div class="scroll"><table id="backups"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`
}

function logSection(result: Result, ctx: ChartContext, max: number): string {
  const { clock } = resolve(ctx)
  if (result.log.length === 0) return '<p class="muted">The run kept no event log.</p>'
  const types = [...new Set(result.log.map((e) => e.type))].sort()
  const rows = result.log
    .slice(0, max)
    .map(
      (e) =>
        `<tr data-type="${esc(e.type)}"><td>${esc(formatWall(clock(e.t), true))}</td><td>${esc(e.type)}</td><td>${esc(eventSubject(e))}</td><td>${esc(eventDetail(e))}</td></tr>`,
    )
  const more = result.log.length > max ? `<p class="muted">First ${esc(max)} of ${esc(result.log.length)} events.</p>` : ''
  return `<div class="filters">
<label>Filter <input id="log-filter" type="search" title="VM, job, word…" size="30"></label>
<label>Type <select id="log-type"><option value="">all types</option>${types.map((t) => `<option value="${esc(t)}">${esc(t)}</option>`).join('')}</select></label>
<span id="log-count" class="muted"></span>
</div>${more}
<div class="scroll"><table id="log"><thead><tr><th>time</th><th>type</th><th>subject</th><th>details</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>
<script>${FILTER_SCRIPT}</script>`
}

function virtualTable(id: string, noun: string, kinds: readonly string[], kindLabel: string): string {
  return `<div class="filters">
<label>Filter <input id="${id}-filter" type="search" title="VM, job, word…" size="30"></label>
<label>${esc(kindLabel)} <select id="${id}-type"><option value="">all</option>${kinds.map((t) => `<option value="${esc(t)}">${esc(t)}</option>`).join('')}</select></label>
<span id="${id}-count" class="vcount muted"></span>
</div>
<div class="vscroll scroll"><table id="${id}" class="vtable"><thead></thead><tbody></tbody></table></div>
<noscript><p>The ${esc(noun)} table needs JavaScript; the same rows are in the CSV files beside the report.</p></noscript>`
}

/**
 * The report from already rendered SVGs (static) or, when `svgs` is absent, with interactive
 * charts, their data parts `packed` already (else packed here). Synchronous; `renderReport`, the
 * usual entry, packs the parts on the thread pool.
 */
export function renderReportHtml(input: ReportInput, svgs?: ChartSvgs, packed?: ReportData): string {
  const { result, context } = input
  const max = input.maxTableRows ?? 20000
  const figures = input.keyFigures ?? keyFigures(result, context)
  const interactive = svgs === undefined
  const fleet = result.datastores.length > FLEET_DATASTORES
  const panels = interactive ? (input.panels ?? []) : []
  const monteCarlo = [
    input.risk ? riskSection(input.risk, context, svgs) : '',
    input.sweep ? sweepSection(input.sweep, svgs) : '',
    input.risk ? `<p class="muted" id="example-note">The figures, charts and tables below show one replication: the worst, replication ${esc(input.risk.worst.replication)}.</p>` : '',
  ]
    .filter(Boolean)
    .join('\n')
  let chartBlocks: string
  let tables: string
  let scripts = ''
  if (interactive) {
    const logMax = reportLogMax(input)
    const { parts, detailOrder, drill, logTypes } = packed ?? reportData(input, logMax)
    const block = (id: string, title: string) => chartBlock(id, title, undefined, 'h2')
    const detail = fleet
      ? `<section id="detail"><h2>Datastore <span id="detail-name"></span> in detail</h2>
<p><label>Datastore <select id="detail-select">${detailOrder!.map((id) => `<option value="${esc(id)}">${esc(id)}</option>`).join('')}</select></label> <span class="muted">(riskiest first; or click a chart of the overview)</span></p>
<div id="chart-use" class="chart" role="img" aria-label="Datastore use over time"></div>
<div id="chart-deltas" class="chart" role="img" aria-label="Snapshot deltas"></div>
</section>`
      : `${block('use', 'Datastore use over time')}`
    chartBlocks = [
      '<div id="charts"></div>',
      result.datastores.length > 1 ? block('overview', 'Fleet overview') : '',
      detail,
      block('backups', 'Backup runs'),
      drill ? drillSection() : '',
      fleet ? '' : block('deltas', 'Snapshot deltas'),
      block('states', 'VM states'),
    ]
      .filter(Boolean)
      .join('\n')
    const logNote = result.log.length > logMax ? `<p class="muted">The first ${esc(logMax)} of ${esc(result.log.length)} log entries (all of them: <code>events.jsonl.gz</code>).</p>` : ''
    tables = `<section id="backups-table"><h2>Backup tasks</h2>
${virtualTable('backups', 'backup', OUTCOME_LIST, 'Outcome')}
</section>
<section id="log-table"><h2>Event log</h2>
<p class="muted">${esc(result.log.length)} log entries; the engine processed ${esc(result.events)} events (a processed event may log several entries, or none: <code>logEntries</code> and <code>events</code> in summary.json).</p>
${logNote}
${virtualTable('log', 'event', logTypes, 'Type')}
</section>`
    scripts = `${inlineBundles()}
${parts.join('\n')}
<script>${PAGE_SCRIPT}</script>${input.narration ? `\n<script>${MARK_SCRIPT}</script>` : ''}${panels.map((p) => (p.script ? `\n<script>${p.script}</script>` : '')).join('')}`
  } else {
    chartBlocks = `<div id="charts"></div>\n${charts.map(({ id, title }) => chartBlock(id, title, svgs, 'h2')).join('\n')}`
    tables = `<section><h2>Backup runs</h2>
${backupTable(result, context, max)}
</section>
<section><h2>Event log</h2>
<p class="muted">${esc(result.log.length)} log entries; the engine processed ${esc(result.events)} events.</p>
${logSection(result, context, max)}
</section>`
  }
  return withContentSecurityPolicy(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP_SLOT}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>snapsim report: ${esc(input.title)}</title>
<style>${STYLE}${input.narration ? NARRATION_STYLE : ''}${panels.map((p) => p.style).join('')}</style>
</head>
<body>
<header>
<h1>snapsim report: ${esc(input.title)}</h1>
${input.source ? `<p class="source">Scenario <code>${esc(input.source)}</code>, seed <code>${esc(result.seed)}</code></p>` : `<p class="source">Seed <code>${esc(result.seed)}</code></p>`}
</header>
${input.riskTold ? `${riskToldSection(input.riskTold)}\n` : ''}${input.narration ? narrationSection(input.narration, context, interactive) : ''}
<section class="summary" id="summary">
${input.summaryLines.map((l) => `<p>${esc(l)}</p>`).join('\n')}
</section>
${interactive ? '<noscript><p>The charts need JavaScript; render the report with static charts to read them without it.</p></noscript><p id="charts-error" class="muted"></p>' : ''}
${monteCarlo}
<dl class="figures" id="figures">
${figures.map((f) => `<dt>${esc(f.label)}</dt><dd>${esc(f.value)}</dd>`).join('\n')}
</dl>
${input.planner ? plannerSection(input.planner, context) : ''}
${panels.map((p) => p.html).join('\n')}
${chartBlocks}
${tables}
<footer>Times are wall-clock times in ${esc(context.timezone)}.${input.generator ? ` Made by ${esc(input.generator)}.` : ''}</footer>
${scripts}
</body>
</html>
`, { worker: panels.some((p) => p.worker) })
}
