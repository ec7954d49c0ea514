// The Monte Carlo report's first section: the risk over the replications in words (the
// sentences come from @snapsim/explain, already in their language). Every value is escaped, the
// language and heading included: the saved run a report is rebuilt from is hostile input.

import { escapeHtml } from './html.ts'

export interface RiskTold {
  /** BCP 47 language of the sentences (`de`, `en`): the section's `lang` attribute. */
  readonly lang: string
  readonly heading: string
  /** One sentence each: how many replications filled, when and where, the downtime, the worst; for a sweep its driver. */
  readonly sentences: readonly string[]
}

export function riskToldSection(n: RiskTold): string {
  return `<section id="risk-told" lang="${escapeHtml(n.lang)}"><h2>${escapeHtml(n.heading)}</h2>
<ul>
${n.sentences.map((s) => `<li>${escapeHtml(s)}</li>`).join('\n')}
</ul>
</section>`
}
