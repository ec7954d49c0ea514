// An independent, deliberately naive implementation of the model — fixed time steps, no event
// queue, no closed forms, none of the engine's code (its S(W) is written out here) — written
// from docs/model.md and the design brief: several datastores with alarm levels (re-armed by a
// free below them) and a space guard (refusing snapshots, aborting backups), thick or thin VMs
// with data growth and an hourly write profile, several jobs (full or incremental, a stream
// cap, a shared pool, a concurrency limit, each overlap policy, a failure hazard drawn from the
// documented seedrandom streams, failures that orphan their snapshot), merges (one per VM at a
// time, the union law for stacked deltas), the snapshot hunter (reading backups cancelled, orphans
// removed at their age), the datastore filling, VMs pausing and resuming.
//
// Generated models must give the same backup outcomes and times, alarms, fill times, pause
// intervals, downtime and snapshot sizes as the engine, to within what the time step allows.
//
// The step tolerance. The reference acts only at step boundaries: every decision (a task's
// start, a VM's pause or resume, a merge's start) is taken at the first boundary after the
// instant the engine takes it, so less than one step `dt` late. The times it records are
// interpolated within the step, but a time computed from a late decision inherits the lateness:
// a transfer's end depends on its start and on every start and end of its job's other streams
// (each changes its share, for less than dt each), a merge's end on its start, a fill on every
// write before it. So a time may be off by dt per decision on its causal chain. The generated
// models have at most 4 VMs and 3 fires per job, 2 jobs: no chain has more than about 24
// decisions, so times must agree to TOL = 24 dt (12 s at dt = 0.5 s). A level crossing is found
// on the use, so its time may move by the use that TOL of writes can add, divided by the use's
// slope there; a size by TOL of writes.
//
// Near ties. Where two decisions the outcome depends on fall within TOL of each other (a fire
// and the end of the job's last stream, a failure and the end of its transfer, a crossing and a
// merge's end or a fire on the datastore), or a use lies within what TOL of writes can add of a
// level that decides something (an alarm, the guard, full), the reference cannot tell which
// came first: the model is counted as a near tie and not compared. The test requires that most
// models are compared (and counts the features the compared ones reached). Calling a model a
// tie can only hide a disagreement there; missing a tie can only make the test fail.
//
// Found by it: jobs firing at the same instant fired in the order their fires were scheduled,
// not in the order of the jobs (fixed in the engine; closed-form.test.ts has the case).

import fc from 'fast-check'
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { runs } from './generate.test-helpers.ts'
import type { Model } from './model.ts'
import { generic } from './platform.ts'
import type { BackupOutcome } from './result.ts'
import { simulate } from './simulate.ts'
import { GiB, MiB } from './testing.test-helpers.ts'

const DT = 0.5
const TOL = 24 * DT

/** Distinct bytes after W bytes written uniformly on R bytes: S(W) = R (1 - exp(-W/R)). */
const distinct = (w: number, r: number) => (w <= 0 || r <= 0 ? 0 : -r * Math.expm1(-w / r))

interface RDelta {
  /** Writes into it, and its size S(w) (at most the disk). */
  w: number
  bytes: number
  takenAt: number
  merging: boolean
  removing: boolean
  mergeLeft: number
  task: RTask | null
  maxBytes: number
  orphaned: boolean
}
interface RVm {
  id: string
  ds: RDs
  disk: number
  used: number
  thin: boolean
  growth: number
  profile: readonly number[] | null
  region: number
  rate: number
  /** Cumulative writes; their value at the last successful backup's snapshot. */
  wCum: number
  lastW: number | null
  running: boolean
  pausedSince: number
  paused: { from: number; to: number }[]
  /** Oldest first; `active` takes the writes. */
  chain: RDelta[]
  active: RDelta | null
  queue: RDelta[]
}
interface RLevel {
  bytes: number
  kind: 'alarm' | 'guard' | 'full'
  name: string
  armed: boolean
}
interface RDs {
  id: string
  capacity: number
  fixed: number
  throughput: number
  minFree: number | null
  levels: RLevel[]
  full: boolean
  vms: RVm[]
  /** Alarms raised, with the use's slope at the crossing (bytes/s). */
  alarms: { name: string; level: number; at: number; slope: number }[]
  fullTimes: { at: number; slope: number }[]
  /** Use at the last boundary, after its decisions. */
  before: number
  /** Bytes a shift of TOL in time can move the use by. */
  useTol: number
  freed: boolean
  /** The highest use since space was last freed, and the levels armed when it was. */
  peak: number
  armedAtFree: RLevel[]
}
interface RTask {
  vm: RVm
  run: RRun
  state: 'waiting' | 'reading' | 'done'
  left: number
  delta: RDelta | null
  start: number | null
  end: number | null
  snapW: number
  failAt: number
  orphanOnFail: boolean
  huntAt: number
  outcome: BackupOutcome | 'unfinished'
  orphaned: boolean
}
interface RRun {
  tasks: RTask[]
  cancelled: boolean
}
interface RJob {
  def: Model['jobs'][number]
  members: RVm[]
  runs: RRun[]
  queued: number
  prng: Map<RVm, () => number>
  /** Every reading stream's rate during the last step. */
  share: number
}

class Reference {
  readonly maxAge: number
  readonly dss: RDs[]
  readonly vms: RVm[]
  readonly jobs: RJob[]
  /** Backup records by job, fire and member. */
  readonly records = new Map<string, RTask>()
  readonly snapshots: RDelta[] = []
  /** Decisions, for the near-tie check: time, kind and what they concern (job:, ds:, vm: keys). */
  readonly decisions: { t: number; kind: Decision; what: string; keys: string[] }[] = []
  readonly jobOf = new Map<RRun, RJob>()
  /** Why the model is a near tie (not compared), or null. */
  tie: string | null = null

  constructor(
    readonly m: Model,
    readonly dt: number,
  ) {
    this.maxAge = this.m.policies?.maxSnapshotAge ?? Infinity
    this.dss = this.m.datastores.map((d) => {
      const levels: RLevel[] = (d.alarms ?? [{ name: 'warning', fraction: 0.75 }, { name: 'alert', fraction: 0.85 }]).map((a) => ({ bytes: a.fraction * d.capacity, kind: 'alarm', name: a.name, armed: true }))
      if (d.guard?.abortRunning) levels.push({ bytes: d.capacity - d.guard.minFreeBytes, kind: 'guard', name: 'guard', armed: true })
      levels.push({ bytes: d.capacity, kind: 'full', name: 'full', armed: true })
      const rank = { alarm: 0, guard: 1, full: 2 }
      levels.sort((a, b) => a.bytes - b.bytes || rank[a.kind] - rank[b.kind])
      return { id: d.id, capacity: d.capacity, fixed: d.fixedUse, throughput: d.consolidationThroughput, minFree: d.guard?.minFreeBytes ?? null, levels, full: false, vms: [], alarms: [], fullTimes: [], before: 0, useTol: 0, freed: false, peak: 0, armedAtFree: [] }
    })
    this.vms = this.m.vms.map((v) => {
      const ds = this.dss.find((d) => d.id === v.datastore)!
      const vm: RVm = {
        id: v.id,
        ds,
        disk: v.disk,
        used: v.used,
        thin: v.provisioning === 'thin',
        growth: v.dataGrowth,
        profile: v.profile === undefined ? null : this.m.profiles![v.profile]!,
        region: v.footprint * v.disk,
        rate: v.writeRate,
        wCum: 0,
        lastW: null,
        running: true,
        pausedSince: 0,
        paused: [],
        chain: [],
        active: null,
        queue: [],
      }
      ds.vms.push(vm)
      ds.useTol += TOL * (vm.rate * Math.max(1, ...(vm.profile ?? [1])) + vm.growth)
      return vm
    })
    this.jobs = this.m.jobs.map((j) => ({ def: j, members: j.vms.map((id) => this.vms.find((v) => v.id === id)!), runs: [], queued: -1, prng: new Map(), share: 0 }))
  }

  nearTie(why: string) {
    this.tie ??= why
  }
  /**
   * Since space was last freed, the use rose to `peak`: a level armed then that the peak came
   * within useTol of may or may not have been crossed.
   */
  nearMiss(ds: RDs) {
    for (const level of ds.armedAtFree) {
      const below = level.bytes - ds.peak
      // (after the guard or full the use stays near the level: the writes stopped or their
      // deltas merge; that it was reached is not in doubt, only a peak just below it)
      const stops = level.kind !== 'alarm' || level.bytes >= ds.capacity
      const mayMiss = stops ? below >= 0 && below < ds.useTol : Math.abs(below) < ds.useTol
      if (mayMiss) this.nearTie(`the use's peak ${ds.peak} near the level ${level.name} of ${ds.id}`)
    }
  }

  write(vm: RVm, d: RDelta, w: number) {
    d.w += w
    d.bytes = Math.min(vm.disk, distinct(d.w, vm.region))
    d.maxBytes = Math.max(d.maxBytes, d.bytes)
  }
  use(ds: RDs) {
    let u = ds.fixed
    for (const vm of ds.vms) {
      u += vm.thin ? vm.used : vm.disk
      for (const d of vm.chain) u += d.bytes
    }
    return u
  }
  mustAllocate(vm: RVm) {
    return vm.active !== null || (vm.thin && vm.growth > 0 && vm.used < vm.disk)
  }
  pause(vm: RVm, t: number) {
    if (!vm.running) return
    vm.running = false
    vm.pausedSince = t
  }
  resume(vm: RVm, t: number) {
    if (vm.running) return
    vm.running = true
    vm.paused.push({ from: vm.pausedSince, to: t })
  }

  // --- merges: one per VM at a time, oldest request first; the space is freed at the end
  startMerge(vm: RVm, t: number, now: number) {
    if (vm.chain.some((d) => d.merging)) return
    const d = vm.queue.shift()
    if (!d) return
    d.merging = true
    if (vm.active === d) {
      // its writes go to its parent from now on (the mirror driver), or to the base disk
      const i = vm.chain.indexOf(d)
      vm.active = i > 0 ? vm.chain[i - 1]! : null
    }
    // (started at t, within the step before `now`: it has merged for now - t already)
    d.mergeLeft = d.bytes / vm.ds.throughput - (now - t)
    // a stopped VM that no longer must allocate runs again
    if (!vm.running && !this.mustAllocate(vm)) this.resume(vm, t)
  }
  requestRemoval(d: RDelta, vm: RVm, t: number, now: number) {
    if (d.removing) return
    d.removing = true
    vm.queue.push(d)
    this.startMerge(vm, t, now)
  }

  // --- backups
  startTask(task: RTask, t: number) {
    const vm = task.vm
    const ds = vm.ds
    task.start = t
    const free = ds.capacity - this.use(ds)
    if (ds.minFree !== null) {
      if (Math.abs(free - ds.minFree) < ds.useTol) this.nearTie(`guard decision at ${t} on ${ds.id}`)
      if (free < ds.minFree) return this.finish(task, t, 'skipped', false)
    }
    // a snapshot needs room: none on a full datastore (generic: no metadata, no grain)
    if (ds.full) return this.finish(task, t, 'snapshot-failed', false)
    const d: RDelta = { w: 0, bytes: 0, takenAt: t, merging: false, removing: false, mergeLeft: 0, task, maxBytes: 0, orphaned: false }
    vm.chain.push(d)
    vm.active = d
    this.snapshots.push(d)
    task.delta = d
    task.state = 'reading'
    task.snapW = vm.wCum
    const def = this.jobOf.get(task.run)!.def
    task.left = def.type === 'incremental' && vm.lastW !== null ? distinct(vm.wCum - vm.lastW, vm.region) : vm.used
    const hazard = def.failure
    if (hazard && hazard.ratePerHour > 0) {
      // the documented stream: `${seed}/failure/${job}/${vm}`, two draws per stream started
      const jr = this.jobOf.get(task.run)!
      let prng = jr.prng.get(vm)
      if (!prng) jr.prng.set(vm, (prng = seedrandom.alea(`${this.m.seed}/failure/${def.id}/${vm.id}`)))
      const u = prng()
      const o = prng()
      task.failAt = t + (-Math.log(1 - u) / hazard.ratePerHour) * 3600
      task.orphanOnFail = o < hazard.orphanedShare
    }
    task.huntAt = t + this.maxAge
  }
  finish(task: RTask, t: number, outcome: BackupOutcome, orphan: boolean) {
    const wasReading = task.state === 'reading'
    task.state = 'done'
    task.outcome = outcome
    task.end = t
    if (outcome === 'skipped' || outcome === 'cancelled') if (!wasReading) task.start = null
    if (wasReading) {
      const d = task.delta!
      d.task = null
      if (outcome === 'success') task.vm.lastW = task.snapW
      if (orphan) {
        task.orphaned = true
        d.orphaned = true
      } else this.requestRemoval(d, task.vm, t, t)
    }
  }
  fill(run: RRun, t: number) {
    const job = this.jobOf.get(run)!
    const limit = job.def.concurrency ?? Infinity
    for (const task of run.tasks) {
      if (run.cancelled) break
      if (run.tasks.filter((x) => x.state === 'reading').length >= limit) break
      if (task.state === 'waiting' && task.start === null && task.end === null) this.startTask(task, t)
    }
    this.endRunIfDone(job, run, t)
  }
  endRunIfDone(job: RJob, run: RRun, t: number) {
    if (!job.runs.includes(run) || run.tasks.some((x) => x.state !== 'done')) return
    job.runs.splice(job.runs.indexOf(run), 1)
    if (job.runs.length === 0 && job.queued >= 0) {
      const fire = job.queued
      job.queued = -1
      this.startRun(job, fire, t)
    }
  }
  startRun(job: RJob, fire: number, t: number) {
    const run: RRun = { tasks: [], cancelled: false }
    this.jobOf.set(run, job)
    for (const vm of job.members) {
      const task: RTask = { vm, run, state: 'waiting', left: 0, delta: null, start: null, end: null, snapW: 0, failAt: Infinity, orphanOnFail: false, huntAt: Infinity, outcome: 'unfinished', orphaned: false }
      run.tasks.push(task)
      this.records.set(`${job.def.id}/${fire}/${vm.id}`, task)
    }
    job.runs.push(run)
    this.fill(run, t)
  }
  skip(job: RJob, fire: number, t: number) {
    for (const vm of job.members) {
      const run: RRun = { tasks: [], cancelled: true }
      this.records.set(`${job.def.id}/${fire}/${vm.id}`, { vm, run, state: 'done', left: 0, delta: null, start: null, end: t, snapW: 0, failAt: Infinity, orphanOnFail: false, huntAt: Infinity, outcome: 'skipped', orphaned: false })
    }
  }
  abort(task: RTask, t: number, outcome: 'failed' | 'cancelled', orphan: boolean) {
    this.finish(task, t, outcome, orphan)
  }

  /** 1. the step's writes, data growth, transfers and merges */
  advance(t: number, T: number): void {
    const hour = Math.floor(t / 3600) % 24
    for (const vm of this.vms) {
      if (!vm.running) continue
      const w = vm.rate * (vm.profile ? vm.profile[hour]! : 1) * this.dt
      vm.wCum += w
      if (vm.active) this.write(vm, vm.active, w)
      vm.used = Math.min(vm.disk, vm.used + vm.growth * this.dt)
    }
    for (const job of this.jobs) {
      let n = 0
      for (const run of job.runs) for (const task of run.tasks) if (task.state === 'reading') n++
      job.share = Math.min(job.def.streamThroughput, (job.def.sharedThroughput ?? Infinity) / Math.max(1, n))
      for (const run of job.runs) for (const task of run.tasks) if (task.state === 'reading') task.left -= job.share * this.dt
    }
    for (const vm of this.vms) for (const d of vm.chain) if (d.merging) d.mergeLeft -= this.dt
  }

  /** 2. crossings: armed levels the use rose through within the step (time interpolated) */
  crossings(t: number, T: number): void {
    for (const ds of this.dss) {
      const u = this.use(ds)
      ds.peak = Math.max(ds.peak, u)
      ds.freed = false
      for (const level of ds.levels) {
        if (!level.armed) continue
        if (u < level.bytes) continue
        const slope = (u - ds.before) / this.dt
        const at = slope > 0 ? Math.max(t, t + (level.bytes - ds.before) / slope) : T
        level.armed = false
        if (level.kind !== 'alarm') this.decisions.push({ t: at, kind: 'crossing', what: `crossing ${level.name}`, keys: [`ds:${ds.id}`] })
        if (level.kind === 'alarm') ds.alarms.push({ name: level.name, level: level.bytes, at, slope })
        else if (level.kind === 'guard') {
          // (each aborted backup frees its slot: the run's next VM starts — and meets the guard)
          for (const vm of ds.vms) {
            for (const d of vm.chain) {
              const task = d.task
              if (task === null || task.state !== 'reading') continue
              this.abort(task, at, 'cancelled', false)
              this.fill(task.run, at)
            }
          }
        } else {
          ds.full = true
          ds.fullTimes.push({ at, slope })
          for (const vm of ds.vms) if (this.mustAllocate(vm)) this.pause(vm, at)
        }
      }
    }
  }

  /** 3. merges that ended within the step free their space (the union law for the parent) */
  mergeEnds(T: number): void {
    for (const vm of this.vms) {
      for (;;) {
        const d = vm.chain.find((x) => x.merging)
        if (!d || d.mergeLeft > 1e-9) break
        const at = T + d.mergeLeft
        const before = this.use(vm.ds)
        const i = vm.chain.indexOf(d)
        if (i > 0) this.write(vm, vm.chain[i - 1]!, d.w)
        vm.chain.splice(i, 1)
        if (this.use(vm.ds) < before) vm.ds.freed = true
        this.decisions.push({ t: at, kind: 'merge', what: `merge end ${vm.id}`, keys: [`ds:${vm.ds.id}`, `vm:${vm.id}`] })
        this.startMerge(vm, at, T)
      }
    }
  }

  /** 4. transfers that ended, failed or came of age within the step, earliest first */
  transferEnds(T: number): void {
    for (;;) {
      let first: { task: RTask; at: number; kind: 'end' | 'fail' | 'hunt' } | null = null
      for (const job of this.jobs) {
        for (const run of job.runs) {
          for (const task of run.tasks) {
            if (task.state !== 'reading' || (task.left > 1e-6 && task.failAt > T + 1e-9 && task.huntAt > T + 1e-9)) continue
            const end = task.left <= 1e-6 ? T + task.left / job.share : Infinity
            const cands = [
              { at: end, kind: 'end' as const },
              { at: task.failAt, kind: 'fail' as const },
              { at: task.huntAt, kind: 'hunt' as const },
            ].filter((c) => c.at <= T + 1e-9 && c.at < this.m.horizon)
            for (const c of cands) if (!first || c.at < first.at) first = { task, ...c }
          }
        }
      }
      if (!first) break
      const { task, at, kind } = first
      const times = [task.failAt, task.huntAt, kind === 'end' ? at : Infinity].filter((x) => x < Infinity)
      for (let i = 0; i < times.length; i++) for (let j = i + 1; j < times.length; j++) if (times[i] !== times[j] && Math.abs(times[i]! - times[j]!) < TOL) this.nearTie(`end, failure and hunt of ${task.vm.id} within ${TOL} s`)
      const job = this.jobOf.get(task.run)!
      this.decisions.push({ t: at, kind: 'end', what: `transfer ${kind} ${task.vm.id}`, keys: [`job:${job.def.id}`, `ds:${task.vm.ds.id}`, `vm:${task.vm.id}`] })
      if (kind === 'end') this.finish(task, at, 'success', false)
      else if (kind === 'fail' && task.failAt <= task.huntAt) this.abort(task, at, 'failed', task.orphanOnFail)
      else this.abort(task, at, 'cancelled', false)
      this.fill(task.run, T)
    }
  }

  /** 5. space freed: alarms below re-arm, a full datastore with room again lets its VMs run */
  freed(T: number): void {
    for (const ds of this.dss) {
      const u = this.use(ds)
      if (!ds.freed) continue
      this.nearMiss(ds)
      for (const level of ds.levels) {
        if (level.kind === 'full' || level.bytes <= u) continue
        if (level.bytes - u < ds.useTol) this.nearTie(`re-arm of ${level.name} on ${ds.id} at ${T}`)
        level.armed = true
      }
      if (ds.full && u < ds.capacity) {
        if (ds.capacity - u < ds.useTol) this.nearTie(`room again on ${ds.id} at ${T}`)
        ds.full = false
        ds.levels.find((l) => l.kind === 'full')!.armed = true
        this.decisions.push({ t: T, kind: 'room', what: 'room again', keys: [`ds:${ds.id}`] })
        for (const vm of ds.vms) this.resume(vm, T)
      }
      ds.peak = u
      ds.armedAtFree = ds.levels.filter((l) => l.armed)
    }
  }

  /**
   * 6. a full datastore stops every VM that must allocate; a stopped VM that no longer must runs.
   * 7. the snapshot hunter: snapshots without a backup (orphans) older than maxSnapshotAge.
   */
  stopsAndHunter(T: number): void {
    for (const ds of this.dss) for (const vm of ds.vms) if (ds.full && vm.running && this.mustAllocate(vm)) this.pause(vm, T)
    for (const vm of this.vms) if (!vm.running && !this.mustAllocate(vm)) this.resume(vm, T)
    for (const vm of this.vms) {
      for (const d of vm.chain) {
        if (d.task || d.removing || d.takenAt + this.maxAge > T + 1e-9) continue
        this.decisions.push({ t: d.takenAt + this.maxAge, kind: 'hunt', what: `hunt ${vm.id}`, keys: [`vm:${vm.id}`] })
        this.requestRemoval(d, vm, d.takenAt + this.maxAge, T)
      }
    }
  }

  /** 8. fires at T (whole seconds, so on a boundary), in job order */
  fires(T: number, fires: number[]): void {
    this.jobs.forEach((job, j) => {
      while (fires[j]! < job.def.fires.length && job.def.fires[fires[j]!]! <= T + 1e-9) {
        const fire = fires[j]!++
        this.decisions.push({ t: T, kind: 'fire', what: `fire ${job.def.id}`, keys: [`job:${job.def.id}`, ...job.members.flatMap((v) => [`ds:${v.ds.id}`, `vm:${v.id}`])] })
        const busy = job.runs.length > 0
        if (!busy) this.startRun(job, fire, T)
        else if (job.def.overlap === 'start') this.startRun(job, fire, T)
        else if (job.def.overlap === 'skip') this.skip(job, fire, T)
        else if (job.def.overlap === 'queue') {
          if (job.queued >= 0) this.skip(job, fire, T)
          else job.queued = fire
        } else {
          for (const run of [...job.runs]) {
            run.cancelled = true
            for (const task of run.tasks) {
              if (task.state === 'reading') this.abort(task, T, 'cancelled', false)
              else if (task.state === 'waiting') this.finish(task, T, 'cancelled', false)
            }
            this.endRunIfDone(job, run, T)
          }
          this.startRun(job, fire, T)
        }
      }
    })
  }

  run(): this {
    const steps = Math.round(this.m.horizon / this.dt)
    const fires = this.jobs.map(() => 0)
    for (const ds of this.dss) {
      ds.before = ds.peak = this.use(ds)
      ds.armedAtFree = [...ds.levels]
    }
    for (let k = 0; k <= steps; k++) {
      const T = k * this.dt
      if (k > 0) {
        const t = T - this.dt
        this.advance(t, T)
        this.crossings(t, T)
        this.mergeEnds(T)
        this.transferEnds(T)
        this.freed(T)
      }
      this.stopsAndHunter(T)
      if (k === steps) break
      this.fires(T, fires)
      for (const ds of this.dss) {
        ds.before = this.use(ds)
        ds.peak = Math.max(ds.peak, ds.before)
      }
    }
    for (const ds of this.dss) this.nearMiss(ds)
    for (const vm of this.vms) if (!vm.running) vm.paused.push({ from: vm.pausedSince, to: this.m.horizon })
    // near ties: two decisions the outcome depends on within TOL of each other
    this.decisions.sort((a, b) => a.t - b.t)
    for (let i = 0; i < this.decisions.length && this.tie === null; i++) {
      for (let j = i + 1; j < this.decisions.length && this.decisions[j]!.t - this.decisions[i]!.t < TOL; j++) {
        const a = this.decisions[i]!
        const b = this.decisions[j]!
        const on = dependsOn(a.kind, b.kind)
        if (on === null || !a.keys.some((x) => x.startsWith(on) && b.keys.includes(x))) continue
        this.nearTie(`${a.what} at ${a.t} and ${b.what} at ${b.t}`)
      }
    }
    return this
  }
}

function reference(m: Model, dt: number): Reference {
  return new Reference(m, dt).run()
}

type Decision = 'fire' | 'end' | 'merge' | 'crossing' | 'room' | 'hunt'

/**
 * Whether the order of two decisions can change an outcome, and what they must share for it: a
 * fire and a stream's end of the same job (overlap, queue, a free slot); a full or guard
 * crossing or the room coming back, and a fire, a stream's end (the next stream's snapshot, the
 * guard's aborts) or a merge's end (freeing before or after) on the same datastore; the
 * hunter, a fire or a stream end and a stream end on the same VM (which removal is queued first:
 * two at one instant go in the engine's order of scheduling, which the model leaves open).
 * Alarm crossings decide nothing; stream ends on different VMs, and merges, commute.
 */
function dependsOn(a: Decision, b: Decision): string | null {
  const pair = (x: Decision, y: Decision) => (a === x && b === y) || (a === y && b === x)
  if (pair('fire', 'end')) return 'job:'
  if (pair('crossing', 'fire') || pair('crossing', 'end') || pair('crossing', 'merge') || pair('room', 'fire') || pair('room', 'end') || pair('crossing', 'room')) return 'ds:'
  if (pair('hunt', 'fire') || pair('hunt', 'end') || pair('end', 'end')) return 'vm:'
  return null
}

const office = [0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.6, 1.2, 1.8, 1.8, 1.8, 1.6, 1.4, 1.8, 1.8, 1.8, 1.6, 1.2, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2]

const vmArb = fc.record({
  ds: fc.nat(2),
  used: fc.integer({ min: 20, max: 200 }),
  rate: fc.integer({ min: 0, max: 40 }),
  footprint: fc.integer({ min: 10, max: 100 }),
  thin: fc.boolean(),
  growth: fc.constantFrom(0, 0, 5, 30, 400),
  profiled: fc.boolean(),
})
const jobArb = fc.record({
  members: fc.array(fc.nat(3), { minLength: 1, maxLength: 4 }),
  /** First fire (hours) and the period between fires (seconds): short ones make runs overlap. */
  start: fc.integer({ min: 0, max: 3 }),
  period: fc.constantFrom(900, 1800, 3600, 2 * 3600, 4 * 3600),
  count: fc.integer({ min: 1, max: 3 }),
  cap: fc.integer({ min: 20, max: 200 }),
  pool: fc.option(fc.integer({ min: 30, max: 300 }), { nil: undefined }),
  concurrency: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  overlap: fc.constantFrom('start' as const, 'skip' as const, 'queue' as const, 'cancel' as const),
  incremental: fc.boolean(),
  hazard: fc.option(fc.record({ rate: fc.constantFrom(0.5, 2, 8), orphaned: fc.constantFrom(0, 0.5, 1) }), { nil: undefined }),
})
const dsArb = fc.record({
  /** Free space at time 0, GiB. */
  headroom: fc.oneof(fc.integer({ min: 5, max: 60 }), fc.integer({ min: 60, max: 600 })),
  fixed: fc.integer({ min: 0, max: 50 }),
  merge: fc.constantFrom(50, 200, 1000),
  alarms: fc.option(fc.uniqueArray(fc.integer({ min: 30, max: 100 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  guard: fc.option(fc.record({ free: fc.integer({ min: 1, max: 40 }), abort: fc.boolean() }), { nil: undefined }),
})

/** Generated models within what the reference implements: generic platform, UTC hours from 0. */
const referenceArb = fc
  .record({
    dsCount: fc.integer({ min: 1, max: 3 }),
    datastores: fc.array(dsArb, { minLength: 3, maxLength: 3 }),
    vms: fc.array(vmArb, { minLength: 1, maxLength: 4 }),
    jobs: fc.array(jobArb, { minLength: 1, maxLength: 2 }),
    maxAge: fc.option(fc.constantFrom(1800, 3 * 3600, 6 * 3600), { nil: undefined }),
    seed: fc.string({ maxLength: 4 }),
  })
  .map((g): Model => {
    const horizon = 8 * 3600
    const vms = g.vms.map((v, i) => ({
      id: `v${i}`,
      datastore: `ds${v.ds % g.dsCount}`,
      disk: 400 * GiB,
      used: v.used * GiB,
      provisioning: v.thin ? ('thin' as const) : ('thick' as const),
      dataGrowth: (v.growth * GiB) / 86400,
      writeRate: v.rate * MiB,
      footprint: v.footprint / 100,
      ...(v.profiled ? { profile: 0 } : {}),
    }))
    const datastores = g.datastores.slice(0, g.dsCount).map((d, k) => {
      const base = vms.filter((v) => v.datastore === `ds${k}`).reduce((s, v) => s + (v.provisioning === 'thin' ? v.used : v.disk), 0)
      return {
        id: `ds${k}`,
        capacity: d.fixed * GiB + base + d.headroom * GiB,
        fixedUse: d.fixed * GiB,
        consolidationThroughput: d.merge * MiB,
        platform: generic,
        ...(d.alarms ? { alarms: d.alarms.map((p, i) => ({ name: `a${i}`, fraction: p / 100 })) } : {}),
        ...(d.guard ? { guard: { minFreeBytes: d.guard.free * GiB, abortRunning: d.guard.abort } } : {}),
      }
    })
    const jobs = g.jobs.map((j, i) => ({
      id: `j${i}`,
      fires: Array.from({ length: j.count }, (_, n) => j.start * 3600 + n * j.period).filter((f) => f < horizon),
      vms: [...new Set(j.members.map((n) => `v${n % vms.length}`))],
      type: j.incremental ? ('incremental' as const) : ('full' as const),
      streamThroughput: j.cap * MiB,
      ...(j.pool ? { sharedThroughput: j.pool * MiB } : {}),
      ...(j.concurrency ? { concurrency: j.concurrency } : {}),
      overlap: j.overlap,
      ...(j.hazard ? { failure: { ratePerHour: j.hazard.rate, orphanedShare: j.hazard.orphaned } } : {}),
    }))
    return { horizon, seed: g.seed, datastores, profiles: [office], vms, jobs, ...(g.maxAge ? { policies: { maxSnapshotAge: g.maxAge } } : {}) }
  })

/** Differences between the engine and the reference on one model, in words (empty: they agree). */
function compare(m: Model): { diffs: string[]; tie: string | null; reached: Set<string> } {
  const ref = reference(m, DT)
  const eng = simulate(m)
  const diffs: string[] = []
  const reached = new Set<string>()
  const say = (s: string) => {
    if (diffs.length < 12) diffs.push(s)
  }
  const near = (a: number | null, b: number | null, tol: number) => (a === null || b === null ? a === b : Math.abs(a - b) <= tol)
  for (const b of eng.backups) {
    const r = ref.records.get(`${b.job}/${b.run}/${b.vm}`)
    const where = `${b.job} fire ${b.run} ${b.vm}`
    if (!r) {
      say(`${where}: no reference record (engine: ${b.outcome})`)
      continue
    }
    if (b.outcome !== r.outcome) say(`${where}: outcome ${b.outcome} (engine) vs ${r.outcome} (reference)`)
    if (!near(b.start, r.start, TOL)) say(`${where}: start ${b.start} vs ${r.start}`)
    if (!near(b.end, r.end, TOL)) say(`${where}: end ${b.end} vs ${r.end}`)
    if (b.orphaned !== r.orphaned) say(`${where}: orphaned ${b.orphaned} vs ${r.orphaned}`)
    if (b.outcome === 'failed') reached.add('failure')
    if (b.orphaned) reached.add('orphan')
    if (b.outcome === 'cancelled' && b.reason?.includes('hunter')) reached.add('hunter cancels a backup')
    if (b.outcome === 'cancelled' && b.reason?.includes('guard')) reached.add('guard aborts')
    if (b.outcome === 'skipped' && b.reason?.includes('free space')) reached.add('guard refuses')
    if (b.outcome === 'snapshot-failed') reached.add('snapshot on a full datastore')
    if (b.overlapped) reached.add(`overlap ${m.jobs.find((j) => j.id === b.job)!.overlap}`)
    if (b.incremental) reached.add('incremental')
  }
  if (eng.backups.length !== ref.records.size) say(`${eng.backups.length} backup records (engine) vs ${ref.records.size} (reference)`)
  if (eng.log.some((e) => e.type === 'snapshot-merge-start' && e.reason.startsWith('snapshot hunter'))) reached.add('hunter removes an orphan')
  if (new Set(m.vms.map((v) => v.datastore)).size > 1) reached.add('several datastores')
  eng.datastores.forEach((d, k) => {
    const r = ref.dss[k]!
    // a crossing moves by the use TOL of writes can add, over the use's slope there
    const crossTol = (slope: number) => TOL + (slope > 0 ? r.useTol / slope : Infinity)
    if (d.alarms.length > 0) reached.add('alarm')
    if (d.fullAt !== null) reached.add('full')
    if (d.alarms.length !== r.alarms.length) say(`${d.id}: alarms ${JSON.stringify(d.alarms)} (engine) vs ${JSON.stringify(r.alarms)} (reference)`)
    else
      d.alarms.forEach((a, i) => {
        const b = r.alarms[i]!
        if (a.name !== b.name || Math.abs(a.level - b.level) > 1e-6 * a.level || !near(a.at, b.at, crossTol(b.slope))) say(`${d.id}: alarm ${i} ${a.name} at ${a.at} vs ${b.name} at ${b.at}`)
      })
    if (d.fullTimes.length !== r.fullTimes.length || d.fullTimes.some((t, i) => !near(t, r.fullTimes[i]!.at, crossTol(r.fullTimes[i]!.slope)))) say(`${d.id}: full at ${d.fullTimes.join(', ')} (engine) vs ${r.fullTimes.map((x) => x.at).join(', ')} (reference)`)
  })
  eng.vms.forEach((v, i) => {
    const r = ref.vms[i]!
    const paused = v.states.filter((s) => s.state !== 'running')
    if (paused.length > 0) reached.add('pause')
    if (paused.length > 0 && paused.at(-1)!.to < m.horizon) reached.add('resume')
    // A VM stops when its datastore fills (a crossing: its tolerance) or at a step boundary when
    // it must allocate again on a full datastore (TOL); it runs again when a merge frees space or
    // its own delta's merge begins (TOL).
    const ds = ref.dss.find((d) => d.id === v.datastore)!
    const stopTol = Math.max(TOL, ...ds.fullTimes.map((f) => TOL + (f.slope > 0 ? ds.useTol / f.slope : Infinity)))
    if (paused.length !== r.paused.length) say(`${v.id}: paused ${JSON.stringify(paused)} (engine) vs ${JSON.stringify(r.paused)} (reference)`)
    else if (paused.some((p, k) => !near(p.from, r.paused[k]!.from, stopTol) || !near(p.to, r.paused[k]!.to, TOL)))
      say(`${v.id}: paused ${JSON.stringify(paused.map((p) => [p.from, p.to]))} (engine) vs ${JSON.stringify(r.paused.map((p) => [p.from, p.to]))} (reference)`)
    const refDown = r.paused.reduce((s, p) => s + p.to - p.from, 0)
    if (!near(v.downtime, refDown, (stopTol + TOL) * paused.length)) say(`${v.id}: downtime ${v.downtime} vs ${refDown}`)
  })

  const sizes = (xs: number[]) => [...xs].sort((a, b) => a - b)
  const engSizes = sizes(eng.snapshots.map((s) => s.maxBytes))
  const refSizes = sizes(ref.snapshots.map((s) => s.maxBytes))
  const peak = Math.max(1, ...(m.profiles ?? []).flat())
  const maxRate = Math.max(0, ...m.vms.map((v) => v.writeRate * peak))
  if (engSizes.length !== refSizes.length) say(`${engSizes.length} snapshots (engine) vs ${refSizes.length} (reference)`)
  else engSizes.forEach((s, i) => !near(s, refSizes[i]!, maxRate * TOL + 1e-6 * s) && say(`snapshot sizes ${engSizes.join(', ')} vs ${refSizes.join(', ')}`))
  return { diffs, tie: ref.tie, reached }
}

describe('an independent time-stepped implementation agrees with the engine', () => {
  it('on backups, alarms, fill times, pauses, downtime and snapshot sizes', () => {
    const n = runs(300, 3000)
    const reached = new Map<string, number>()
    let ties = 0
    const failures: string[] = []
    for (const m of fc.sample(referenceArb, { numRuns: n, seed: 1202 })) {
      const { diffs, tie, reached: r } = compare(m)
      if (tie !== null) {
        ties++
        continue
      }
      for (const f of r) reached.set(f, (reached.get(f) ?? 0) + 1)
      if (diffs.length > 0 && failures.length < 3) failures.push(`${JSON.stringify(m)}\n${diffs.join('\n')}`)
    }
    expect(failures).toEqual([])
    // Most models are compared (300 models, seed 1202: 58 near ties), and the compared ones reach
    // every feature the reference adds (counts of that run in docs/model.md).
    expect(ties).toBeLessThan(0.25 * n)
    const wanted = ['several datastores', 'alarm', 'full', 'pause', 'resume', 'guard refuses', 'guard aborts', 'failure', 'orphan', 'hunter removes an orphan', 'hunter cancels a backup', 'snapshot on a full datastore', 'overlap start', 'overlap skip', 'overlap queue', 'overlap cancel', 'incremental']
    const few = wanted.filter((f) => (reached.get(f) ?? 0) < 3).map((f) => `${f}: ${reached.get(f) ?? 0}`)
    expect(few).toEqual([])
  }, 600_000)
})
