// Backups: a job fires on its schedule (FIRE) and starts a run, or — while its previous run is
// still going — applies its overlap policy (start, skip, queue, cancel). A run's tasks take a
// snapshot of their VM and read it (up to `concurrency` at a time); a task ends in success
// (its snapshot removed), a failure (the snapshot removed, or left behind as an orphan), a
// cancellation, or unfinished at the horizon. Reading itself: transfers.ts.

import { FIRE } from './events.ts'
import { closeRecord, newRecord } from './output.ts'
import type { Sim } from './sim.ts'
import { useAt } from './space.ts'
import { huntLater, requestRemoval, snapshotRoom, takeSnapshot } from './snapshots.ts'
import { DONE, READING, SimRun, SimTask, WAITING, type SimGroup, type SimJob } from './state.ts'
import { distinctBytes } from './growth.ts'
import { advanceJob, markJob } from './transfers.ts'

/**
 * FIRE: the job's schedule fires (fire index `fire`); the next fire is scheduled. Jobs that fire
 * at the same instant fire in the order of the model's jobs (the heap orders fires by job index,
 * not by when each was scheduled: docs/model.md, "The engine").
 */
export function onFire(sim: Sim, job: SimJob, fire: number, t: number): void {
  const fires = job.def.fires
  if (fire + 1 < fires.length) sim.heap.push(fires[fire + 1]!, FIRE, job.idx, fire + 1, job.idx)
  const busy = job.runs.length > 0
  if (!busy) {
    if (sim.log) sim.emit({ t, type: 'job-fire', job: job.def.id, run: fire, action: 'start' })
    startRun(sim, job, fire, t, false)
    return
  }
  switch (job.def.overlap) {
    case 'start':
      if (sim.log) sim.emit({ t, type: 'job-fire', job: job.def.id, run: fire, action: 'start' })
      startRun(sim, job, fire, t, true)
      return
    case 'skip':
      if (sim.log) sim.emit({ t, type: 'job-fire', job: job.def.id, run: fire, action: 'skip' })
      skipRun(sim, job, fire, t, 'skipped: the previous run was still going (overlap: skip)')
      return
    case 'queue':
      if (job.queuedFire >= 0) {
        if (sim.log) sim.emit({ t, type: 'job-fire', job: job.def.id, run: fire, action: 'skip' })
        skipRun(sim, job, fire, t, 'skipped: a run was already queued (overlap: queue)')
      } else {
        if (sim.log) sim.emit({ t, type: 'job-fire', job: job.def.id, run: fire, action: 'queue' })
        job.queuedFire = fire
      }
      return
    case 'cancel':
      if (sim.log) sim.emit({ t, type: 'job-fire', job: job.def.id, run: fire, action: 'cancel-previous' })
      for (const run of [...job.runs]) cancelRun(sim, run, t, 'cancelled by the next run (overlap: cancel)')
      startRun(sim, job, fire, t, true)
      return
  }
}

function skipRun(sim: Sim, job: SimJob, fire: number, t: number, reason: string): void {
  for (const vm of job.members) {
    const rec = newRecord(sim, job, vm, fire, true)
    rec.outcome = 'skipped'
    rec.reason = reason
    rec.end = t
    closeRecord(sim, job, fire, true, 'skipped', t, rec)
  }
}

function startRun(sim: Sim, job: SimJob, fire: number, t: number, overlapped: boolean): void {
  const cap = job.def.streamThroughputPerRun?.[fire] ?? job.def.streamThroughput
  const run = new SimRun(sim.runs.length, job, fire, job.def.fires[fire]!, overlapped, cap)
  run.tV = t
  sim.runs.push(run)
  for (let m = 0; m < job.members.length; m++) {
    const vm = job.members[m]!
    const task = new SimTask(sim.taskCount++, run, vm, newRecord(sim, job, vm, fire, overlapped), m)
    run.tasks.push(task)
  }
  run.open = run.tasks.length
  job.runs.push(run)
  if (job.group.shared) job.group.runs.push(run)
  fillSlots(sim, run, t)
  if (run.open === 0) endRun(sim, run, t)
}

/**
 * Start the run's waiting tasks while it has free slots. In a group that shares a proxy or
 * repository, a slot freed there goes to the group's runs in the order they started (the run
 * that waited longest first), each also within its own `concurrency`.
 */
function fillSlots(sim: Sim, run: SimRun, t: number): void {
  const group = run.job.group
  if (group.shared) {
    fillGroup(sim, group, t)
    return
  }
  const limit = run.job.def.concurrency ?? Number.POSITIVE_INFINITY
  while (!run.cancelled && run.active < limit && run.next < run.tasks.length) {
    startTask(sim, run.tasks[run.next++]!, t)
  }
}

/** Whether the run may start its next task now: a slot of its own and on each resource it uses. */
function mayStart(run: SimRun): boolean {
  if (run.cancelled || run.next >= run.tasks.length || run.active >= (run.job.def.concurrency ?? Number.POSITIVE_INFINITY)) return false
  for (const r of run.job.resources) if (r.active >= r.tasks) return false
  return true
}

function fillGroup(sim: Sim, group: SimGroup, t: number): void {
  const runs = [...group.runs]
  for (const run of runs) {
    while (mayStart(run)) startTask(sim, run.tasks[run.next++]!, t)
  }
  // A run whose last tasks ended without starting (the space guard, no room) is over; it
  // may have been ended meanwhile (endRun ignores a run twice).
  for (const run of runs) if (run.open === 0) endRun(sim, run, t)
}

function startTask(sim: Sim, task: SimTask, t: number): void {
  const vm = task.vm
  const ds = vm.ds
  const job = task.run.job
  const rec = task.rec
  rec.start = t
  const guard = ds.guard
  if (guard && ds.capacity - useAt(sim, ds, t) < guard.minFreeBytes) {
    finishUnstarted(sim, task, t, 'skipped', 'free space below minFreeForSnapshot: no snapshot taken')
    return
  }
  if (vm.chainLength >= ds.platform.maxChain) {
    finishUnstarted(sim, task, t, 'snapshot-failed', `snapshot chain at the platform limit (${ds.platform.maxChain})`)
    return
  }
  const noRoom = snapshotRoom(sim, ds, t)
  if (noRoom !== null) {
    finishUnstarted(sim, task, t, 'snapshot-failed', noRoom)
    return
  }
  const d = takeSnapshot(sim, vm, t, job.def.id)
  d.task = task
  task.delta = d
  task.snapW = vm.w
  const incremental = job.def.type === 'incremental' && vm.lastBackupW !== null
  task.toRead = incremental ? distinctBytes(vm.w - vm.lastBackupW!, vm.region) : vm.used
  rec.incremental = incremental
  rec.bytesToRead = task.toRead
  rec.chainDepth = vm.chainLength
  rec.snapshot = d.snap
  const hazard = job.def.failure
  if (hazard && hazard.ratePerHour > 0) {
    const u = job.streams.next(task.member)
    const o = job.streams.next(task.member)
    task.failAt = t + (-Math.log(1 - u) / hazard.ratePerHour) * 3600
    task.orphanOnFail = o < hazard.orphanedShare
  }
  // The snapshot hunter cancels the backup if it still reads when the snapshot comes of age.
  task.huntAt = t + sim.maxAge
  task.stopAt = Math.min(task.failAt, task.huntAt)
  task.state = READING
  const run = task.run
  run.active++
  for (const r of job.resources) r.active++
  advanceJob(job, t)
  task.vStart = run.v
  task.vEnd = run.v + task.toRead
  run.heap.push(task)
  if (task.stopAt < Number.POSITIVE_INFINITY) run.stops.push(task)
  markJob(sim, job)
  if (sim.log) sim.emit({ t, type: 'backup-start', job: job.def.id, vm: vm.id, run: task.run.index, bytes: task.toRead, chainDepth: vm.chainLength })
}

function finishUnstarted(sim: Sim, task: SimTask, t: number, outcome: 'skipped' | 'snapshot-failed' | 'cancelled', reason: string): void {
  const rec = task.rec
  rec.outcome = outcome
  rec.reason = reason
  rec.end = t
  if (outcome !== 'snapshot-failed') rec.start = null
  task.state = DONE
  const run = task.run
  run.open--
  closeRecord(sim, run.job, run.index, run.overlapped, outcome, t, rec)
  if (sim.log) sim.emit({ t, type: 'backup-end', job: run.job.def.id, vm: task.vm.id, run: run.index, outcome, bytesRead: 0, reason })
}

/** The task read everything: success; its snapshot is removed. */
export function completeTask(sim: Sim, task: SimTask, t: number): void {
  const vm = task.vm
  const rec = task.rec
  task.run.stops.remove(task)
  task.state = DONE
  rec.outcome = 'success'
  rec.end = t
  rec.bytesRead = task.toRead
  const run = task.run
  closeRecord(sim, run.job, run.index, run.overlapped, 'success', t, rec)
  vm.lastBackupW = task.snapW
  if (sim.log) sim.emit({ t, type: 'backup-end', job: run.job.def.id, vm: vm.id, run: run.index, outcome: 'success', bytesRead: task.toRead, reason: null })
  const d = task.delta!
  d.task = null
  requestRemoval(sim, d, t, 'backup finished')
}

/** Free the task's slot, start the next waiting task, end the run when all are done. */
export function afterTask(sim: Sim, task: SimTask, t: number): void {
  const run = task.run
  run.active--
  run.open--
  for (const r of run.job.resources) r.active--
  fillSlots(sim, run, t)
  if (run.open === 0) endRun(sim, run, t)
}

/** A reading task stops early: its snapshot is removed, or left behind as an orphan. */
export function abortTask(sim: Sim, task: SimTask, t: number, outcome: 'failed' | 'cancelled', reason: string, orphan: boolean): void {
  const job = task.run.job
  const vm = task.vm
  const rec = task.rec
  advanceJob(job, t)
  task.run.heap.remove(task)
  task.run.stops.remove(task)
  task.state = DONE
  rec.outcome = outcome
  rec.reason = reason
  rec.end = t
  const bytesRead = Math.min(task.toRead, Math.max(0, task.run.v - task.vStart))
  rec.bytesRead = bytesRead
  rec.orphaned = orphan
  closeRecord(sim, job, task.run.index, task.run.overlapped, outcome, t, rec)
  if (sim.log) sim.emit({ t, type: 'backup-end', job: job.def.id, vm: vm.id, run: task.run.index, outcome, bytesRead, reason })
  const d = task.delta!
  d.task = null
  if (orphan) {
    sim.totals.snapshotsOrphaned++
    if (sim.full) sim.snaps[d.snap]!.orphaned = true
    if (sim.log) sim.emit({ t, type: 'snapshot-orphaned', vm: vm.id, snapshot: d.snap })
    huntLater(sim, vm)
  } else {
    requestRemoval(sim, d, t, reason)
  }
  markJob(sim, job)
  afterTask(sim, task, t)
}

function cancelRun(sim: Sim, run: SimRun, t: number, reason: string): void {
  run.cancelled = true
  for (const task of run.tasks) {
    if (task.state === READING) abortTask(sim, task, t, 'cancelled', reason, false)
    else if (task.state === WAITING) finishUnstarted(sim, task, t, 'cancelled', reason)
  }
  if (run.open === 0 && run.job.runs.includes(run)) endRun(sim, run, t)
}

function endRun(sim: Sim, run: SimRun, t: number): void {
  const job = run.job
  if (!removeItem(job.runs, run)) return
  if (job.group.shared) removeItem(job.group.runs, run)
  sim.runs[run.idx] = null
  if (job.runs.length === 0 && job.queuedFire >= 0) {
    const fire = job.queuedFire
    job.queuedFire = -1
    startRun(sim, job, fire, t, true)
  }
}

function removeItem<T>(list: T[], item: T): boolean {
  const i = list.indexOf(item)
  if (i < 0) return false
  list.splice(i, 1)
  return true
}
