// A chart's place in the report: an empty element the page's script draws into (interactive) or
// the chart already rendered to SVG (static), under its heading.

import { escapeHtml as esc } from './html.ts'

/** Charts rendered to SVG by id, for a static report. */
export type ChartSvgs = Readonly<Partial<Record<string, string>>>

/** A chart's block: an empty element vega-embed fills (interactive) or the SVG (static). */
export function chartBlock(id: string, title: string, svgs: ChartSvgs | undefined, heading: 'h2' | 'h3'): string {
  const body = svgs === undefined ? `<div id="chart-${esc(id)}" class="chart" role="img" aria-label="${esc(title)}"></div>` : `<div class="chart">${svgs[id] ?? ''}</div>`
  return `<section><${heading}>${esc(title)}</${heading}>${body}</section>`
}

