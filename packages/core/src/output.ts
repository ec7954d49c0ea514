// Output: the use series and the peak (record, push), the audit hook, the backup records and
// totals, and the Result at the horizon (finish). With summary detail only the totals, the
// peaks and the grid points are kept: one scratch record takes every backup's writes.

import type { AuditDelta, BackupOutcome, JobResult, Result, RunSpan, SnapshotRecord } from './result.ts'
import type { Sim } from './sim.ts'
import { deltaWritten, diskAt, sizeOf, useAt } from './space.ts'
import { blankRecord, DONE, READING, type BackupRec, type SimDatastore, type SimJob, type SimVm } from './state.ts'
import { touch } from './breakpoints.ts'
import { advanceJob } from './transfers.ts'
import { noteSize } from './snapshots.ts'

/** Relative rounding below which a use is not a new peak. */
const PEAK_TOL = 1e-12
/** SimJob.runFlags: a task of the run began (or waited to the horizon); a task is unfinished. */
const RUN_STARTED = 1
const RUN_UNFINISHED = 2

/**
 * A point of the use: the peak always; the series with full detail. `used` must come from
 * useAt(sim, ds, t) just before (partDisk/partDelta set).
 */
export function record(sim: Sim, ds: SimDatastore, t: number, breakpoint: boolean, used: number): void {
  // The peak is taken at breakpoints only (use does not fall between them), so it is the same
  // with and without samples.
  // A new peak must exceed the last by more than rounding: the same use reached again along
  // another sum (or, in summary detail, as the use after a merge plus what it freed) keeps the
  // first time it was reached.
  if (breakpoint && used > ds.peak + PEAK_TOL * Math.abs(ds.peak)) {
    ds.peak = used
    ds.peakAt = t
  }
  if (breakpoint) {
    // The deltas: partDelta, plus what a merge freed when `used` is the use before it (summary
    // detail: the use after plus the freed bytes); the disks never shrink (disksFloor).
    const deltas = sim.partDelta + (used - (ds.fixed + sim.partDisk + sim.partDelta))
    if (deltas > ds.peakDeltas + PEAK_TOL * ds.peakDeltas) {
      ds.peakDeltas = deltas
      ds.peakDeltasAt = t
    }
    ds.disksFloor = sim.partDisk
  }
  if (!sim.full) return
  push(sim, ds, t, used)
  if (breakpoint && sim.audit) auditPoint(sim, ds, t, used)
}

/** A point of the series (full detail) or a grid point (summary detail). */
export function push(sim: Sim, ds: SimDatastore, t: number, used: number): void {
  const n = ds.t.length
  if (n > 0 && ds.t[n - 1] === t && ds.used[n - 1] === used) return
  ds.t.push(t)
  ds.used.push(used)
  ds.disks.push(sim.partDisk)
  ds.deltas.push(sim.partDelta)
  ds.lastT = t
}

function auditPoint(sim: Sim, ds: SimDatastore, t: number, used: number): void {
  const deltas: AuditDelta[] = []
  let disks = 0
  for (const vm of ds.vms) {
    disks += diskAt(vm, t)
    for (let d = vm.oldest; d !== null; d = d.child) {
      const written = deltaWritten(sim, d, t)
      deltas.push({ vm: vm.id, written, allocated: d.active ? sizeOf(vm, written) : d.alloc })
    }
  }
  sim.audit!({ t, datastore: ds.id, used, disks, deltas })
}

/** A backup's record; with summary detail one scratch record takes every write (nothing reads it). */
export function newRecord(sim: Sim, job: SimJob, vm: SimVm, fire: number, overlapped: boolean): BackupRec {
  if (!sim.full) return sim.scratchRec
  const rec = blankRecord(job.def.id, vm.id, fire, job.def.fires[fire]!, overlapped)
  sim.backups.push(rec)
  return rec
}

/**
 * A backup got its final outcome (or the horizon came): window check, totals and the job's
 * planner figures (its run's end, a missed window). The arguments, not the record, are read:
 * with summary detail the record is the scratch one. `began`: it took or tried a snapshot.
 */
export function closeRecord(sim: Sim, job: SimJob, member: number, fire: number, overlapped: boolean, outcome: BackupOutcome, began: boolean, end: number | null, rec: BackupRec): void {
  let missed = false
  if (outcome !== 'skipped') {
    const next = job.def.fires[fire + 1]
    const windowEnd = job.def.windowEnds?.[fire] ?? (job.def.window !== undefined ? job.def.fires[fire]! + job.def.window : (next ?? Number.POSITIVE_INFINITY))
    missed = end === null ? windowEnd < sim.horizon : end > windowEnd
    // The run spans from its fire to its last task's end; a task still open at the horizon
    // (reading, or waiting for a slot) leaves it unfinished.
    if (began || end === null) job.runFlags[fire]! |= RUN_STARTED
    if (end === null) job.runFlags[fire]! |= RUN_UNFINISHED
    else if (end > job.runEnd[fire]!) job.runEnd[fire] = end
  }
  if (missed) job.missed.push(fire, member)
  rec.missedWindow = missed
  const c = sim.totals
  c.backups++
  sim.outcomes[outcome]++
  if (overlapped) c.backupsOverlapped++
  if (missed) c.backupsMissedWindow++
}

/** The horizon: close what is still going and build the Result. */
export function finish(sim: Sim): Result {
  const t = sim.horizon
  sim.now = t
  sim.stamp++
  for (const ds of sim.datastores) touch(sim, ds)
  sim.nDirty = 0
  // Summary detail: the use at the horizon is the last candidate for the peak.
  if (!sim.full) for (const ds of sim.datastores) record(sim, ds, t, true, useAt(sim, ds, t))
  for (const job of sim.jobs) advanceJob(job, t)
  // Tasks of runs still going that are not done are unfinished: reading, or waiting for a slot.
  for (const run of sim.runs) {
    if (!run) continue
    for (const task of run.tasks) {
      if (task.state === DONE) continue
      if (task.state === READING) task.rec.bytesRead = Math.min(task.toRead, run.v - task.vStart)
      closeRecord(sim, run.job, task.member, run.index, run.overlapped, 'unfinished', task.state === READING, null, task.rec)
    }
  }
  // An alarm level still above at the horizon counts until then.
  for (const ds of sim.datastores) {
    for (const level of ds.levels) {
      if (level.kind === 'alarm' && !Number.isNaN(level.since)) level.secondsAbove += t - level.since
    }
  }
  for (const vm of sim.vms) {
    for (let d = vm.oldest; d !== null; d = d.child) noteSize(sim, d, d.active ? sizeOf(vm, deltaWritten(sim, d, t)) : d.alloc)
    if (t > vm.stateSince) {
      vm.intervals.push(
        vm.reason === null
          ? { state: vm.state, from: vm.stateSince, to: t }
          : { state: vm.state, from: vm.stateSince, to: t, reason: vm.reason },
      )
      if (vm.state !== 'running') vm.downtime += t - vm.stateSince
    }
  }
  const snapshots: SnapshotRecord[] = sim.snaps
  const c = sim.totals
  return {
    detail: sim.full ? 'full' : 'summary',
    totals: {
      backups: c.backups,
      backupsByOutcome: { ...sim.outcomes },
      backupsOverlapped: c.backupsOverlapped,
      backupsMissedWindow: c.backupsMissedWindow,
      snapshots: c.snapshots,
      snapshotsOrphaned: c.snapshotsOrphaned,
      maxChainDepth: c.maxChainDepth,
    },
    horizon: t,
    seed: sim.model.seed,
    events: sim.eventCount,
    datastores: sim.datastores.map((ds) => ({
      id: ds.id,
      platform: ds.platform.name,
      capacity: ds.capacity,
      fixedUse: ds.fixed,
      series: { t: ds.t, used: ds.used, disks: ds.disks, deltas: ds.deltas },
      usedAtStart: ds.usedAtStart,
      peakUsed: ds.peak,
      peakUsedAt: ds.peakAt,
      alarms: ds.alarms,
      fullAt: ds.fullTimes[0] ?? null,
      fullTimes: ds.fullTimes,
      peakDeltas: ds.peakDeltas,
      peakDeltasAt: ds.peakDeltasAt,
      timeAboveAlarms: ds.levels.filter((l) => l.kind === 'alarm').map((l) => ({ name: l.name, level: l.bytes, seconds: l.secondsAbove })),
    })),
    vms: sim.vms.map((vm) => ({
      id: vm.id,
      datastore: vm.ds.id,
      states: vm.intervals,
      downtime: vm.downtime,
      firstStopAt: vm.firstStopAt,
      finalState: vm.state,
    })),
    backups: sim.backups,
    snapshots,
    log: sim.log ?? [],
    jobs: sim.jobs.map((job) => jobResult(job)),
  }
}

/** A job's planner figures: its runs' spans, the tasks that missed their window (by fire, then member), its backlog per fire. */
function jobResult(job: SimJob): JobResult {
  const fires = job.def.fires
  const runs: RunSpan[] = []
  for (let f = 0; f < fires.length; f++) {
    const flags = job.runFlags[f]!
    if (flags & RUN_STARTED) runs.push({ run: f, firedAt: fires[f]!, end: flags & RUN_UNFINISHED ? null : job.runEnd[f]! })
  }
  const pairs: [number, number][] = []
  for (let i = 0; i < job.missed.length; i += 2) pairs.push([job.missed[i]!, job.missed[i + 1]!])
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  return {
    id: job.def.id,
    runs,
    missedWindow: pairs.map(([f, m]) => ({ run: f, firedAt: fires[f]!, vm: job.members[m]!.id })),
    backlog: Array.from(job.backlog),
  }
}
