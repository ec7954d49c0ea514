// The report's page skeleton: the document around the sections, with its style sheet and the
// Content-Security-Policy slot (html.ts fills it with the hashes of the page's inline scripts).

import { CSP_SLOT, documentHead, escapeHtml as esc, withContentSecurityPolicy } from './html.ts'

/** The report's style sheet (sections add theirs after it). */
export const REPORT_STYLE = `
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

/**
 * The whole document: `title` in the head and the heading, `style` after the report's own, `body`
 * after the header (sections, footer and scripts); `worker`: the CSP allows a blob: Web Worker.
 */
export function reportPage(page: { readonly title: string; readonly style: string; readonly header: string; readonly body: string; readonly worker: boolean }): string {
  return withContentSecurityPolicy(`${documentHead({ csp: CSP_SLOT, title: `snapsim report: ${page.title}`, style: REPORT_STYLE + page.style })}
<header>
<h1>snapsim report: ${esc(page.title)}</h1>
${page.header}
</header>
${page.body}
</body>
</html>
`, { worker: page.worker })
}
