// The HTML report: one self-contained file that opens offline. The summary in words comes first,
// then the key figures, the four charts (interactive through vega-embed, whose bundle and
// vega's and vega-lite's are inlined from node_modules; or static SVG), the backup run table and
// the event log with a small filter script. A Content-Security-Policy forbids every network
// request, so nothing can be fetched even by accident.

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { LogEvent, Result } from '@snapsim/core'
import type { RiskSummary, SweepSummary } from '@snapsim/risk'
import { riskSpecs } from './risk.ts'
import { resolve, type ChartContext } from './context.ts'
import { keyFigures, type KeyFigure } from './figures.ts'
import { escapeHtml, jsonForScript, scriptText } from './html.ts'
import { toSvg } from './render.ts'
import { allSpecs, charts, type ChartId } from './specs.ts'
import { formatDuration, formatWall } from './time.ts'
import { formatBytes } from './units.ts'

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
  /** Monte Carlo: the risk over the replications, shown first (`result` is then an example run). */
  readonly risk?: RiskSummary
  /** A parameter sweep: its heatmap and table. */
  readonly sweep?: SweepSummary
}

export type ChartSvgs = Readonly<Partial<Record<string, string>>>

/** The risk charts of a report, keyed as their blocks are (`risk-fullByDay`, …). */
function riskChartSpecs(input: ReportInput): Record<string, unknown> {
  if (!input.risk) return {}
  const specs = riskSpecs(input.risk, input.context, input.sweep)
  return Object.fromEntries(Object.entries(specs).map(([k, v]) => [`risk-${k}`, v]))
}

const RISK_TITLES: Readonly<Record<string, string>> = {
  'risk-sweep': 'P(full) over the sweep',
  'risk-fullByDay': 'P(full by day d)',
  'risk-timeToFull': 'When the datastore filled',
  'risk-fan': 'Use over the replications',
}

/** The report as one HTML document. With `static: true` the charts are rendered to SVG first. */
export async function renderReport(input: ReportInput): Promise<string> {
  if (!input.static) return renderReportHtml(input)
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

const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:"

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

const EMBED_SCRIPT = `(function () {
  var specs = JSON.parse(document.getElementById('snapsim-specs').textContent);
  Object.keys(specs).forEach(function (id) {
    var el = document.getElementById('chart-' + id);
    vegaEmbed(el, specs[id], { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } })
      .catch(function (e) { el.textContent = 'This chart could not be drawn: ' + e.message; });
  });
})();`

const esc = escapeHtml

/** The sweep's points as a table, the cheapest point meeting the target marked. */
function sweepTable(sweep: SweepSummary): string {
  const paths = sweep.parameters.map((p) => p.path)
  const head = `<tr><th>point</th>${paths.map((p) => `<th>${esc(p)}</th>`).join('')}<th>P(full)</th><th>95 % interval</th><th>cost</th></tr>`
  const rows = sweep.points
    .map((p) => {
      const f = p.risk.pAnyFull
      const mark = sweep.target?.cheapest === p.index ? ' class="safe"' : ''
      return `<tr${mark}><td class="num">${p.index}</td>${paths.map((k) => `<td>${esc(String(p.values[k]))}</td>`).join('')}<td class="num">${(f.estimate * 100).toFixed(1)} %</td><td class="num">${(f.low * 100).toFixed(1)}–${(f.high * 100).toFixed(1)} %</td><td class="num">${p.cost}</td></tr>`
    })
    .join('\n')
  const target = sweep.target
    ? `<p>${sweep.target.cheapest === null ? `No point shows ${esc(sweep.target.text)} at 95 % confidence.` : `Cheapest point with ${esc(sweep.target.text)} (upper end of the 95 % interval): ${sweep.target.cheapest}.`}</p>`
    : ''
  return `${target}<div class="scroll"><table id="sweep"><thead>${head}</thead><tbody>${rows}</tbody></table></div>`
}

function eventSubject(e: LogEvent): string {
  switch (e.type) {
    case 'job-fire':
      return `job ${e.job}`
    case 'backup-start':
    case 'backup-end':
      return `${e.vm} (${e.job})`
    case 'snapshot-create':
    case 'snapshot-merge-start':
    case 'snapshot-removed':
    case 'snapshot-orphaned':
    case 'vm-state':
      return e.vm
    case 'alarm':
    case 'datastore-full':
    case 'guard-abort':
      return e.datastore
  }
}

function eventDetail(e: LogEvent): string {
  switch (e.type) {
    case 'job-fire':
      return `run ${e.run + 1}: ${e.action}`
    case 'backup-start':
      return `run ${e.run + 1}: reads ${formatBytes(e.bytes)}, snapshot chain depth ${e.chainDepth}`
    case 'backup-end':
      return `run ${e.run + 1}: ${e.outcome}, read ${formatBytes(e.bytesRead)}${e.reason ? ` (${e.reason})` : ''}`
    case 'snapshot-create':
      return `snapshot #${e.snapshot}, chain depth ${e.depth}`
    case 'snapshot-merge-start':
      return `snapshot #${e.snapshot}: merging ${formatBytes(e.bytes)} (${e.reason})`
    case 'snapshot-removed':
      return `snapshot #${e.snapshot}: removed, ${formatBytes(e.freed)} freed`
    case 'snapshot-orphaned':
      return `snapshot #${e.snapshot}: left behind`
    case 'alarm':
      return `${e.name} at ${formatBytes(e.level)}`
    case 'datastore-full':
      return `full at ${formatBytes(e.used)}; ${e.stopped} VMs stopped`
    case 'guard-abort':
      return `space guard aborted ${e.aborted} backups`
    case 'vm-state':
      return `${e.state}${e.reason ? ` (${e.reason})` : ''}`
  }
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
      `<td class="num">${b.run + 1}</td>`,
      esc(b.vm),
      esc(formatWall(clock(b.firedAt))),
      b.start === null ? '–' : esc(formatWall(clock(b.start))),
      b.end === null ? (b.start === null ? '–' : 'unfinished') : esc(formatWall(clock(b.end))),
      `<td class="num">${b.start === null ? '–' : esc(formatDuration((b.end ?? result.horizon) - b.start))}</td>`,
      `<td class="num">${esc(formatBytes(b.bytesRead))} / ${esc(formatBytes(b.bytesToRead))}</td>`,
      esc(b.outcome),
      `<td class="num">${b.chainDepth}</td>`,
      esc(flags),
      esc(b.reason ?? ''),
    ]
    return `<tr${bad ? ' class="bad"' : ''}>${cells.map((c) => (c.startsWith('<td') ? c : `<td>${c}</td>`)).join('')}</tr>`
  })
  const head = ['job', 'run', 'VM', 'fired', 'start', 'end', 'duration', 'read / to read', 'outcome', 'chain', 'notes', 'reason']
  const more = result.backups.length > max ? `<p class="muted">First ${max} of ${result.backups.length} tasks.</p>` : ''
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
  const more = result.log.length > max ? `<p class="muted">First ${max} of ${result.log.length} events.</p>` : ''
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

/**
 * The report from already rendered SVGs (static) or, when `svgs` is absent, with interactive
 * charts. Synchronous; `renderReport` is the usual entry.
 */
export function renderReportHtml(input: ReportInput, svgs?: ChartSvgs): string {
  const { result, context } = input
  const max = input.maxTableRows ?? 20000
  const figures = input.keyFigures ?? keyFigures(result, context)
  const interactive = svgs === undefined
  const chartBlocks = charts
    .map(({ id, title }) => {
      const body = interactive ? `<div id="chart-${id}" class="chart" role="img" aria-label="${esc(title)}"></div>` : `<div class="chart">${svgs[id] ?? ''}</div>`
      return `<section><h2>${esc(title)}</h2>${body}</section>`
    })
    .join('\n')
  const risk = riskChartSpecs(input)
  const riskIds = ['risk-sweep', 'risk-fullByDay', 'risk-timeToFull', 'risk-fan'].filter((id) => id in risk)
  const riskBlocks = riskIds
    .map((id) => {
      const title = RISK_TITLES[id]!
      const body = interactive ? `<div id="chart-${id}" class="chart" role="img" aria-label="${esc(title)}"></div>` : `<div class="chart">${svgs[id] ?? ''}</div>`
      return `<section><h3>${esc(title)}</h3>${body}</section>`
    })
    .join('\n')
  const riskSection = input.risk
    ? `<section id="risk"><h2>Risk over ${input.risk.replications} replications</h2>
<dl class="figures">
${input.risk.datastores.map((d) => `<dt>P(${esc(d.id)} full)</dt><dd>${(d.pFull.estimate * 100).toFixed(1)} % (95 % interval ${(d.pFull.low * 100).toFixed(1)}–${(d.pFull.high * 100).toFixed(1)} %)</dd>`).join('\n')}
<dt>Worst replication</dt><dd>${input.risk.worst.replication}: replay it with <code>snapsim run ${esc(input.risk.file)} --replication ${input.risk.worst.replication}</code></dd>
</dl>
${input.sweep ? sweepTable(input.sweep) : ''}
${riskBlocks}
<p class="muted">The charts below show one replication: the worst.</p>
</section>`
    : ''
  const chartScripts = interactive
    ? `${inlineBundles()}
<script type="application/json" id="snapsim-specs">${jsonForScript({ ...risk, ...allSpecs(result, context) })}</script>
<script>${EMBED_SCRIPT}</script>`
    : ''
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>snapsim report: ${esc(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>snapsim report: ${esc(input.title)}</h1>
${input.source ? `<p class="source">Scenario <code>${esc(input.source)}</code>, seed <code>${esc(result.seed)}</code></p>` : `<p class="source">Seed <code>${esc(result.seed)}</code></p>`}
</header>
<section class="summary" id="summary">
${input.summaryLines.map((l) => `<p>${esc(l)}</p>`).join('\n')}
</section>
<dl class="figures" id="figures">
${figures.map((f) => `<dt>${esc(f.label)}</dt><dd>${esc(f.value)}</dd>`).join('\n')}
</dl>
${interactive ? '<noscript><p>The charts need JavaScript; render the report with static charts to read them without it.</p></noscript>' : ''}
${riskSection}
${chartBlocks}
<section><h2>Backup runs</h2>
${backupTable(result, context, max)}
</section>
<section><h2>Event log</h2>
${logSection(result, context, max)}
</section>
<footer>Times are wall-clock times in ${esc(context.timezone)}.${input.generator ? ` Made by ${esc(input.generator)}.` : ''}</footer>
${chartScripts}
</body>
</html>
`
}
