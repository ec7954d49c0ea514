// The planner's figures as two tables in the report: per backup job (run durations and their
// trend, window headroom, tasks that missed the window, backlog) and per datastore (least free
// space, the deltas' peak, time above each alarm level). The CLI's summary computes them
// (summary.json `jobs[]`, `datastores[]`, docs/results.md); here they are only laid out. Every
// value is escaped, whatever its type: a tampered result file may put text where a number was.

import { resolve, type ChartContext } from './context.ts'
import { escapeHtml as esc } from './html.ts'
import { formatDuration, formatWall } from './time.ts'
import { formatBytes } from './units.ts'

/** Median (R-7, as d3-array), 95th percentile and maximum of some durations. */
export interface Spread {
  readonly median: number
  readonly p95: number
  readonly max: number
}

/**
 * A job's figures as summary.json holds them (the fields the table shows; the CLI's JobFigures,
 * cli/job-figures.ts, computes them and adds the lists the table does not show).
 */
export interface PlannerJob {
  readonly id: string
  /** Fires whose run started at least one task. */
  readonly runs: number
  /** Of those, runs still going at the horizon (not in the durations). */
  readonly runsUnfinished: number
  /** Seconds from the fire to the end of the run's last task, over finished runs. */
  readonly runDurationSeconds: Spread | null
  /** Least-squares slope of run duration over fire time, in seconds per week; null below 2 runs. */
  readonly runDurationTrendPerWeek: number | null
  /** The job's `window` in seconds; null = until its next fire, or a local-time window. */
  readonly windowSeconds: number | null
  /** The window is a local time of day (`window: 20:00-06:00`): each run has its own end. */
  readonly windowLocal: boolean
  /** Window end minus run end over finished runs with a window end (negative: missed). */
  readonly headroomSeconds: { readonly min: number; readonly median: number } | null
  readonly tasksMissedWindow: number
  /** Local dates (of the fire) on which a task missed its window. */
  readonly missedWindowDays: number
  /** Largest count, over the fires, of tasks of earlier fires still waiting or reading at a fire. */
  readonly backlogMax: number
  /** Fires at which a backlog (one task or more) was waiting. */
  readonly firesWithBacklog: number
}

/** Time above one alarm level. */
export interface TimeAboveLevel {
  readonly name: string
  /** Share of capacity. */
  readonly level: number
  /** Seconds with use at or above the level (from each alarm until use fell below it). */
  readonly seconds: number
}

/** A datastore's figures as summary.json holds them (computed by cli/datastore-figures.ts). */
export interface PlannerDatastore {
  readonly id: string
  readonly capacityBytes: number
  readonly minFreeBytes: number
  readonly minFreeAt: number
  readonly peakDeltasBytes: number
  readonly peakDeltasAt: number
  readonly timeAboveAlarms: readonly TimeAboveLevel[]
}

export interface PlannerFigures {
  readonly jobs: readonly PlannerJob[]
  readonly datastores: readonly PlannerDatastore[]
}

/** A signed duration: "−12 min" for an overrun (formatDuration itself stops at 0). */
function signed(seconds: number): string {
  return seconds < 0 ? `−${formatDuration(-seconds)}` : formatDuration(seconds)
}

function windowText(j: PlannerJob): string {
  if (j.windowLocal) return 'local window'
  return j.windowSeconds === null ? 'until the next fire' : formatDuration(j.windowSeconds)
}

function row(cells: readonly unknown[]): string {
  return `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`
}

function head(cells: readonly string[]): string {
  return `<thead><tr>${cells.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead>`
}

/** The jobs' table: one row per job. */
export function plannerJobsTable(jobs: readonly PlannerJob[]): string {
  const rows = jobs.map((j) => {
    const d = j.runDurationSeconds
    const trend = j.runDurationTrendPerWeek
    return row([
      j.id,
      j.runsUnfinished > 0 ? `${j.runs} (${j.runsUnfinished} unfinished)` : j.runs,
      d ? formatDuration(d.median) : '—',
      d ? formatDuration(d.p95) : '—',
      d ? formatDuration(d.max) : '—',
      trend === null ? '—' : `${trend < 0 ? '−' : '+'}${formatDuration(Math.abs(trend))} per week`,
      windowText(j),
      j.headroomSeconds ? signed(j.headroomSeconds.min) : '—',
      j.headroomSeconds ? signed(j.headroomSeconds.median) : '—',
      j.tasksMissedWindow === 0 ? 0 : `${j.tasksMissedWindow} on ${j.missedWindowDays} ${j.missedWindowDays === 1 ? 'day' : 'days'}`,
      j.backlogMax === 0 ? 0 : `${j.backlogMax} (${j.firesWithBacklog} ${j.firesWithBacklog === 1 ? 'fire' : 'fires'} with a backlog)`,
    ])
  })
  return `<table id="planner-jobs" class="planner">
${head(['job', 'runs', 'median run', '95th percentile', 'longest', 'trend', 'window', 'least headroom', 'median headroom', 'tasks that missed the window', 'largest backlog'])}
<tbody>
${rows.join('\n')}
</tbody>
</table>`
}

/** The datastores' table: one row per datastore. */
export function plannerDatastoresTable(datastores: readonly PlannerDatastore[], ctx: ChartContext): string {
  const { clock } = resolve(ctx)
  const rows = datastores.map((d) => {
    const above = d.timeAboveAlarms.filter((a) => a.seconds > 0)
    return row([
      d.id,
      `${formatBytes(d.minFreeBytes)} at ${formatWall(clock(d.minFreeAt))}`,
      d.peakDeltasBytes > 0 ? `${formatBytes(d.peakDeltasBytes)} at ${formatWall(clock(d.peakDeltasAt))}` : 'no deltas',
      above.length === 0 ? 'never above an alarm level' : above.map((a) => `${a.name} (${formatBytes(a.level * d.capacityBytes)}): ${formatDuration(a.seconds)}`).join('; '),
    ])
  })
  return `<table id="planner-datastores" class="planner">
${head(['datastore', 'least free space', 'peak of all deltas', 'time above the alarm levels'])}
<tbody>
${rows.join('\n')}
</tbody>
</table>`
}

/** The section: both tables (the report's hook, after the key figures). */
export function plannerSection(figures: PlannerFigures, ctx: ChartContext): string {
  return `<section id="planner">
<h2>Planner figures</h2>
${figures.jobs.length > 0 ? `<h3>Backup jobs</h3>\n<div class="scroll">${plannerJobsTable(figures.jobs)}</div>` : ''}
<h3>Datastores</h3>
<div class="scroll">${plannerDatastoresTable(figures.datastores, ctx)}</div>
<p class="muted">Run: from the fire to the end of its last task. Headroom: window end minus run end (negative: an overrun). Backlog: tasks of earlier fires still waiting or reading when the job fired again. Details: docs/results.md.</p>
</section>`
}
