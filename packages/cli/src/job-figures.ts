// What a capacity planner asks of each backup job: how long its runs take (and whether that
// grows), how much of its window is left, which tasks missed it, and how much work was still
// pending when it fired again. The engine tracks the runs' spans, the missed tasks and the
// backlog in both levels of detail (Result.jobs); `fromRecords` derives the same from the task
// records of a full-detail run — result files written before the engine kept them, and the
// slow twin the tracked figures are tested against (planner-figures.test.ts). Each figure is a
// small pure function over (fire time, end) pairs, testable alone.

import { quantileSorted } from 'd3-array'
import type { PlannerJob, Spread } from '@snapsim/charts'
import type { BackupRecord, Job, JobResult, LogEvent, RunSpan } from '@snapsim/core'

export type { RunSpan }

export type { Spread }

/** A job's figures: those the report's table shows (PlannerJob, documented there) and two lists. */
export interface JobFigures extends PlannerJob {
  /**
   * The first `MISSED_DATES` of the dates in `missedWindowDays`, each with its count of tasks and
   * the first `MISSED_VMS` of their VMs (by fire, then by the VM's position in the job):
   * summary.json stays a summary at any fleet size; every task that missed is in backups.csv
   * (column `missedWindow`).
   */
  readonly missedWindow: readonly { readonly date: string; readonly tasks: number; readonly vms: readonly string[] }[]
  /** The first fire (counted from 1) with the largest backlog; null when no fire had one. */
  readonly backlogMaxRun: number | null
}

/** Dates listed in `missedWindow` (the count of all is `missedWindowDays`). */
export const MISSED_DATES = 10
/** VMs listed per date in `missedWindow` (the count of all is `tasks`). */
export const MISSED_VMS = 10

const WEEK = 7 * 86400

/** The runs of one job's tasks that started anything, in fire order. */
export function runSpans(tasks: readonly BackupRecord[]): RunSpan[] {
  const byRun = new Map<number, { firedAt: number; end: number | null; started: boolean }>()
  for (const b of tasks) {
    let r = byRun.get(b.run)
    if (!r) byRun.set(b.run, (r = { firedAt: b.firedAt, end: Number.NEGATIVE_INFINITY, started: false }))
    if (b.start === null && b.outcome === 'skipped') continue
    r.started ||= b.start !== null || b.end === null
    if (b.end === null) r.end = null
    else if (r.end !== null) r.end = Math.max(r.end, b.end)
  }
  return [...byRun.entries()]
    .filter(([, r]) => r.started)
    .sort((a, b) => a[0] - b[0])
    .map(([run, r]) => ({ run, firedAt: r.firedAt, end: r.end }))
}

/** Median (R-7, as d3-array), 95th percentile and maximum; null for no values. */
export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null
  const s = [...values].sort((a, b) => a - b)
  return { median: quantileSorted(s, 0.5)!, p95: quantileSorted(s, 0.95)!, max: s[s.length - 1]! }
}

/** Ordinary least-squares slope of y over x; null below two points or with all x equal. */
export function slope(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length
  if (n < 2) return null
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += xs[i]!
    my += ys[i]!
  }
  mx /= n
  my /= n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my)
    sxx += (xs[i]! - mx) ** 2
  }
  return sxx === 0 ? null : sxy / sxx
}

/** As the engine judges a task: the fire's local window end, else `window` after the fire, else the next fire. */
export function windowEnd(job: Pick<Job, 'fires' | 'window' | 'windowEnds'>, fire: number): number {
  return job.windowEnds?.[fire] ?? (job.window !== undefined ? job.fires[fire]! + job.window : (job.fires[fire + 1] ?? Number.POSITIVE_INFINITY))
}

/**
 * Tasks fired before each fire time and not ended by it (waiting or reading). The
 * straightforward count, fires × tasks: the twin `backlogAtFiresSorted` is tested against it.
 */
export function backlogAtFires(fires: readonly number[], tasks: readonly Pick<BackupRecord, 'firedAt' | 'end'>[]): number[] {
  return fires.map((f) => {
    let n = 0
    for (const b of tasks) if (b.firedAt < f && (b.end === null || b.end > f)) n++
    return n
  })
}

/** Elements of ascending `xs` below `v` (`strict`) or at most `v`. */
function countBelow(xs: Float64Array, v: number, strict: boolean): number {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (strict ? xs[mid]! < v : xs[mid]! <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The same counts as `backlogAtFires` from sorted times, (fires + tasks) × log tasks: a year of
 * a 1,000-VM fleet's nightly job has 365 fires × 7,300 tasks, and the plain count took seconds
 * over all jobs. A task ends no earlier than it fires, so at a fire f the tasks fired before f
 * are those with firedAt < f, and of them the ended ones are those with end ≤ f — except a task
 * fired and ended exactly at f, which was never fired before f.
 */
export function backlogAtFiresSorted(fires: readonly number[], tasks: readonly Pick<BackupRecord, 'firedAt' | 'end'>[]): number[] {
  const fired = Float64Array.from(tasks, (b) => b.firedAt).sort()
  const ended = Float64Array.from(
    tasks.filter((b) => b.end !== null),
    (b) => b.end!,
  ).sort()
  const atOnce = new Map<number, number>()
  for (const b of tasks) if (b.end !== null && b.end === b.firedAt) atOnce.set(b.end, (atOnce.get(b.end) ?? 0) + 1)
  return fires.map((f) => countBelow(fired, f, true) - (countBelow(ended, f, false) - (atOnce.get(f) ?? 0)))
}

/** The tasks that missed their window, by fire and then the VM's position in the job (as Result.jobs). */
export function missedFromRecords(job: Pick<Job, 'vms'>, tasks: readonly BackupRecord[]): MissedTask[] {
  const position = new Map(job.vms.map((id, i) => [id, i]))
  return tasks
    .filter((b) => b.missedWindow)
    .map((b) => ({ run: b.run, firedAt: b.firedAt, vm: b.vm }))
    .sort((a, b) => a.run - b.run || position.get(a.vm)! - position.get(b.vm)!)
}

/**
 * What Result.jobs holds for a job, derived from its full-detail task records and log: a queued
 * fire whose run never started has no records, yet its VMs wait from its fire on (the log's
 * `queue` action says so).
 */
export function fromRecords(job: Pick<Job, 'id' | 'vms' | 'fires'>, tasks: readonly BackupRecord[], log: readonly LogEvent[]): JobResult {
  const withRecords = new Set(tasks.map((b) => b.run))
  const queuedOnly = log.flatMap((e) => (e.type === 'job-fire' && e.job === job.id && e.action === 'queue' && !withRecords.has(e.run) ? [job.fires[e.run]!] : []))
  const backlog = backlogAtFiresSorted(job.fires, tasks).map((n, i) => n + queuedOnly.filter((q) => q < job.fires[i]!).length * job.vms.length)
  return { id: job.id, runs: runSpans(tasks), missedWindow: missedFromRecords(job, tasks), backlog }
}

export type MissedTask = JobResult['missedWindow'][number]

export function jobFigures(job: Pick<Job, 'id' | 'fires' | 'window' | 'windowEnds'>, tracked: JobResult, dateOf: (t: number) => string): JobFigures {
  const spans = tracked.runs
  const finished = spans.filter((s): s is RunSpan & { end: number } => s.end !== null)
  const durations = finished.map((s) => s.end - s.firedAt)
  const headroom = finished.flatMap((s) => {
    const w = windowEnd(job, s.run)
    return Number.isFinite(w) ? [w - s.end] : []
  })
  const sortedHeadroom = [...headroom].sort((a, b) => a - b)
  const missedByDate = new Map<string, { tasks: number; vms: string[] }>()
  for (const b of tracked.missedWindow) {
    const date = dateOf(b.firedAt)
    const day = missedByDate.get(date)
    if (day === undefined) missedByDate.set(date, { tasks: 1, vms: [b.vm] })
    else if (day.tasks++ < MISSED_VMS) day.vms.push(b.vm)
  }
  const missed = tracked.missedWindow.length
  const backlog = tracked.backlog
  const backlogMax = backlog.reduce((a, b) => Math.max(a, b), 0)
  const trend = slope(
    finished.map((s) => s.firedAt),
    durations,
  )
  return {
    id: job.id,
    runs: spans.length,
    runsUnfinished: spans.length - finished.length,
    runDurationSeconds: spread(durations),
    runDurationTrendPerWeek: trend === null ? null : trend * WEEK,
    windowSeconds: job.windowEnds ? null : (job.window ?? null),
    windowLocal: job.windowEnds !== undefined,
    headroomSeconds: sortedHeadroom.length === 0 ? null : { min: sortedHeadroom[0]!, median: quantileSorted(sortedHeadroom, 0.5)! },
    tasksMissedWindow: missed,
    missedWindowDays: missedByDate.size,
    missedWindow: [...missedByDate.entries()].slice(0, MISSED_DATES).map(([date, day]) => ({ date, tasks: day.tasks, vms: day.vms })),
    backlogMax,
    backlogMaxRun: backlogMax === 0 ? null : backlog.indexOf(backlogMax) + 1,
    firesWithBacklog: backlog.filter((n) => n > 0).length,
  }
}
