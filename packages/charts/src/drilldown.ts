// Drill-down from a job lane of the fleet Gantt to that job's VMs. The job lanes (backups.ts
// `jobLanesSpec`) show one bar per run; a click on a lane draws, below it, the Gantt of that
// job's VMs: a row per VM, a bar per task. The tasks are not embedded a second time: the page
// builds the rows from the backup table's columns it already holds (table-columns.ts `backupColumns`,
// times in wall-clock minutes) into this spec's named dataset, so the detail costs no bytes of
// the file and is drawn only when asked for.

import type { Result } from '@snapsim/core'
import { CANVAS_MARKS, outcomeScale, taskBarEncoding } from './backups.ts'
import { zoomParam } from './common.ts'
import { resolve, type ChartContext } from './context.ts'
import { depthLabelLayer } from './depth-labels.ts'
import { chartConfig, DATA_MARK } from './theme.ts'
import type { TopLevelSpec } from './vl.ts'

/** The dataset the page fills: `{ vm, run, x, x2, started, outcome, overlapped, chain, depthLabel, start, end, duration }` per task. */
export const DRILL_DATA = 'tasks'
/** Most VM rows of one job's drill-down (the VMs with trouble first); the table lists every task. */
export const DRILL_MAX_VMS = 200
/** The narrowest task bar at the drill-down's opening zoom (one run), in pixels. */
export const DRILL_MIN_PX = 4

/**
 * The drill-down chart with an empty dataset (`usermeta.data`). The report embeds it compiled to
 * vega; the page sets its `title.text`, its x scale's domain and the dataset's values for the
 * clicked job.
 */
export function jobVmsSpec(result: Result, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const y = { field: 'vm', type: 'nominal' as const, title: null, sort: { field: 'order', op: 'min' as const } }
  const tooltip = [
    { field: 'vm', title: 'VM' },
    { field: 'run', title: 'run' },
    { field: 'outcome', title: 'outcome' },
    { field: 'start', title: 'start' },
    { field: 'end', title: 'end' },
    { field: 'duration', title: 'duration' },
    { field: 'chain', title: 'chain depth' },
    { field: 'note', title: 'note' },
  ]
  return {
    config: chartConfig,
    // the page opens the chart on one run (its x domain) with bars at least minPx wide, on a
    // canvas above canvasMarks tasks (page.ts)
    usermeta: { maxVms: DRILL_MAX_VMS, minPx: DRILL_MIN_PX, canvasMarks: CANVAS_MARKS, data: DRILL_DATA },
    title: { text: 'VMs of a job', subtitle: 'a row per VM, a bar per task, coloured by outcome; black outline: overlapped its predecessor; ×n: snapshot chain depth (where it fits: zoom in for more); ✕: never started; opens on the run at the clicked time, bars there at least 4 px wide' },
    width: r.width,
    height: { step: 14 },
    datasets: { [DRILL_DATA]: [] },
    layer: [
      {
        data: { name: DRILL_DATA },
        transform: [{ filter: 'datum.started' }],
        params: [zoomParam],
        mark: { type: 'bar', height: { band: 0.7 }, cornerRadius: 1, clip: true, ...DATA_MARK },
        encoding: taskBarEncoding([r.clock(0), r.clock(result.horizon)], y, outcomeScale, tooltip),
      },
      depthLabelLayer({ name: DRILL_DATA, filter: 'datum.started && datum.chain >= 2' }, y, 'depthLabel', tooltip),
      {
        data: { name: DRILL_DATA },
        transform: [{ filter: '!datum.started' }],
        mark: { type: 'point', shape: 'cross', size: 50, filled: true, clip: true },
        encoding: {
          x: { field: 'x', type: 'temporal' },
          y,
          color: { field: 'outcome', type: 'nominal', scale: outcomeScale, legend: { title: 'outcome', orient: 'top' } },
          tooltip,
        },
      },
    ],
  } as unknown as TopLevelSpec
}

/** The report's drill-down block, hidden until a job lane is clicked (the page fills it). */
export function drillSection(): string {
  return `<p class="muted" id="drill-hint">A click on a job's lane above draws the Gantt of its VMs here.</p>
<section id="drill" hidden><h2>VMs of job <span id="drill-name"></span></h2>
<p class="muted" id="drill-note"></p>
<div id="chart-drill" class="chart" role="img" aria-label="Backup tasks of one job's VMs"></div>
</section>`
}
