// Transfers: a job's reading streams share its throughput. Each run's streams progress at one
// rate (processor sharing: a virtual progress V and a heap of end points, state.ts SimRun);
// the runs of a job share its pool max-min fairly (water-fill.ts). A run has one pending
// TRANSFER event: its next stream end or stream failure, whichever comes first.

import { completeTask, abortTask, afterTask } from './backups.ts'
import { TRANSFER } from './events.ts'
import type { Sim } from './sim.ts'
import type { SimJob, SimRun, SimTask } from './state.ts'
import { waterFill } from './water-fill.ts'

/** Bring the virtual progress of every run of the job to t. */
export function advanceJob(job: SimJob, t: number): void {
  for (const run of job.runs) {
    run.v += run.rate * (t - run.tV)
    run.tV = t
  }
}

/**
 * The job's streams changed: its runs' rates are recomputed once, at the end of the event
 * (commit), however many streams started or ended at this instant.
 */
export function markJob(sim: Sim, job: SimJob): void {
  if (job.dirty) return
  job.dirty = true
  sim.dirtyJobs[sim.nDirtyJobs++] = job
}

/** Per-run scratch of rescheduleJob (reused: no arrays per event). */
const caps: number[] = []
const counts: number[] = []
const shares: number[] = []

/**
 * Max-min fair shares of the job's pool: the runs' streams, grouped by their per-stream cap,
 * get min(cap, level) (waterFill). Each run then schedules its next stream end or failure,
 * whichever is first.
 */
export function rescheduleJob(sim: Sim, job: SimJob, t: number): void {
  job.dirty = false
  advanceJob(job, t)
  const runs = job.runs
  const order = runs.length > 1 ? [...runs].sort((a, b) => a.cap - b.cap || a.idx - b.idx) : runs
  const n = order.length
  for (let i = 0; i < n; i++) {
    caps[i] = order[i]!.cap
    counts[i] = order[i]!.heap.size
  }
  waterFill(job.def.sharedThroughput ?? Number.POSITIVE_INFINITY, caps, counts, n, shares)
  for (let i = 0; i < n; i++) {
    const run = order[i]!
    run.version = ++sim.runVersion
    const rate = shares[i]!
    run.rate = rate
    if (counts[i] === 0) continue
    const end = t + Math.max(0, run.heap.top()!.vEnd - run.v) / rate
    const stopping = run.stops.top()
    const at = stopping !== null && stopping.stopAt < end ? stopping.stopAt : end
    sim.heap.push(at, TRANSFER, run.idx, run.version)
  }
}

/** TRANSFER: streams at their end finish; else the first failure strikes. */
export function onTransfer(sim: Sim, run: SimRun, t: number): void {
  const job = run.job
  advanceJob(job, t)
  // Every stream within a rounding error of its end finishes now.
  const eps = 1e-9 * Math.max(1, run.v)
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
