// Transfers: a job's reading streams share its throughput. Each run's streams progress at one
// rate (processor sharing: a virtual progress V and a heap of end points, state.ts SimRun);
// the runs of a job share its pool max-min fairly (water-fill.ts), and jobs that share a proxy
// or repository share its throughput the same way, across jobs and runs. A run has one pending
// TRANSFER event: its next stream end or stream failure, whichever comes first.

import { completeTask, abortTask, afterTask } from './backups.ts'
import { TRANSFER } from './events.ts'
import type { Sim } from './sim.ts'
import type { SimGroup, SimJob, SimRun, SimTask } from './state.ts'
import { progressiveFill, waterFill } from './water-fill.ts'

/** Bring the virtual progress of every run of the job to t. */
export function advanceJob(job: SimJob, t: number): void {
  for (const run of job.runs) {
    run.v += run.rate * (t - run.tV)
    run.tV = t
  }
}

/**
 * The job's streams changed: the rates of its group's runs are recomputed once, at the end of
 * the event (commit), however many streams started or ended at this instant.
 */
export function markJob(sim: Sim, job: SimJob): void {
  const group = job.group
  if (group.dirty) return
  group.dirty = true
  sim.dirtyGroups[sim.nDirtyGroups++] = group
}

/** Per-run scratch of rescheduleJob (reused: no arrays per event). */
const caps: number[] = []
const counts: number[] = []
const shares: number[] = []

/** Recompute the rates of a group's runs (at the end of an event) and schedule their events. */
export function rescheduleGroup(sim: Sim, group: SimGroup, t: number): void {
  group.dirty = false
  if (group.shared) rescheduleShared(sim, group, t)
  else rescheduleJob(sim, group.jobs[0]!, t)
}

/**
 * A job that shares nothing: max-min fair shares of the job's pool, the runs' streams grouped
 * by their per-stream cap get min(cap, level) (waterFill).
 */
function rescheduleJob(sim: Sim, job: SimJob, t: number): void {
  advanceJob(job, t)
  const runs = job.runs
  const order = runs.length > 1 ? [...runs].sort((a, b) => a.cap - b.cap || a.idx - b.idx) : runs
  const n = order.length
  for (let i = 0; i < n; i++) {
    caps[i] = order[i]!.cap
    counts[i] = order[i]!.heap.size
  }
  waterFill(job.def.sharedThroughput ?? Number.POSITIVE_INFINITY, caps, counts, n, shares)
  for (let i = 0; i < n; i++) schedule(sim, order[i]!, shares[i]!, t)
}

/**
 * Jobs sharing a proxy or repository: every run's streams pass through its job's pool (if any)
 * and its job's proxy and repository (those with a throughput); the max-min fair rates over all
 * these links at once (progressiveFill), across jobs and overlapping runs.
 */
function rescheduleShared(sim: Sim, group: SimGroup, t: number): void {
  for (const job of group.jobs) advanceJob(job, t)
  const runs = group.runs
  const capacity: number[] = []
  const linkOf = new Map<object, number>()
  const link = (key: object, bytes: number): number[] => {
    if (!Number.isFinite(bytes)) return []
    let l = linkOf.get(key)
    if (l === undefined) {
      l = capacity.length
      capacity.push(bytes)
      linkOf.set(key, l)
    }
    return [l]
  }
  const linksOf = runs.map((run) => {
    const pool = run.job.def.sharedThroughput
    const own = pool === undefined ? [] : link(run.job, pool)
    return [...own, ...run.job.resources.flatMap((r) => link(r, r.throughput))]
  })
  const rates: number[] = []
  progressiveFill(
    runs.map((r) => r.heap.size),
    runs.map((r) => r.cap),
    linksOf,
    capacity,
    rates,
  )
  runs.forEach((run, i) => schedule(sim, run, rates[i]!, t))
}

/** The run's streams progress at `rate` from t on: its next stream end or failure is its event. */
function schedule(sim: Sim, run: SimRun, rate: number, t: number): void {
  run.version = ++sim.runVersion
  run.rate = rate
  if (run.heap.size === 0) return
  const end = t + Math.max(0, run.heap.top()!.vEnd - run.v) / rate
  const stopping = run.stops.top()
  const at = stopping !== null && stopping.stopAt < end ? stopping.stopAt : end
  sim.heap.push(at, TRANSFER, run.idx, run.version)
}

/** TRANSFER: streams at their end finish; else the first failure strikes. */
export function onTransfer(sim: Sim, run: SimRun, t: number): void {
  const job = run.job
  advanceJob(job, t)
  // Every stream within a rounding error of its end finishes now: within a rounding error of
  // the progress, or so close that the time to its end is below the resolution of t (its end
  // would be scheduled at t again, for ever: found by the differential harness under
  // pnpm test:deep, a run re-scheduled at 86400.00058 s without end).
  const eps = Math.max(1e-9 * Math.max(1, run.v), run.rate * Math.abs(t) * 4 * Number.EPSILON)
  if (run.heap.size > 0 && run.heap.top()!.vEnd <= run.v + eps) {
    const done: SimTask[] = []
    while (run.heap.size > 0 && run.heap.top()!.vEnd <= run.v + eps) done.push(run.heap.pop())
    for (const task of done) completeTask(sim, task, t)
    for (const task of done) afterTask(sim, task, t)
  } else {
    const stopping = run.stops.top()
    if (stopping !== null && stopping.stopAt <= t) {
      // a failure first when both fall on the same instant
      if (stopping.failAt <= stopping.huntAt) abortTask(sim, stopping, t, 'failed', 'transfer aborted (network fault)', stopping.orphanOnFail)
      else abortTask(sim, stopping, t, 'cancelled', 'snapshot older than maxSnapshotAge removed by the snapshot hunter', false)
    }
  }
  markJob(sim, job)
}
