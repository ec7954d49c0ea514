// The HTML report: one self-contained file that opens offline. The summary in words comes first,
// then the key figures, the four charts (interactive through vega-embed, whose bundle and
// vega's and vega-lite's are inlined from node_modules; or static SVG), the backup run table and
// the event log with a small filter script. A Content-Security-Policy forbids every network
// request, so nothing can be fetched even by accident.
//
// This file assembles the page; each part is its own file: the skeleton and style sheet
// (report-page.ts), a chart's block (chart-block.ts), the Monte Carlo and sweep sections
// (risk-section.ts, sweep-section.ts), the tables (virtual-tables.ts for the page script,
// static-tables.ts for a static report), the packed data (report-data.ts, table-columns.ts).

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Result } from '@snapsim/core'
import type { RiskSummary, SweepSummary } from '@snapsim/risk'
import { chartBlock, type ChartSvgs } from './chart-block.ts'
import type { ChartContext } from './context.ts'
import { keyFigures, type KeyFigure } from './figures.ts'
import { escapeHtml, scriptText } from './html.ts'
import { toSvg } from './render.ts'
import { allSpecs, charts } from './specs.ts'
import { drillSection } from './drilldown.ts'
import { PAGE_SCRIPT } from './page.ts'
import { EXPRESSIONS_SCRIPT } from './expressions.ts'
import { MARK_SCRIPT, NARRATION_STYLE, narrationSection, type Narration } from './narration.ts'
import { plannerSection, type PlannerFigures } from './planner.ts'
import { riskToldSection, type RiskTold } from './risk-told.ts'
import { FLEET_DATASTORES, reportData, reportDataAsync, reportLogMax, riskChartSpecs, type ReportData } from './report-data.ts'
import { reportPage } from './report-page.ts'
import { riskSection } from './risk-section.ts'
import { sweepSection } from './sweep-section.ts'
import { staticTables } from './static-tables.ts'
import { virtualTables } from './virtual-tables.ts'

export type { ChartSvgs } from './chart-block.ts'

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
  /** Rows per piece of the embedded backup table (default PIECE_ROWS, pieces.ts; tests cut small tables). */
  readonly tablePieceRows?: number
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

/**
 * vega's and vega-embed's browser bundles, in load order, ready to inline. No vega-lite: the
 * report's specs are compiled to vega when it is written (compile.ts).
 */
function inlineBundles(): string {
  if (bundles === undefined) {
    const dir = (pkg: string) => path.dirname(require.resolve(pkg))
    const files = [path.join(dir('vega'), 'vega.min.js'), path.join(dir('vega-embed'), 'vega-embed.min.js')]
    // then the report's evaluator of vega expressions (expressions.ts), before any chart
    bundles = [...files.map((f) => scriptText(readFileSync(f, 'utf8'))), EXPRESSIONS_SCRIPT].map((code) => `<script>${code}</script>`).join('\n')
  }
  return bundles
}

const esc = escapeHtml

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
    tables = virtualTables(result, logMax, logTypes)
    scripts = `${inlineBundles()}
${parts.join('\n')}
<script>${PAGE_SCRIPT}</script>${input.narration ? `\n<script>${MARK_SCRIPT}</script>` : ''}${panels.map((p) => (p.script ? `\n<script>${p.script}</script>` : '')).join('')}`
  } else {
    chartBlocks = `<div id="charts"></div>\n${charts.map(({ id, title }) => chartBlock(id, title, svgs, 'h2')).join('\n')}`
    tables = staticTables(result, context, max)
  }
  return reportPage({
    title: input.title,
    style: `${input.narration ? NARRATION_STYLE : ''}${panels.map((p) => p.style).join('')}`,
    header: input.source ? `<p class="source">Scenario <code>${esc(input.source)}</code>, seed <code>${esc(result.seed)}</code></p>` : `<p class="source">Seed <code>${esc(result.seed)}</code></p>`,
    body: `${input.riskTold ? `${riskToldSection(input.riskTold)}\n` : ''}${input.narration ? narrationSection(input.narration, context, interactive) : ''}
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
${scripts}`,
    worker: panels.some((p) => p.worker),
  })
}
