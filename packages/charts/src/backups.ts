// Backup runs as a Gantt chart: one row per VM, a bar per task from snapshot to end (or to the
// horizon when unfinished), coloured by outcome; runs whose fire found the previous run still
// going get a black outline; a snapshot chain deeper than 1 is written on the bar ("×2").
// Tasks that never started (skipped, snapshot refused) are crosses at their fire time.

import type { BackupOutcome, Result } from '@snapsim/core'
import { fullLayers, pickVms, timeX, zoomParam } from './common.ts'
import { resolve, type ChartContext } from './context.ts'
import { chartConfig, DATA_MARK, outcomeColors } from './theme.ts'
import { formatDuration, formatWall } from './time.ts'
import { formatBytes } from './units.ts'
import type { Layer, TopLevelSpec } from './vl.ts'
import { depthLabelLayer } from './depth-labels.ts'

/** Every outcome of a task, in legend order (also the backup table's: a row holds its outcome's index). */
export const OUTCOMES: readonly BackupOutcome[] = ['success', 'failed', 'cancelled', 'skipped', 'snapshot-failed', 'unfinished']
/** The colour scale of a task's outcome: the Gantt's and the drill-down's (drilldown.ts). */
export const outcomeScale = { domain: [...OUTCOMES], range: OUTCOMES.map((o) => outcomeColors[o]) }


/**
 * More bars than this: the report draws the chart on a canvas (an SVG element per bar is slow to
 * build and lay out: the BSI growth report's 2,160 tasks drew about 10 % faster on a canvas,
 * main-thread CPU in Chromium, bench/report.ts).
 */
export const CANVAS_MARKS = 1000

/** Worst first: the outcome a job run's bar is coloured by when its tasks ended differently. */
const SEVERITY: readonly BackupOutcome[] = ['unfinished', 'snapshot-failed', 'failed', 'cancelled', 'skipped', 'success']

/** One bar per job run: earliest start (or fire) to latest end of its tasks. */
export interface JobRunBar {
  readonly job: string
  readonly run: number
  readonly from: number
  readonly to: number
  readonly tasks: number
  readonly outcome: BackupOutcome
  readonly counts: Readonly<Partial<Record<BackupOutcome, number>>>
  readonly overlapped: number
  readonly maxChainDepth: number
}

/** The job runs of a result, aggregated over their tasks (the Gantt of a fleet). */
export function jobRunBars(result: Result): JobRunBar[] {
  const runs = new Map<string, { job: string; run: number; from: number; to: number; tasks: number; counts: Partial<Record<BackupOutcome, number>>; overlapped: number; maxChainDepth: number }>()
  for (const b of result.backups) {
    const key = `${b.run}\u0000${b.job}`
    const from = b.start ?? b.firedAt
    const to = b.end ?? (b.start === null ? b.firedAt : result.horizon)
    let g = runs.get(key)
    if (g === undefined) runs.set(key, (g = { job: b.job, run: b.run, from, to, tasks: 0, counts: {}, overlapped: 0, maxChainDepth: 0 }))
    g.from = Math.min(g.from, from)
    g.to = Math.max(g.to, to)
    g.tasks++
    g.counts[b.outcome] = (g.counts[b.outcome] ?? 0) + 1
    if (b.overlapped) g.overlapped++
    g.maxChainDepth = Math.max(g.maxChainDepth, b.chainDepth)
  }
  return [...runs.values()].map((g) => ({ ...g, outcome: SEVERITY.find((o) => (g.counts[o] ?? 0) > 0)! }))
}

/**
 * The Gantt with one lane per job (a bar per run) instead of one per VM: what a fleet needs when
 * it has more VMs than rows fit (`maxRows`). Jobs with trouble first when there are more jobs.
 */
export function jobLanesSpec(result: Result, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const bars = jobRunBars(result)
  const trouble = new Map<string, number>()
  for (const g of bars) trouble.set(g.job, (trouble.get(g.job) ?? 0) + (g.tasks - (g.counts.success ?? 0)) + g.overlapped)
  const jobs = [...trouble.keys()].sort((a, b) => trouble.get(b)! - trouble.get(a)! || (a < b ? -1 : 1))
  const shown = jobs.slice(0, r.maxRows)
  const keep = new Set(shown)
  const order = [...shown].sort()
  const rows = bars
    .filter((g) => keep.has(g.job))
    .map((g) => {
      return {
        job: g.job,
        run: g.run + 1,
        x: r.clock(g.from),
        x2: r.clock(g.to),
        outcome: g.outcome,
        overlapped: g.overlapped > 0,
        // written only where it fits at the current zoom (depth-labels.ts)
        depthLabel: g.maxChainDepth >= 2 ? `×${g.maxChainDepth}` : '',
        tasks: `${g.tasks}: ${OUTCOMES.filter((o) => g.counts[o]).map((o) => `${g.counts[o]} ${o}`).join(', ')}`,
        overlappedText: g.overlapped === 0 ? '' : `${g.overlapped} overlapped their predecessor`,
        maxChainDepth: g.maxChainDepth,
        duration: formatDuration(g.to - g.from),
      }
    })
  const tooltip = [
    { field: 'job', title: 'job' },
    { field: 'run', title: 'run' },
    { field: 'tasks', title: 'tasks' },
    { field: 'from', title: 'first start' },
    { field: 'to', title: 'last end' },
    { field: 'duration', title: 'duration' },
    { field: 'maxChainDepth', title: 'deepest chain' },
    { field: 'overlappedText', title: 'note' },
  ]
  const y = { field: 'job', type: 'nominal' as const, title: null, sort: order }
  const explain = `one lane per job, a bar per run (first start to last end of its ${result.vms.length > 1 ? 'VMs’ tasks' : 'tasks'}), coloured by its worst outcome; black outline: a task overlapped its predecessor; ×n: deepest snapshot chain`
  const note = shown.length < jobs.length ? `${shown.length} of ${jobs.length} jobs shown (those with trouble first)` : `${result.vms.length} VMs in ${jobs.length} jobs; the table below lists every task`
  return {
    config: chartConfig,
    // thousands of bars: drawn on a canvas in the report (page.ts), not as SVG elements
    ...(rows.length > CANVAS_MARKS ? { usermeta: { canvas: true } } : {}),
    title: { text: 'Backup runs per job', subtitle: [explain, note] },
    width: r.width,
    height: { step: 16 },
    layer: [
      {
        // the lanes themselves, across the plot: a click anywhere in one opens its VMs in the
        // report (drilldown.ts), however thin its bars are at this zoom
        data: { values: order.map((job) => ({ job, hint: 'click for the VMs of this job' })) },
        mark: { type: 'rect', color: '#f4f4f4', cursor: 'pointer' },
        encoding: { y, x: { value: 0 }, x2: { value: r.width }, tooltip: [{ field: 'job', title: 'job' }, { field: 'hint', title: ' ' }] },
      },
      {
        data: { values: rows },
        transform: [
          { calculate: `utcFormat(datum.x, '%Y-%m-%d %H:%M')`, as: 'from' },
          { calculate: `utcFormat(datum.x2, '%Y-%m-%d %H:%M')`, as: 'to' },
        ],
        params: [zoomParam],
        mark: { type: 'bar', height: { band: 0.7 }, ...DATA_MARK },
        encoding: {
          x: timeX('x', [r.clock(0), r.clock(result.horizon)]),
          x2: { field: 'x2' },
          y,
          color: { field: 'outcome', type: 'nominal', scale: outcomeScale, legend: { title: 'worst outcome', orient: 'top' } },
          stroke: { condition: { test: 'datum.overlapped', value: 'black' }, value: null },
          strokeWidth: { condition: { test: 'datum.overlapped', value: 1.5 }, value: 0 },
          tooltip,
        },
      },
      depthLabelLayer({ values: rows.filter((row) => row.depthLabel !== '') }, y, 'depthLabel'),
      ...fullLayers(r, result.datastores),
    ],
  }
}

/**
 * A task bar's encoding, shared by the per-VM Gantt here and the drill-down (drilldown.ts): from
 * its start to its end (`x`, `x2`), coloured by outcome, outlined black where it overlapped its
 * predecessor.
 */
export function taskBarEncoding<Y, S, T>(domain: readonly [number, number], y: Y, outcomeScale: S, tooltip: T) {
  return {
    x: timeX('x', domain),
    x2: { field: 'x2' },
    y,
    color: { field: 'outcome', type: 'nominal', scale: outcomeScale, legend: { title: 'outcome', orient: 'top' } },
    stroke: { condition: { test: 'datum.overlapped', value: 'black' }, value: null },
    strokeWidth: { condition: { test: 'datum.overlapped', value: 1.5 }, value: 0 },
    tooltip,
  } as const
}

/** The Gantt: one row per VM while they fit (`maxRows`), else one lane per job (`jobLanesSpec`). */
export function backupRunsSpec(result: Result, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  if (result.vms.length > r.maxRows) return jobLanesSpec(result, ctx)
  const { vms, note } = pickVms(result, r.maxRows)
  const shown = new Set(vms.map((v) => v.id))
  const rows = result.backups
    .filter((b) => shown.has(b.vm))
    .map((b) => {
      const x = r.clock(b.start ?? b.firedAt)
      const endT = b.end ?? (b.start === null ? b.firedAt : result.horizon)
      const x2 = r.clock(endT)
      return {
        vm: b.vm,
        job: b.job,
        run: b.run + 1,
        started: b.start !== null,
        x,
        x2,
        outcome: b.outcome,
        overlapped: b.overlapped,
        chainDepth: b.chainDepth,
        // written only where it fits on the bar at the current zoom (depth-labels.ts)
        depthLabel: b.chainDepth >= 2 ? `×${b.chainDepth}` : '',
        startText: b.start === null ? `never started (fired ${formatWall(r.clock(b.firedAt))})` : formatWall(x),
        endText: b.end === null ? (b.start === null ? '–' : 'unfinished at the horizon') : formatWall(x2),
        durationText: b.start === null ? '–' : formatDuration(endT - b.start),
        readText: `${formatBytes(b.bytesRead)} of ${formatBytes(b.bytesToRead)}${b.incremental ? ' (incremental)' : ''}`,
        flags: [b.overlapped ? 'overlapped its predecessor' : '', b.missedWindow ? 'missed its window' : '', b.orphaned ? 'left its snapshot behind' : '']
          .filter(Boolean)
          .join(', '),
        reason: b.reason ?? '',
      }
    })
  const tooltip = [
    { field: 'vm', title: 'VM' },
    { field: 'job', title: 'job' },
    { field: 'run', title: 'run' },
    { field: 'outcome', title: 'outcome' },
    { field: 'startText', title: 'start' },
    { field: 'endText', title: 'end' },
    { field: 'durationText', title: 'duration' },
    { field: 'readText', title: 'read' },
    { field: 'chainDepth', title: 'chain depth' },
    { field: 'flags', title: 'note' },
    { field: 'reason', title: 'reason' },
  ]
  const y = { field: 'vm', type: 'nominal' as const, title: null, sort: vms.map((v) => v.id) }
  const started = rows.filter((row) => row.started)
  const never = rows.filter((row) => !row.started)
  const layers: Layer[] = [
    {
      data: { values: started },
      params: [zoomParam],
      mark: { type: 'bar', height: { band: 0.7 }, cornerRadius: 2, ...DATA_MARK },
      encoding: taskBarEncoding([r.clock(0), r.clock(result.horizon)], y, outcomeScale, tooltip),
    },
    depthLabelLayer({ values: started.filter((row) => row.depthLabel !== '') }, y, 'depthLabel', tooltip),
  ]
  if (never.length > 0) {
    layers.push({
      data: { values: never },
      mark: { type: 'point', shape: 'cross', size: 60, filled: true },
      encoding: {
        x: { field: 'x', type: 'temporal' },
        y,
        color: { field: 'outcome', type: 'nominal', scale: outcomeScale, legend: { title: 'outcome', orient: 'top' } },
        tooltip,
      },
    })
  }
  layers.push(...fullLayers(r, result.datastores))
  const explain = 'black outline: its job was still running from the previous fire; ×n: snapshot chain depth; ✕: never started'
  return {
    config: chartConfig,
    ...(rows.length > CANVAS_MARKS ? { usermeta: { canvas: true } } : {}),
    title: { text: 'Backup runs', subtitle: note === null ? explain : [explain, note] },
    width: r.width,
    height: { step: 16 },
    layer: layers,
  }
}
