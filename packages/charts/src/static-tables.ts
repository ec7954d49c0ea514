// The static report's tables (no chart script): the first rows of the backup tasks and of the
// event log as plain HTML rows, every value escaped, and a small inline filter script for the log.
// The interactive report builds virtual tables from packed columns instead (virtual-tables.ts).

import type { Result } from '@snapsim/core'
import { resolve, type ChartContext } from './context.ts'
import { eventDetail, eventSubject } from './event-words.ts'
import { escapeHtml as esc } from './html.ts'
import { formatDuration, formatWall } from './time.ts'
import { formatBytes } from './units.ts'

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

/** The backup table and the event log sections of a static report. */
export function staticTables(result: Result, ctx: ChartContext, max: number): string {
  return `<section><h2>Backup runs</h2>
${backupTable(result, ctx, max)}
</section>
<section><h2>Event log</h2>
<p class="muted">${esc(result.log.length)} log entries; the engine processed ${esc(result.events)} events.</p>
${logSection(result, ctx, max)}
</section>`
}
