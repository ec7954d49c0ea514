// The sweep report's "Parameter sweep" section: the P(full) heatmap and the table of every point,
// the cheapest point meeting the target highlighted and named.

import type { SweepSummary } from '@snapsim/risk'
import { chartBlock, type ChartSvgs } from './chart-block.ts'
import { escapeHtml as esc } from './html.ts'
import { formatPercent, sweepTable } from './risk.ts'
import { formatDuration } from './time.ts'

/** "Parameter sweep": the heatmap and the table of every point, the cheapest safe point highlighted. */
export function sweepSection(sweep: SweepSummary, svgs: ChartSvgs | undefined): string {
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

