// The interactive report's table sections: the backup tasks and the event log as empty virtual
// tables with their filters, which the page script fills from the packed columns (page.ts
// `VTable`: only the rows in view are in the DOM).

import type { Result } from '@snapsim/core'
import { escapeHtml as esc } from './html.ts'
import { OUTCOMES } from './backups.ts'

function virtualTable(id: string, noun: string, kinds: readonly string[], kindLabel: string): string {
  return `<div class="filters">
<label>Filter <input id="${id}-filter" type="search" title="VM, job, word…" size="30"></label>
<label>${esc(kindLabel)} <select id="${id}-type"><option value="">all</option>${kinds.map((t) => `<option value="${esc(t)}">${esc(t)}</option>`).join('')}</select></label>
<span id="${id}-count" class="vcount muted"></span>
</div>
<div class="vscroll scroll"><table id="${id}" class="vtable"><thead></thead><tbody></tbody></table></div>
<noscript><p>The ${esc(noun)} table needs JavaScript; the same rows are in the CSV files beside the report.</p></noscript>`
}

/** The backup-task and event-log sections; the log holds the first `logMax` entries of types `logTypes`. */
export function virtualTables(result: Result, logMax: number, logTypes: readonly string[]): string {
  const logNote = result.log.length > logMax ? `<p class="muted">The first ${esc(logMax)} of ${esc(result.log.length)} log entries (all of them: <code>events.jsonl.gz</code>).</p>` : ''
  return `<section id="backups-table"><h2>Backup tasks</h2>
${virtualTable('backups', 'backup', OUTCOMES, 'Outcome')}
</section>
<section id="log-table"><h2>Event log</h2>
<p class="muted">${esc(result.log.length)} log entries; the engine processed ${esc(result.events)} events (a processed event may log several entries, or none: <code>logEntries</code> and <code>events</code> in summary.json).</p>
${logNote}
${virtualTable('log', 'event', logTypes, 'Type')}
</section>`
}
