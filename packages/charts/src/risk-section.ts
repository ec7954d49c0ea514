// The Monte Carlo report's "Risk over N replications" section: the risk's key figures (P(full)
// with its interval per datastore, time to full, downtime, the worst replication and how to
// replay it), then its three charts (risk.ts specs).

import type { RiskSummary } from '@snapsim/risk'
import { chartBlock, type ChartSvgs } from './chart-block.ts'
import { resolve, type ChartContext } from './context.ts'
import { escapeHtml as esc } from './html.ts'
import { formatProportion, quantile } from './risk.ts'
import { formatDuration, formatWall } from './time.ts'

/** The section's charts: ids as the report keys their specs (report-data.ts `riskChartSpecs`). */
export const RISK_CHARTS: readonly { readonly id: string; readonly title: string }[] = [
  { id: 'risk-fullByDay', title: 'P(full by day d)' },
  { id: 'risk-timeToFull', title: 'Time to the first fill' },
  { id: 'risk-fan', title: 'Use over the replications' },
]

/** A path as a shell word: as it is when it needs no quoting, else in single quotes. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
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
export function riskSection(risk: RiskSummary, ctx: ChartContext, svgs: ChartSvgs | undefined): string {
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

