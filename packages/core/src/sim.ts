// The state of one run that every concept reads: the clock, the event heap, the rate table's
// position, the entities, the options and the totals. The concept files (space.ts,
// crossings.ts, out-of-space.ts, snapshots.ts, backups.ts, transfers.ts, output.ts) are
// functions over it; engine.ts builds it and runs the event loop.

import { defaultAlarms } from './alarms.ts'
import { EventHeap } from './heap.ts'
import type { Model } from './model.ts'
import { Rates } from './rates.ts'
import { SmoothUse } from './space.ts'
import type { BackupOutcome, LogEvent, RunTotals, SimulateOptions, SnapshotRecord } from './result.ts'
import { ExpTerm, SimDatastore, SimGroup, SimJob, RateTerm, SimResource, SimRun, SimVm, blankRecord, type BackupRec, type Level, type Mutable } from './state.ts'
import { FailureStreams } from './streams.ts'

/** A snapshot's record (detail 'full' only), filled in as it is taken, merged and removed. */
export type SnapRec = Mutable<SnapshotRecord>

export class Sim {
  readonly heap = new EventHeap(4096)
  readonly horizon: number
  readonly rates: Rates
  now = 0
  /** Bumped per event: a datastore is touched (its point before the event taken) once per stamp. */
  stamp = 0
  eventCount = 0
  /** Datastores touched by the current event: the first nDirty entries. */
  readonly dirty: SimDatastore[] = []
  nDirty = 0
  readonly datastores: SimDatastore[] = []
  readonly vms: SimVm[] = []
  readonly jobs: SimJob[] = []
  /** Datastores with a growing VM whose rate follows a daily profile (hour ticks visit them). */
  readonly profiled: SimDatastore[] = []
  taskCount = 0
  snapCount = 0
  readonly backups: BackupRec[] = []
  /** Snapshot records by index, with detail 'full' only. */
  readonly snaps: SnapRec[] = []
  /** Job groups whose runs' rates change at the end of the current event: the first nDirtyGroups. */
  readonly dirtyGroups: SimGroup[] = []
  nDirtyGroups = 0
  /** Version stamps of TRANSFER events, unique over all runs. */
  runVersion = 0
  /** The record every backup writes to with summary detail. */
  readonly scratchRec: BackupRec = blankRecord('', '', 0, 0, false)
  readonly log: LogEvent[] | null
  readonly sampleInterval: number
  readonly full: boolean
  readonly grid: readonly number[]
  readonly outcomes: Record<BackupOutcome, number> = { success: 0, failed: 0, cancelled: 0, skipped: 0, 'snapshot-failed': 0, unfinished: 0 }
  /** Result.totals as the run goes on (backupsByOutcome: outcomes). */
  readonly totals: Mutable<Omit<RunTotals, 'backupsByOutcome'>> = { backups: 0, backupsOverlapped: 0, backupsMissedWindow: 0, snapshots: 0, snapshotsOrphaned: 0, maxChainDepth: 0 }
  readonly audit: SimulateOptions['audit']
  readonly maxAge: number
  /** Runs by index while they are going; ended ones are dropped. */
  readonly runs: (SimRun | null)[] = []
  // Hot path (every evaluation of a use): fields, not a returned object.
  /** Contract: set by every useAt() to the disk part of the use it returned; read by push() right after. */
  partDisk = 0
  /** Contract: set by every useAt() to the delta part of the use it returned; read by push() right after. */
  partDelta = 0
  /** The smooth use of the datastore being solved, for Newton's method (crossings.ts). */
  readonly smooth = new SmoothUse(this)
  /** The current event is a CHECK: solve, do not defer again (reset after every event). */
  checking = false
  /** Summary detail: no profiled datastore needs an hour tick before this time. */
  minCheckAt = 0

  constructor(
    readonly model: Model,
    options: SimulateOptions,
  ) {
    this.horizon = model.horizon
    this.log = options.log === false ? null : []
    this.full = options.detail !== 'summary'
    this.grid = this.full ? [] : (options.grid ?? [])
    this.sampleInterval = this.full ? (options.sampleInterval ?? 900) : 0
    this.audit = options.audit
    this.maxAge = model.policies?.maxSnapshotAge ?? Number.POSITIVE_INFINITY
    const rates = new Rates(model)
    this.rates = rates

    const dsById = new Map<string, SimDatastore>()
    /** Each datastore's rate term per rate row (VMs keep theirs: SimVm.rowTerm). */
    const termsOf = new Map<SimDatastore, Map<number, RateTerm>>()
    const expTermsOf = new Map<SimDatastore, Map<number, ExpTerm>>()
    model.datastores.forEach((d, i) => {
      const ds = new SimDatastore(i, d, buildLevels(d.capacity, d))
      this.datastores.push(ds)
      dsById.set(d.id, ds)
    })
    const vmById = new Map<string, SimVm>()
    model.vms.forEach((v, i) => {
      const ds = dsById.get(v.datastore)
      if (!ds) throw new Error(`VM ${v.id}: unknown datastore ${v.datastore}`)
      const row = rates.rowOf[i]!
      let byRow = termsOf.get(ds)
      if (!byRow) termsOf.set(ds, (byRow = new Map()))
      let term = byRow.get(row)
      if (!term) byRow.set(row, (term = new RateTerm(row)))
      const vm = new SimVm(i, v, ds, row, term)
      if (vm.thin && vm.relGrowth > 0) {
        // One term per (datastore, relative rate) in the use bound.
        let byRate = expTermsOf.get(ds)
        if (!byRate) expTermsOf.set(ds, (byRate = new Map()))
        let exp = byRate.get(vm.relGrowth)
        if (!exp) byRate.set(vm.relGrowth, (exp = new ExpTerm(vm.relGrowth)))
        vm.expTerm = exp
      }
      this.vms.push(vm)
      ds.vms.push(vm)
      vmById.set(v.id, vm)
    })
    model.jobs.forEach((j, i) => {
      const members = j.vms.map((id) => {
        const vm = vmById.get(id)
        if (!vm) throw new Error(`job ${j.id}: unknown VM ${id}`)
        return vm
      })
      this.jobs.push(new SimJob(i, j, members, new FailureStreams(`${model.seed}/failure/${j.id}`, members.map((m) => m.id))))
    })
    groupJobs(model, this.jobs)
  }

  emit(e: LogEvent): void {
    if (this.log) this.log.push(e)
  }
}

/** A datastore's levels in ascending order of use: alarms, the space guard, "full". */
function buildLevels(capacity: number, ds: Model['datastores'][number]): Level[] {
  const levels: Level[] = []
  for (const a of ds.alarms ?? defaultAlarms) levels.push({ bytes: a.fraction * capacity, kind: 'alarm', name: a.name, armed: true })
  for (const a of ds.platform.freeAlarms ?? []) levels.push({ bytes: capacity - a.freeBytes, kind: 'alarm', name: a.name, armed: true })
  if (ds.guard?.abortRunning) levels.push({ bytes: capacity - ds.guard.minFreeBytes, kind: 'guard', name: 'space guard', armed: true })
  levels.push({ bytes: capacity - ds.platform.stopBelowFree, kind: 'full', name: 'full', armed: true })
  const order = { alarm: 0, guard: 1, full: 2 }
  return levels.sort((a, b) => a.bytes - b.bytes || order[a.kind] - order[b.kind])
}

/**
 * Each job's proxy and repository, and the groups of jobs that share one (transitively): a job
 * that shares nothing stays alone in its own group.
 */
function groupJobs(model: Model, jobs: readonly SimJob[]): void {
  const proxies = new Map((model.proxies ?? []).map((r) => [r.id, new SimResource(r.id, r)]))
  const repositories = new Map((model.repositories ?? []).map((r) => [r.id, new SimResource(r.id, r)]))
  // Union of groups through their resources: the group that holds each resource so far.
  const holder = new Map<SimResource, SimGroup>()
  for (const job of jobs) {
    const found = [job.def.proxy === undefined ? undefined : proxies.get(job.def.proxy), job.def.repository === undefined ? undefined : repositories.get(job.def.repository)]
    for (const r of found) {
      if (r === undefined) continue
      job.resources.push(r)
      const other = holder.get(r)
      if (other === undefined || other === job.group) continue
      // Merge the other group into this job's.
      for (const j of other.jobs) {
        j.group = job.group
        job.group.jobs.push(j)
      }
      for (const x of other.resources) holder.set(x, job.group)
      job.group.resources.push(...other.resources)
    }
    job.group.jobs.push(job)
    for (const r of job.resources) {
      if (holder.get(r) === job.group) continue
      holder.set(r, job.group)
      job.group.resources.push(r)
    }
  }
  // Jobs in model order within their group (the order their runs' rates are recomputed).
  for (const job of jobs) job.group.jobs.sort((a, b) => a.idx - b.idx)
}
