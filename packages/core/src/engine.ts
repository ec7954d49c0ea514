// The engine: event scheduling with a fluid model between events. Between two events every rate
// is constant, so every delta, every transfer and every datastore's use is a known function of
// time; crossings of alarm levels and of "full" are solved for and scheduled, never polled.
// See docs/model.md for the equations and the reasons behind each rule.

import { defaultAlarms } from './alarms.ts'
import { EventHeap } from './heap.ts'
import { FailureStreams } from './streams.ts'
import { allocatedBytes, distinctBytes } from './growth.ts'
import { buildProfileTable, defaultHourGrid, rateRow, type ProfileTable, type RateRow } from './hours.ts'
import type { HourGrid, Model } from './model.ts'
import type { AuditDelta, BackupOutcome, LogEvent, Result, SimulateOptions, SnapshotRecord, VmState } from './result.ts'
import {
  DONE,
  DeltaState,
  DsState,
  JobState,
  READING,
  RateTerm,
  RunState,
  TaskState,
  VmState_,
  WAITING,
  blankRecord,
  type BackupRec,
  type Level,
} from './state.ts'

// Event kinds; the number is also the order of events at the same instant: time advances the
// hour first, frees space before anything allocates, ends transfers before a job fires again.
const HOUR = 0
const MERGE_END = 1
/** A run's next stream end or stream failure, whichever comes first (one event per run). */
const TRANSFER = 2
const RESUME = 3
const CROSSING = 4
const HUNT = 5
const IO_ERROR = 6
const CRASH = 7
const FIRE = 8
/** Re-solve a datastore's crossing from a later instant (nothing changes; not counted). */
const CHECK = 9

/** Crossing times are solved to this precision (seconds). */
const TIME_TOL = 1e-3
/** Relative rounding below which a use is not a new peak. */
const PEAK_TOL = 1e-12
/** A crossing at least this far away (s) by the tangent is solved only when the time comes. */
const DEFER_MIN = 1

interface SnapRec {
  vm: string
  job: string | null
  takenAt: number
  removalStartedAt: number | null
  removedAt: number | null
  maxBytes: number
  orphaned: boolean
  depth: number
}

export class Engine {
  private readonly heap = new EventHeap(4096)
  private readonly horizon: number
  private readonly table: ProfileTable
  private seg = 0
  /** The next segment where a rate changes, and when it starts (an HOUR event is due then). */
  private nextSeg = 0
  private nextBoundary: number
  private now = 0
  private stamp = 0
  private eventCount = 0
  /** Datastores touched by the current event: the first nDirty entries. */
  private readonly dirty: DsState[] = []
  private nDirty = 0
  private readonly datastores: DsState[] = []
  private readonly vms: VmState_[] = []
  private readonly jobs: JobState[] = []
  private taskCount = 0
  private snapCount = 0
  private readonly backups: BackupRec[] = []
  /** Snapshot records by index, with detail 'full' only. */
  private readonly snaps: SnapRec[] = []
  /** Jobs whose runs' rates change at the end of the current event: the first nDirtyJobs. */
  private readonly dirtyJobs: JobState[] = []
  private nDirtyJobs = 0
  /** Version stamps of TRANSFER events, unique over all runs. */
  private runVersion = 0
  /** The record every backup writes to with summary detail. */
  private readonly scratchRec: BackupRec = blankRecord('', '', 0, 0, false)
  private readonly profiled: DsState[] = []
  private readonly log: LogEvent[] | null
  private readonly sampleInterval: number
  private readonly full: boolean
  private readonly grid: readonly number[]
  private readonly outcomes: Record<BackupOutcome, number> = { success: 0, failed: 0, cancelled: 0, skipped: 0, 'snapshot-failed': 0, unfinished: 0 }
  private counts = { backups: 0, overlapped: 0, missedWindow: 0, snapshots: 0, orphaned: 0, maxDepth: 0 }
  private readonly audit: SimulateOptions['audit']
  private readonly maxAge: number
  /** Runs by index while they are going; ended ones are dropped. */
  private readonly runs: (RunState | null)[] = []
  private rateRows = 0
  // Scratch outputs of useAt(): the disk and delta parts of the last evaluation.
  private partDisk = 0
  private partDelta = 0
  /** Scratch output of smoothUseSlope(): d(use)/dt at the time it evaluated. */
  private slope = 0
  /** Scratch output of newton(): it stopped at endT without reaching the level. */
  private capped = false
  /** The current event is a CHECK: solve, do not defer again. */
  private checking = false
  // mAt's coefficients for segment mSeg (refreshM).
  private readonly mBase: Float64Array
  private readonly mSlope: Float64Array
  private mSeg = -1
  /** Summary detail: no profiled datastore needs an hour tick before this time. */
  private minCheckAt = 0
  /** Scratch output of solve() when it returns NaN: re-solve at this time. */
  private deferTo = 0

  constructor(
    private readonly model: Model,
    options: SimulateOptions,
  ) {
    this.horizon = model.horizon
    this.log = options.log === false ? null : []
    this.full = options.detail !== 'summary'
    this.grid = this.full ? [] : (options.grid ?? [])
    this.sampleInterval = this.full ? (options.sampleInterval ?? 900) : 0
    this.audit = options.audit
    this.maxAge = model.policies?.maxSnapshotAge ?? Number.POSITIVE_INFINITY
    const grid = model.hours ?? defaultHourGrid(model.horizon)
    // Rate rows: the daily profiles, then one row per VM whose rate has day factors.
    const profiles = model.profiles ?? []
    const rows: RateRow[] = profiles.map((p) => rateRow(p))
    const rowOf = model.vms.map((v) => (v.dayFactors ? rows.push(rateRow(v.profile === undefined ? undefined : profiles[v.profile], v.dayFactors)) - 1 : (v.profile ?? -1)))
    this.table = rows.length === profiles.length && model.hours && model.profiles ? sharedTable(model.hours, model.profiles, rows) : buildProfileTable(grid, rows)
    this.rateRows = rows.length
    this.mBase = new Float64Array(rows.length)
    this.mSlope = new Float64Array(rows.length)
    this.nextSeg = this.table.next[0] ?? 0
    this.nextBoundary = this.table.starts[this.nextSeg] ?? Number.POSITIVE_INFINITY

    const dsById = new Map<string, DsState>()
    /** Each datastore's rate term per rate row (VMs keep theirs: VmState_.rowTerm). */
    const termsOf = new Map<DsState, Map<number, RateTerm>>()
    model.datastores.forEach((d, i) => {
      const ds = new DsState(i, d, buildLevels(d.capacity, d))
      this.datastores.push(ds)
      dsById.set(d.id, ds)
    })
    const vmById = new Map<string, VmState_>()
    model.vms.forEach((v, i) => {
      const ds = dsById.get(v.datastore)
      if (!ds) throw new Error(`VM ${v.id}: unknown datastore ${v.datastore}`)
      const row = rowOf[i]!
      let byRow = termsOf.get(ds)
      if (!byRow) termsOf.set(ds, (byRow = new Map()))
      let term = byRow.get(row)
      if (!term) byRow.set(row, (term = new RateTerm(row)))
      const vm = new VmState_(i, v, ds, row, term)
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
      this.jobs.push(new JobState(i, j, members, new FailureStreams(`${model.seed}/failure/${j.id}`, members.map((m) => m.id))))
    })
  }

  run(): Result {
    // Time 0: every VM running; every datastore gets its first point and its first crossing.
    this.stamp++
    for (const vm of this.vms) this.attach(vm, 0)
    for (const ds of this.datastores) this.touch(ds)
    this.commit()
    if (this.rateRows > 0 && this.nextBoundary < this.horizon) this.heap.push(this.nextBoundary, HOUR, this.nextSeg, 0)
    for (const job of this.jobs) {
      if (job.def.fires.length > 0) this.heap.push(job.def.fires[0]!, FIRE, job.idx, 0)
    }

    const heap = this.heap
    while (heap.size > 0 && heap.peekTime() < this.horizon) {
      heap.pop()
      const t = heap.popTime
      this.now = t
      this.stamp++
      if (this.dispatch(heap.popKind, heap.popA, heap.popB, t)) this.eventCount++
      // Merges ending at the same instant (identical VMs backed up together) free their space
      // together: one commit (one evaluation of each datastore) for all of them.
      while (heap.popKind === MERGE_END && heap.peekKind() === MERGE_END && heap.peekTime() === t) {
        heap.pop()
        if (this.dispatch(heap.popKind, heap.popA, heap.popB, t)) this.eventCount++
      }
      this.commit()
      this.checking = false
    }
    return this.finish()
  }

  // ---------------------------------------------------------------- dispatch

  private dispatch(kind: number, a: number, b: number, t: number): boolean {
    switch (kind) {
      case HOUR:
        return this.onHour(t, a)
      case MERGE_END: {
        const vm = this.vms[a]!
        if (vm.mergeVersion !== b || !vm.merging) return false
        this.endMerge(vm, t)
        return true
      }
      case TRANSFER: {
        const run = this.runs[a]
        if (!run || run.version !== b) return false
        this.onTransfer(run, t)
        return true
      }
      case RESUME: {
        const ds = this.datastores[a]!
        if (ds.resumeVersion !== b || ds.full) return false
        for (const vm of ds.vms) if (vm.pausedBySpace) this.resume(vm, t)
        return true
      }
      case CROSSING: {
        const ds = this.datastores[a]!
        if (ds.crossingVersion !== b || !ds.pendingLevel) return false
        this.onCrossing(ds, ds.pendingLevel, t)
        return true
      }
      case HUNT:
        return this.onHunt(this.vms[a]!, t)
      case IO_ERROR: {
        const vm = this.vms[a]!
        if (vm.stopEpoch !== b || !vm.pausedBySpace) return false
        this.setState(vm, t, 'paused', 'I/O errors (no_space_timeout expired)')
        const crashAfter = vm.ds.profile.crashAfter
        if (crashAfter !== undefined) this.heap.push(t + crashAfter, CRASH, vm.idx, vm.stopEpoch)
        return true
      }
      case CRASH: {
        const vm = this.vms[a]!
        if (vm.stopEpoch !== b || !vm.pausedBySpace) return false
        vm.pausedBySpace = false
        vm.stopEpoch++
        this.setState(vm, t, 'crashed', 'guest crashed after failing writes')
        return true
      }
      case FIRE:
        this.onFire(this.jobs[a]!, b, t)
        return true
      case CHECK: {
        const ds = this.datastores[a]!
        if (ds.crossingVersion !== b) return false
        this.checking = true
        this.touch(ds)
        return false
      }
    }
    return false
  }

  // ---------------------------------------------------------------- time and VM quantities

  /** M_p(t): integral of the VM's profile multiplier from 0 to t (t within the current hour). */
  private mAt(profile: number, t: number): number {
    if (profile < 0) return t
    if (this.mSeg !== this.seg) this.refreshM()
    return this.mBase[profile]! + this.mSlope[profile]! * t
  }

  /**
   * M_p(t) = mBase[p] + mSlope[p] * t within the current segment: two loads from flat arrays on
   * the hottest path (every growing VM in every evaluation), instead of three nested ones.
   */
  private refreshM(): void {
    const s = this.seg
    for (let p = 0; p < this.rateRows; p++) {
      this.mSlope[p] = this.table.mult[p]![s]!
      this.mBase[p] = this.mAtSeg(p, s, 0)
    }
    this.mSeg = s
  }

  /** The segment holding t (binary search on the segment starts). */
  private segmentAt(t: number): number {
    const starts = this.table.starts
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= t) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  /** Cumulative logical bytes the VM has written by t. */
  private wAt(vm: VmState_, t: number): number {
    return vm.running ? vm.w + vm.writeRate * (this.mAt(vm.profile, t) - vm.mAnchor) : vm.w
  }

  private usedAt(vm: VmState_, t: number): number {
    return vm.running ? Math.min(vm.disk, vm.used + vm.growth * (t - vm.tAnchor)) : vm.used
  }

  /** Move the VM's anchors to t (call before changing anything that alters its rates). */
  private settle(vm: VmState_, t: number): void {
    if (vm.tAnchor === t) return
    vm.w = this.wAt(vm, t)
    vm.used = this.usedAt(vm, t)
    vm.mAnchor = this.mAt(vm.profile, t)
    vm.tAnchor = t
  }

  private deltaWritten(d: DeltaState, t: number): number {
    return d.active ? d.w0 + this.wAt(d.vm, t) - d.wAnchor : d.w0
  }

  private sizeOf(vm: VmState_, written: number): number {
    const p = vm.ds.profile
    return allocatedBytes(this.dataOf(vm, written), p.grain, p.deltaOverhead, vm.disk)
  }

  /**
   * Distinct bytes of `written` on the VM's region, remembered for the last value asked: an
   * event evaluates its datastore at the same instant several times (before, after, the
   * solver's start), and an exp per growing VM is most of that cost.
   */
  private dataOf(vm: VmState_, written: number): number {
    if (written !== vm.memoW) {
      vm.memoW = written
      vm.memoData = distinctBytes(written, vm.region)
    }
    return vm.memoData
  }

  private diskAt(vm: VmState_, t: number): number {
    return vm.thin ? this.usedAt(vm, t) : vm.disk
  }

  /**
   * Its space can grow, so it must allocate: a running VM with an active delta (whatever its
   * write rate at the moment: the model says a snapshot means allocating), or a thin disk below
   * its size that grows. These VMs stop when the datastore is full.
   */
  private isGrowing(vm: VmState_): boolean {
    if (!vm.running) return false
    if (vm.active !== null) return true
    return vm.thin && vm.growth > 0 && vm.used < vm.disk
  }

  // ---------------------------------------------------------------- datastore bookkeeping

  /** Take the VM's contribution out of its datastore's sums (before changing the VM). */
  private detach(vm: VmState_, t: number): void {
    const ds = vm.ds
    this.touch(ds)
    ds.changed = true
    if (vm.growIdx >= 0) {
      const last = ds.growing.pop()!
      if (last !== vm) {
        ds.growing[vm.growIdx] = last
        last.growIdx = vm.growIdx
      }
      vm.growIdx = -1
      if (vm.countedProfiled) {
        vm.countedProfiled = false
        if (--ds.profiledGrowing === 0) this.unlistProfiled(ds)
      }
      if (vm.countedCurving) {
        vm.countedCurving = false
        ds.curving--
      }
      this.unbound(vm)
    } else {
      ds.staticDisk -= vm.cachedDisk
      ds.staticDelta -= vm.cachedDelta
    }
    this.settle(vm, t)
  }

  /** Put the VM's contribution back, as growing or as a constant. */
  private attach(vm: VmState_, t: number): void {
    const ds = vm.ds
    this.settle(vm, t)
    if (this.isGrowing(vm)) {
      vm.growIdx = ds.growing.length
      ds.growing.push(vm)
      this.bound(vm)
      if (vm.active !== null) {
        // A delta that starts growing (new, re-activated, resumed) may round up by a grain
        // beyond what the use bound was based on: its slack enters the bound once.
        if (vm.slackFor !== vm.active) {
          vm.slackFor = vm.active
          ds.added += ds.profile.grain
        }
        vm.countedCurving = true
        ds.curving++
        if (vm.profile >= 0) {
          vm.countedProfiled = true
          if (ds.profiledGrowing++ === 0) this.listProfiled(ds)
        }
      }
    } else {
      vm.slackFor = null
      vm.cachedDisk = this.diskAt(vm, t)
      vm.cachedDelta = vm.frozenDeltaBytes + (vm.active ? this.sizeOf(vm, this.deltaWritten(vm.active, t)) : 0)
      ds.staticDisk += vm.cachedDisk
      ds.staticDelta += vm.cachedDelta
    }
  }

  /** Add a growing VM's rates to its datastore's bound terms. */
  private bound(vm: VmState_): void {
    const ds = vm.ds
    if (vm.active !== null) {
      const term = vm.rowTerm
      if (term.count++ === 0) {
        term.pos = ds.terms.length
        ds.terms.push(term)
      }
      // dS/dW <= 1 until the next exact evaluation tightens it (tighten()).
      vm.boundRate = vm.writeRate
      term.rate += vm.boundRate
      vm.inTerm = true
    }
    if (vm.thin && vm.growth > 0) {
      vm.thinBound = vm.growth
      ds.thinRate += vm.growth
      ds.thinCount++
    }
  }

  /** Take them out again; a term with no VM left is dropped at zero (no rounding accumulates). */
  private unbound(vm: VmState_): void {
    const ds = vm.ds
    if (vm.inTerm) {
      vm.inTerm = false
      const term = vm.rowTerm
      if (--term.count === 0) {
        term.rate = 0
        const last = ds.terms.pop()!
        if (last !== term) {
          ds.terms[term.pos] = last
          last.pos = term.pos
        }
        term.pos = -1
      } else term.rate -= vm.boundRate
    }
    if (vm.thinBound > 0) {
      ds.thinRate = --ds.thinCount === 0 ? 0 : ds.thinRate - vm.thinBound
      vm.thinBound = 0
    }
  }

  /** M of a rate row at t, t within segment `seg` (or its linear extension). */
  private mAtSeg(row: number, seg: number, t: number): number {
    if (row < 0) return t
    return this.table.cum[row]![seg]! + this.table.mult[row]![seg]! * (t - this.table.starts[seg]!)
  }

  /** Upper bound of the use at t (t within segment `seg`), valid while the datastore is unchanged. */
  private useBound(ds: DsState, seg: number, t: number): number {
    let b = ds.clearBase + ds.thinRate * (t - ds.clearT)
    const terms = ds.terms
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!
      b += term.rate * (this.mAtSeg(term.row, seg, t) - term.m0)
    }
    // A relative margin for rounding in the sums.
    return b + 1e-9 * Math.abs(b)
  }

  private listProfiled(ds: DsState): void {
    ds.profiledIdx = this.profiled.length
    this.profiled.push(ds)
  }

  private unlistProfiled(ds: DsState): void {
    const last = this.profiled.pop()!
    if (last !== ds) {
      this.profiled[ds.profiledIdx] = last
      last.profiledIdx = ds.profiledIdx
    }
    ds.profiledIdx = -1
  }

  /** Use of the datastore at t (valid until its next change); also sets partDisk/partDelta. */
  private useAt(ds: DsState, t: number, tighten = false): number {
    let disk = ds.staticDisk
    let delta = ds.staticDelta
    const g = ds.growing
    for (let i = 0; i < g.length; i++) {
      const vm = g[i]!
      disk += this.diskAt(vm, t)
      delta += vm.frozenDeltaBytes
      if (vm.active !== null) {
        delta += this.sizeOf(vm, this.deltaWritten(vm.active, t))
        if (tighten && vm.inTerm) this.tighten(vm)
      }
    }
    this.partDisk = disk
    this.partDelta = delta
    return ds.fixed + disk + delta
  }

  /**
   * Use at t without rounding deltas up to the allocation unit — a concave lower bound of the
   * allocated use, at most one unit per growing delta below it — and, in `this.slope`, its
   * derivative: the tangent for Newton's method. One pass, one expm1 per growing VM:
   * S = -R expm1(-W/R) and dS/dW = exp(-W/R) = 1 - S/R.
   */
  private smoothUseSlope(ds: DsState, t: number): number {
    let use = ds.fixed + ds.staticDisk + ds.staticDelta
    let slope = 0
    const g = ds.growing
    const overhead = ds.profile.deltaOverhead
    for (let i = 0; i < g.length; i++) {
      const vm = g[i]!
      const used = this.usedAt(vm, t)
      use += (vm.thin ? used : vm.disk) + vm.frozenDeltaBytes
      if (vm.thin && used < vm.disk) slope += vm.growth
      const d = vm.active
      if (d !== null) {
        const data = this.dataOf(vm, this.deltaWritten(d, t))
        if (data < vm.disk) {
          use += data + overhead
          const m = vm.profile < 0 ? 1 : this.table.mult[vm.profile]![this.seg]!
          slope += dataSlope(vm, data) * vm.writeRate * m
        } else use += vm.disk + overhead
      }
    }
    this.slope = slope
    return use
  }

  /**
   * Newton on the smooth use from t towards `level`, starting from its value u and slope s
   * there: the last safe iterate, at most endT (Infinity if it stops rising).
   */
  private newton(ds: DsState, t: number, u: number, s: number, level: number, endT: number): number {
    this.capped = false
    for (let i = 0; i < 100; i++) {
      if (u >= level) return t
      if (!(s > 0)) return Number.POSITIVE_INFINITY
      const step = (level - u) / s
      if (t + step >= endT) {
        // The tangent, above the concave use, reaches the level only at or after endT.
        this.capped = true
        return endT
      }
      // Within 0.1 µs of the level: stop at the last iterate, whose use is known to be below it
      // (t + step, rounded to a float time near t = 10^5 s, may land past the crossing: at
      // 5 GiB/s that is a tenth of a byte above the level).
      if (step < 1e-7) return t
      t += step
      u = this.smoothUseSlope(ds, t)
      s = this.slope
    }
    return t
  }

  /** First time the datastore's event touches it: samples since the last point, then the point. */
  private touch(ds: DsState): void {
    if (ds.touchStamp === this.stamp) return
    ds.touchStamp = this.stamp
    const t = this.now
    const step = this.sampleInterval
    if (step > 0 && ds.curving > 0) {
      for (let s = (Math.floor(ds.lastT / step) + 1) * step; s < t; s += step) this.record(ds, s, false, this.useAt(ds, s))
    }
    this.flushGrid(ds, t)
    // The use just before the event: a point of the full series. Summary detail needs it only
    // as a candidate for the peak, which only an event that frees space can make (use does not
    // fall between events): commit() has it as the use after plus what was freed.
    if (this.full) {
      ds.useBefore = this.useAt(ds, t, true)
      this.record(ds, t, true, ds.useBefore)
    } else ds.boundAtTouch = ds.boundValid ? this.useBound(ds, this.seg, t) : Number.POSITIVE_INFINITY
    ds.changed = false
    ds.freed = 0
    this.dirty[this.nDirty++] = ds
  }

  /** Summary-detail grid points up to t (the datastore unchanged since the last one). */
  private flushGrid(ds: DsState, t: number): void {
    const grid = this.grid
    if (ds.gridIdx >= grid.length || grid[ds.gridIdx]! > t) return
    // A datastore untouched since an earlier hour (summary detail's hour ticks do not visit
    // datastores): evaluate each grid point in its own segment.
    const seg = this.seg
    while (ds.gridIdx < grid.length && grid[ds.gridIdx]! <= t) {
      const g = grid[ds.gridIdx++]!
      this.seg = g < this.table.starts[seg]! ? this.segmentAt(g) : seg
      this.push(ds, g, this.useAt(ds, g))
    }
    this.seg = seg
  }

  /**
   * A point of the use: the peak always; the series with full detail. `used` must come from
   * useAt(ds, t) just before (partDisk/partDelta set).
   */
  private record(ds: DsState, t: number, breakpoint: boolean, used: number): void {
    // The peak is taken at breakpoints only (use does not fall between them), so it is the same
    // with and without samples.
    // A new peak must exceed the last by more than rounding: the same use reached again along
    // another sum (or, in summary detail, as the use after a merge plus what it freed) keeps the
    // first time it was reached.
    if (breakpoint && used > ds.peak + PEAK_TOL * Math.abs(ds.peak)) {
      ds.peak = used
      ds.peakAt = t
    }
    if (!this.full) return
    this.push(ds, t, used)
    if (breakpoint && this.audit) this.auditPoint(ds, t, used)
  }

  private push(ds: DsState, t: number, used: number): void {
    const n = ds.t.length
    if (n > 0 && ds.t[n - 1] === t && ds.used[n - 1] === used) return
    ds.t.push(t)
    ds.used.push(used)
    ds.disks.push(this.partDisk)
    ds.deltas.push(this.partDelta)
    ds.lastT = t
  }

  private auditPoint(ds: DsState, t: number, used: number): void {
    const deltas: AuditDelta[] = []
    let disks = 0
    for (const vm of ds.vms) {
      disks += this.diskAt(vm, t)
      for (let d = vm.oldest; d !== null; d = d.child) {
        const written = this.deltaWritten(d, t)
        deltas.push({ vm: vm.id, written, allocated: d.active ? this.sizeOf(vm, written) : d.alloc })
      }
    }
    this.audit!({ t, datastore: ds.id, used, disks, deltas })
  }

  /** After an event: pause what cannot allocate, resume what can, record, reschedule crossings. */
  private commit(): void {
    const t = this.now
    // The lists are reused with counts: setting length = 0 is a slow runtime call per event.
    const jobs = this.dirtyJobs
    for (let i = 0; i < this.nDirtyJobs; i++) this.rescheduleJob(jobs[i]!, t)
    this.nDirtyJobs = 0
    // Pausing and resuming may touch more datastores (never in practice: VMs live on one).
    for (let i = 0; i < this.nDirty; i++) {
      const ds = this.dirty[i]!
      if (!this.full && ds.freed === 0 && !ds.full && this.boundedCommit(ds, t)) continue
      // An event that only changed rates (an hour tick) leaves the use as it was. Pausing and
      // resuming below do not change the use at t either: `after` (and partDisk/partDelta,
      // recorded below) stay valid.
      // (with `tighten`: the bound based below in scheduleCrossing takes each delta's slope now)
      const after = ds.changed || !this.full ? this.useAt(ds, t, true) : ds.useBefore
      if (!this.full && ds.freed > 0) this.record(ds, t, true, after + ds.freed)
      // Only the end of a merge frees space (merging S(Wp) and S(Wc) into S(Wp + Wc) never
      // grows): then alarms below re-arm and a full datastore is no longer full.
      if (ds.freed > 0) {
        for (const level of ds.levels) if (level.kind !== 'full' && level.bytes > after) level.armed = true
        if (ds.full) {
          ds.full = false
          this.fullLevel(ds).armed = true
          const delay = ds.profile.resumeDelay
          if (delay > 0) this.heap.push(t + delay, RESUME, ds.idx, ++ds.resumeVersion)
          else for (const vm of ds.vms) if (vm.pausedBySpace) this.resume(vm, t)
        }
      }
      if (ds.full) while (ds.growing.length > 0) this.pause(ds.growing[ds.growing.length - 1]!, t)
      if (ds.changed || !this.full) this.record(ds, t, true, after)
      this.scheduleCrossing(ds, t, after)
    }
    this.nDirty = 0
  }

  private fullLevel(ds: DsState): Level {
    return ds.levels.find((l) => l.kind === 'full')!
  }

  private scheduleCrossing(ds: DsState, t: number, use: number): void {
    ds.crossingVersion++
    ds.pendingLevel = null
    ds.clearTarget = Number.POSITIVE_INFINITY
    // The bound from here (onHour re-checks it for the next windows; summary detail may carry
    // it over events without evaluating the use: boundedCommit).
    this.rebase(ds, t, use + ds.profile.grain * (ds.curving + 1))
    const level = this.firstArmed(ds)
    if (level === null) return
    const target = this.targetOf(ds, level)
    let at: number
    if (use >= target) at = t
    else if (ds.growing.length === 0) return
    else {
      ds.clearTarget = target
      // If even the bound stays below the level until the window's end, no solve (most
      // events, far from any level).
      const end = this.windowEnd(ds)
      if (this.useBound(ds, this.seg, end) < target) return
      at = this.solve(ds, t, target, end)
      if (Number.isNaN(at)) {
        this.heap.push(this.deferTo, CHECK, ds.idx, ds.crossingVersion)
        return
      }
      if (!(at < Number.POSITIVE_INFINITY)) return // re-checked at the next hour boundary
    }
    ds.pendingLevel = level
    this.heap.push(at, CROSSING, ds.idx, ds.crossingVersion)
  }

  /**
   * Summary detail, after an event that freed nothing on a datastore that is not full: the bound
   * carried over the event (what it had reached, plus each new delta's metadata and rounding
   * grain) may show that the use now can neither be a new peak nor reach a level before the
   * window's end. Then nothing needs the use itself: the bound is re-based at t and true is
   * returned. Otherwise false, and the use is evaluated.
   */
  private boundedCommit(ds: DsState, t: number): boolean {
    if (!ds.boundValid) return false
    const b = ds.boundAtTouch + ds.added
    if (!(b <= ds.peak)) return false
    const level = this.firstArmed(ds)
    this.rebase(ds, t, b)
    if (level !== null) {
      const target = this.targetOf(ds, level)
      if (this.useBound(ds, this.seg, this.windowEnd(ds)) >= target) return false
      ds.clearTarget = target
    } else ds.clearTarget = Number.POSITIVE_INFINITY
    ds.crossingVersion++
    ds.pendingLevel = null
    return true
  }

  /**
   * Summary detail, at an hour boundary: find the first hour at whose end the use bound reaches
   * the next level (the bound only rises, so galloping and then bisecting over the hour starts
   * finds it in O(log hours)); the hour ticks skip the datastore until that hour begins. False
   * if that hour ends within the current window: solve now.
   */
  private walk(ds: DsState): boolean {
    const starts = this.table.starts
    const last = starts.length - 1
    const target = ds.clearTarget
    const reaches = (j: number): boolean => (j > last ? this.useBound(ds, last, this.horizon) : this.useBound(ds, j, starts[j]!)) >= target
    // smallest j in (seg, last + 1] with reaches(j); j = last + 1 stands for the horizon
    let lo = this.seg
    let step = 1
    let hi = lo + step
    while (hi <= last && !reaches(hi)) {
      lo = hi
      step *= 2
      hi = lo + step
    }
    if (hi > last) {
      hi = last + 1
      if (!reaches(hi)) {
        ds.checkAt = Number.POSITIVE_INFINITY
        return true
      }
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1
      if (reaches(mid)) hi = mid
      else lo = mid
    }
    // The bound may reach the level within segment hi - 1. Hour events fire only where a rate
    // changes: the datastore must be solved from the last of them at or before that segment.
    const from = this.table.tick[hi - 1]!
    if (from <= this.seg) return false
    ds.checkAt = starts[from]!
    return true
  }

  /**
   * A delta's data grows ever slower (S is concave in W): from now on dS/dW is at most its value
   * now, exp(-W/R) = 1 - S/R (0 once the delta covers its disk). So a growing VM's share of the
   * bound's rate can drop to writeRate * (1 - S/R) — for long-lived, grown deltas (the case this
   * simulator is about) far below writeRate. Called from useAt(ds, now, true), right after its
   * data at now was computed (memoised), before the bound is based at now.
   */
  private tighten(vm: VmState_): void {
    const data = vm.memoData
    const rate = data >= vm.disk ? 0 : vm.writeRate * dataSlope(vm, data)
    if (rate < vm.boundRate) {
      vm.rowTerm.rate += rate - vm.boundRate
      vm.boundRate = rate
    }
  }

  /** Start the datastore's use bound at t from `base`, an upper bound of its use at t. */
  private rebase(ds: DsState, t: number, base: number): void {
    ds.clearT = t
    ds.clearBase = base
    ds.added = 0
    ds.boundValid = true
    ds.checkAt = 0
    this.minCheckAt = 0
    for (const term of ds.terms) term.m0 = this.mAt(term.row, t)
  }

  private firstArmed(ds: DsState): Level | null {
    for (const l of ds.levels) if (l.armed) return l
    return null
  }

  /**
   * The use at which the level is crossed. With an allocation unit, use rises in whole units: a
   * datastore at exactly its capacity still serves writes into the last unit; it is full when
   * the next unit does not fit: when use would exceed the level. The smallest float above the
   * level makes "use reaches the target" mean exactly that (not level + 1 byte: a thin disk's
   * growth between units would overshoot by up to a byte).
   */
  private targetOf(ds: DsState, level: Level): number {
    return level.kind === 'full' && ds.profile.grain > 0 ? nextUp(level.bytes) : level.bytes
  }

  /** Until when a crossing solved now holds: the next rate change if a growing VM is profiled. */
  private windowEnd(ds: DsState): number {
    return Math.min(this.horizon, ds.profiledGrowing > 0 ? this.nextBoundary : Number.POSITIVE_INFINITY)
  }

  /**
   * First time in [t0, end] at which use reaches `level`, from the safe side (use there is at
   * most `level`), or Infinity. Use is non-decreasing and, without rounding, concave between
   * events, so Newton's tangent never overshoots; with an allocation unit it is a step
   * function, bracketed and bisected to TIME_TOL.
   */
  private solve(ds: DsState, t0: number, level: number, end: number): number {
    if (!(end > t0)) return Number.POSITIVE_INFINITY
    const endT = end < Number.POSITIVE_INFINITY ? end : this.horizon
    // Use is concave between events, so the tangent at t0 bounds it from above: if even the
    // tangent stays below the level until endT, there is no crossing in this window. (With an
    // allocation unit, a grain per growing delta is added to the bound.)
    const slack = ds.profile.grain * ds.curving + ds.profile.grain
    const smooth0 = this.smoothUseSlope(ds, t0)
    const slope0 = this.slope
    if (smooth0 + slope0 * (endT - t0) + slack < level) return Number.POSITIVE_INFINITY
    // Not before the tangent reaches the level: if that is a while away, solve then (a CHECK
    // event) — the next event on this datastore, often sooner, makes the solve moot.
    const tangentAt = t0 + (level - slack - smooth0) / slope0
    if (!this.checking && tangentAt > t0 + DEFER_MIN) {
      this.deferTo = tangentAt
      return Number.NaN
    }
    if (ds.profile.grain === 0) {
      const at = this.newton(ds, t0, smooth0, slope0, level, endT)
      return this.capped && this.useAt(ds, endT) < level ? Number.POSITIVE_INFINITY : at
    }
    // With an allocation unit the use is a step function between the smooth use S and
    // S + slack: S reaching level - slack brackets the crossing from below (use there is below
    // the level by at least a grain), S reaching level from above; bisect the steps in between
    // to TIME_TOL. If S stays below level - slack until endT, so does use below the level.
    let lo = Math.max(t0, this.newton(ds, t0, smooth0, slope0, level - slack, endT))
    if (this.capped || !(lo < endT)) return Number.POSITIVE_INFINITY
    const smoothLo = this.smoothUseSlope(ds, lo)
    let hi = Math.min(endT, this.newton(ds, lo, smoothLo, this.slope, level, endT))
    if (!(hi >= lo)) hi = endT
    if (this.capped || this.useAt(ds, hi) < level) {
      hi = endT
      if (this.useAt(ds, endT) < level) return Number.POSITIVE_INFINITY
    }
    while (hi - lo > TIME_TOL) {
      const mid = 0.5 * (lo + hi)
      if (this.useAt(ds, mid) >= level) hi = mid
      else lo = mid
    }
    return lo
  }

  private onCrossing(ds: DsState, level: Level, t: number): void {
    this.touch(ds)
    level.armed = false
    if (level.kind === 'alarm') {
      ds.alarms.push({ name: level.name, level: level.bytes, at: t })
      if (this.log) this.emit({ t, type: 'alarm', datastore: ds.id, name: level.name, level: level.bytes })
    } else if (level.kind === 'guard') {
      let aborted = 0
      for (const vm of ds.vms) {
        for (let d = vm.oldest; d !== null; d = d.child) {
          if (d.task === null) continue
          this.abortTask(d.task, t, 'cancelled', 'free space fell below the space guard', false)
          aborted++
        }
      }
      if (this.log) this.emit({ t, type: 'guard-abort', datastore: ds.id, aborted })
    } else {
      ds.full = true
      ds.fullTimes.push(t)
      const stopped = ds.growing.length
      if (this.log) this.emit({ t, type: 'datastore-full', datastore: ds.id, used: this.useAt(ds, t), stopped })
      // commit() pauses every VM that must allocate.
    }
  }

  /**
   * A boundary where some rate changes (boundaries with the same multipliers on both sides are
   * skipped: M keeps its slope across them). In full detail every profiled datastore gets a
   * breakpoint at the kink; in summary detail only those whose use bound may reach a level.
   */
  private onHour(t: number, seg: number): boolean {
    const nextSeg = this.table.next[seg] ?? this.table.starts.length
    const nextBoundary = this.table.starts[nextSeg] ?? Number.POSITIVE_INFINITY
    // Full detail records the kink of every growing datastore (and re-solves it).
    if (this.full) for (const ds of this.profiled) this.touch(ds)
    this.seg = seg
    this.nextSeg = nextSeg
    this.nextBoundary = nextBoundary
    if (nextBoundary < this.horizon) this.heap.push(nextBoundary, HOUR, nextSeg, 0)
    // Summary detail visits a datastore only from the hour its use bound may reach its next
    // level (walk); then it is solved. Its grid points are taken when next touched.
    if (!this.full && this.minCheckAt <= t) {
      // (a datastore touched here is re-based in commit(), which lowers minCheckAt again)
      let min = Number.POSITIVE_INFINITY
      for (const ds of this.profiled) {
        if (ds.pendingLevel !== null) continue
        if (ds.checkAt <= t && !this.walk(ds)) this.touch(ds)
        else if (ds.checkAt < min) min = ds.checkAt
      }
      this.minCheckAt = min
    }
    return true
  }

  // ---------------------------------------------------------------- VM states

  private setState(vm: VmState_, t: number, state: VmState, reason: string | null): void {
    if (vm.state === state && vm.reason === reason) return
    if (t > vm.stateSince) {
      vm.intervals.push(
        vm.reason === null
          ? { state: vm.state, from: vm.stateSince, to: t }
          : { state: vm.state, from: vm.stateSince, to: t, reason: vm.reason },
      )
      if (vm.state !== 'running') vm.downtime += t - vm.stateSince
    }
    if (state !== 'running' && vm.firstStopAt === null) vm.firstStopAt = t
    vm.state = state
    vm.reason = reason
    vm.stateSince = t
    if (this.log) this.emit({ t, type: 'vm-state', vm: vm.id, state, reason })
  }

  private pause(vm: VmState_, t: number): void {
    this.detach(vm, t)
    vm.running = false
    vm.pausedBySpace = true
    vm.stopEpoch++
    this.attach(vm, t)
    this.setState(vm, t, 'paused', vm.ds.profile.stopReason)
    const q = vm.ds.profile.queueTimeout
    if (q !== undefined) this.heap.push(t + q, IO_ERROR, vm.idx, vm.stopEpoch)
  }

  private resume(vm: VmState_, t: number): void {
    this.detach(vm, t)
    vm.running = true
    vm.pausedBySpace = false
    vm.stopEpoch++
    vm.mAnchor = this.mAt(vm.profile, t)
    vm.tAnchor = t
    this.attach(vm, t)
    this.setState(vm, t, 'running', null)
  }

  // ---------------------------------------------------------------- snapshots

  private takeSnapshot(vm: VmState_, t: number, job: string): DeltaState {
    this.detach(vm, t)
    if (vm.active) this.freeze(vm.active, t)
    const snap = this.snapCount++
    const d = new DeltaState(snap, vm, t)
    d.active = true
    d.wAnchor = vm.w
    d.parent = vm.youngest
    if (vm.youngest) vm.youngest.child = d
    else vm.oldest = d
    vm.youngest = d
    const depth = ++vm.chainLength
    vm.active = d
    this.attach(vm, t)
    this.counts.snapshots++
    if (depth > this.counts.maxDepth) this.counts.maxDepth = depth
    if (this.full) this.snaps.push({ vm: vm.id, job, takenAt: t, removalStartedAt: null, removedAt: null, maxBytes: 0, orphaned: false, depth })
    vm.ds.added += vm.ds.profile.deltaOverhead
    if (this.log) this.emit({ t, type: 'snapshot-create', vm: vm.id, snapshot: snap, depth })
    // (the hunter's deadline goes with the reading task that took it: startTask)
    return d
  }

  /** A delta left behind without a task (an orphan): the hunter must come for it. */
  private huntLater(vm: VmState_): void {
    if (this.maxAge === Number.POSITIVE_INFINITY || vm.huntPending) return
    for (let d = vm.oldest; d !== null; d = d.child) {
      if (d.removing || d.task !== null) continue
      vm.huntPending = true
      this.heap.push(d.takenAt + this.maxAge, HUNT, vm.idx, 0)
      return
    }
  }

  /**
   * The snapshot hunter for deltas without a task (orphans): every one older than
   * maxSnapshotAge that is not being removed goes. One check per VM is pending at a time, at the
   * deadline of its oldest such delta: the chain is in order of creation, so no younger delta
   * can be due earlier. A delta still being read is the reading run's business: its deadline is
   * one of the run's stop times (onTransfer), so a normal backup costs the hunter no event.
   */
  private onHunt(vm: VmState_, t: number): boolean {
    vm.huntPending = false
    let hunted = false
    // (removal requests only queue merges: the chain is not unlinked while this walks it)
    for (let d = vm.oldest; d !== null && d.takenAt + this.maxAge <= t; d = d.child) {
      if (d.removing || d.task !== null) continue
      hunted = true
      this.requestRemoval(d, t, 'snapshot hunter: older than maxSnapshotAge')
    }
    this.huntLater(vm)
    return hunted
  }

  /** The VM must be detached. */
  private freeze(d: DeltaState, t: number): void {
    const vm = d.vm
    d.w0 = this.deltaWritten(d, t)
    d.active = false
    d.alloc = this.sizeOf(vm, d.w0)
    vm.frozenDeltaBytes += d.alloc
    if (vm.active === d) vm.active = null
    this.noteSize(d, d.alloc)
  }

  /** The VM must be detached. */
  private activate(d: DeltaState): void {
    const vm = d.vm
    vm.frozenDeltaBytes -= d.alloc
    d.active = true
    d.wAnchor = vm.w
    vm.active = d
  }

  private noteSize(d: DeltaState, bytes: number): void {
    if (!this.full) return
    const rec = this.snaps[d.snap]!
    if (bytes > rec.maxBytes) rec.maxBytes = bytes
  }

  private requestRemoval(d: DeltaState, t: number, reason: string): void {
    if (d.removing) return
    d.removing = true
    const vm = d.vm
    if (vm.queueTail) vm.queueTail.nextQueued = d
    else vm.queueHead = d
    vm.queueTail = d
    if (vm.merging === null) this.startMerge(vm, t, reason)
  }

  /**
   * Merge the next queued delta into its parent. Its writes stop (since vSphere 6 the mirror
   * driver sends new writes to the parent); the parent, if a delta, takes the writes. One
   * merge per VM at a time; its space is freed when it ends.
   */
  private startMerge(vm: VmState_, t: number, reason: string): void {
    const d = vm.queueHead
    if (!d) return
    vm.queueHead = d.nextQueued
    if (vm.queueHead === null) vm.queueTail = null
    d.nextQueued = null
    this.detach(vm, t)
    d.merging = true
    if (d.active) {
      this.freeze(d, t)
      if (d.parent) this.activate(d.parent)
    }
    this.noteSize(d, d.alloc)
    vm.merging = d
    this.attach(vm, t)
    if (this.full) this.snaps[d.snap]!.removalStartedAt = t
    if (this.log) this.emit({ t, type: 'snapshot-merge-start', vm: vm.id, snapshot: d.snap, bytes: d.alloc, reason })
    const tp = vm.ds.throughput
    const duration = tp > 0 && tp < Number.POSITIVE_INFINITY ? d.alloc / tp : 0
    this.heap.push(t + duration, MERGE_END, vm.idx, ++vm.mergeVersion)
  }

  private endMerge(vm: VmState_, t: number): void {
    const d = vm.merging!
    this.detach(vm, t)
    const before = vm.frozenDeltaBytes + (vm.active ? this.sizeOf(vm, this.deltaWritten(vm.active, t)) : 0)
    const parent = d.parent
    if (parent) parent.child = d.child
    else vm.oldest = d.child
    if (d.child) d.child.parent = parent
    else vm.youngest = parent
    vm.chainLength--
    vm.frozenDeltaBytes -= d.alloc
    if (parent) {
      // The parent now holds the union of both deltas' blocks: S(W_parent + W_child).
      if (parent.active) {
        parent.w0 += d.w0
        this.noteSize(parent, this.sizeOf(vm, this.deltaWritten(parent, t)))
      } else {
        vm.frozenDeltaBytes -= parent.alloc
        parent.w0 += d.w0
        parent.alloc = this.sizeOf(vm, parent.w0)
        vm.frozenDeltaBytes += parent.alloc
        this.noteSize(parent, parent.alloc)
      }
    }
    const after = vm.frozenDeltaBytes + (vm.active ? this.sizeOf(vm, this.deltaWritten(vm.active, t)) : 0)
    vm.ds.freed += before - after
    vm.merging = null
    if (this.full) this.snaps[d.snap]!.removedAt = t
    this.attach(vm, t)
    if (this.log) this.emit({ t, type: 'snapshot-removed', vm: vm.id, snapshot: d.snap, freed: before - after })
    if (vm.queueHead !== null) this.startMerge(vm, t, 'queued removal')
  }

  // ---------------------------------------------------------------- jobs and transfers

  private onFire(job: JobState, fire: number, t: number): void {
    const fires = job.def.fires
    if (fire + 1 < fires.length) this.heap.push(fires[fire + 1]!, FIRE, job.idx, fire + 1)
    const busy = job.runs.length > 0
    if (!busy) {
      if (this.log) this.emit({ t, type: 'job-fire', job: job.def.id, run: fire, action: 'start' })
      this.startRun(job, fire, t, false)
      return
    }
    switch (job.def.overlap) {
      case 'start':
        if (this.log) this.emit({ t, type: 'job-fire', job: job.def.id, run: fire, action: 'start' })
        this.startRun(job, fire, t, true)
        return
      case 'skip':
        if (this.log) this.emit({ t, type: 'job-fire', job: job.def.id, run: fire, action: 'skip' })
        this.skipRun(job, fire, t, 'skipped: the previous run was still going (overlap: skip)')
        return
      case 'queue':
        if (job.queuedFire >= 0) {
          if (this.log) this.emit({ t, type: 'job-fire', job: job.def.id, run: fire, action: 'skip' })
          this.skipRun(job, fire, t, 'skipped: a run was already queued (overlap: queue)')
        } else {
          if (this.log) this.emit({ t, type: 'job-fire', job: job.def.id, run: fire, action: 'queue' })
          job.queuedFire = fire
        }
        return
      case 'cancel':
        if (this.log) this.emit({ t, type: 'job-fire', job: job.def.id, run: fire, action: 'cancel-previous' })
        for (const run of [...job.runs]) this.cancelRun(run, t, 'cancelled by the next run (overlap: cancel)')
        this.startRun(job, fire, t, true)
        return
    }
  }

  /** A backup's record; with summary detail one scratch record takes every write (nothing reads it). */
  private newRecord(job: JobState, vm: VmState_, fire: number, overlapped: boolean): BackupRec {
    if (!this.full) return this.scratchRec
    const rec = blankRecord(job.def.id, vm.id, fire, job.def.fires[fire]!, overlapped)
    this.backups.push(rec)
    return rec
  }

  /**
   * A backup got its final outcome (or the horizon came): window check and totals. The
   * arguments, not the record, are read: with summary detail the record is the scratch one.
   */
  private closeRecord(job: JobState, fire: number, overlapped: boolean, outcome: BackupOutcome, end: number | null, rec: BackupRec): void {
    let missed = false
    if (outcome !== 'skipped') {
      const next = job.def.fires[fire + 1]
      const windowEnd = job.def.window !== undefined ? job.def.fires[fire]! + job.def.window : (next ?? Number.POSITIVE_INFINITY)
      missed = end === null ? windowEnd < this.horizon : end > windowEnd
    }
    rec.missedWindow = missed
    const c = this.counts
    c.backups++
    this.outcomes[outcome]++
    if (overlapped) c.overlapped++
    if (missed) c.missedWindow++
  }

  private skipRun(job: JobState, fire: number, t: number, reason: string): void {
    for (const vm of job.members) {
      const rec = this.newRecord(job, vm, fire, true)
      rec.outcome = 'skipped'
      rec.reason = reason
      rec.end = t
      this.closeRecord(job, fire, true, 'skipped', t, rec)
    }
  }

  private startRun(job: JobState, fire: number, t: number, overlapped: boolean): void {
    const cap = job.def.streamThroughputPerRun?.[fire] ?? job.def.streamThroughput
    const run = new RunState(this.runs.length, job, fire, job.def.fires[fire]!, overlapped, cap)
    run.tV = t
    this.runs.push(run)
    for (let m = 0; m < job.members.length; m++) {
      const vm = job.members[m]!
      const task = new TaskState(this.taskCount++, run, vm, this.newRecord(job, vm, fire, overlapped), m)
      run.tasks.push(task)
    }
    run.open = run.tasks.length
    job.runs.push(run)
    this.fillSlots(run, t)
    if (run.open === 0) this.endRun(run, t)
  }

  private fillSlots(run: RunState, t: number): void {
    const limit = run.job.def.concurrency ?? Number.POSITIVE_INFINITY
    while (!run.cancelled && run.active < limit && run.next < run.tasks.length) {
      this.startTask(run.tasks[run.next++]!, t)
    }
  }

  private startTask(task: TaskState, t: number): void {
    const vm = task.vm
    const ds = vm.ds
    const job = task.run.job
    const rec = task.rec
    rec.start = t
    const guard = ds.guard
    if (guard && ds.capacity - this.useAt(ds, t) < guard.minFreeBytes) {
      this.finishUnstarted(task, t, 'skipped', 'free space below minFreeForSnapshot: no snapshot taken')
      return
    }
    if (vm.chainLength >= ds.profile.maxChain) {
      this.finishUnstarted(task, t, 'snapshot-failed', `snapshot chain at the platform limit (${ds.profile.maxChain})`)
      return
    }
    const room = this.snapshotRoom(ds, t)
    if (room !== null) {
      this.finishUnstarted(task, t, 'snapshot-failed', room)
      return
    }
    const d = this.takeSnapshot(vm, t, job.def.id)
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
    task.huntAt = t + this.maxAge
    task.stopAt = Math.min(task.failAt, task.huntAt)
    task.state = READING
    const run = task.run
    run.active++
    this.advanceJob(job, t)
    task.vStart = run.v
    task.vEnd = run.v + task.toRead
    run.heap.push(task)
    if (task.stopAt < Number.POSITIVE_INFINITY) run.stops.push(task)
    this.markJob(job)
    if (this.log) this.emit({ t, type: 'backup-start', job: job.def.id, vm: vm.id, run: task.run.index, bytes: task.toRead, chainDepth: vm.chainLength })
  }

  /**
   * Taking a snapshot needs room: null if there is, else why not. The datastore must not be
   * stopping VMs and its free space must hold the new delta's first allocation (its metadata
   * and one grain; the profile's snapshotFree overrides). The use bound answers most calls
   * without evaluating the use.
   */
  private snapshotRoom(ds: DsState, t: number): string | null {
    if (ds.full) return 'snapshot failed: the datastore is full (VMs on it are stopped)'
    const p = ds.profile
    const need = p.snapshotFree ?? p.deltaOverhead + p.grain
    const limit = ds.capacity - need
    if (this.useUpper(ds, t) <= limit || this.useAt(ds, t) <= limit) return null
    return `snapshot failed: free space below the ${need} bytes the new delta needs`
  }

  /**
   * An upper bound of the datastore's use at t (the current event's time), after what the event
   * changed so far: the use (full detail) or its bound (summary detail) before the event, or
   * its bound if the event has not touched it, plus what was added since.
   */
  private useUpper(ds: DsState, t: number): number {
    if (!ds.boundValid) return Number.POSITIVE_INFINITY
    const before = ds.touchStamp !== this.stamp ? this.useBound(ds, this.seg, t) : this.full ? ds.useBefore : ds.boundAtTouch
    return before + ds.added
  }

  private finishUnstarted(task: TaskState, t: number, outcome: 'skipped' | 'snapshot-failed' | 'cancelled', reason: string): void {
    const rec = task.rec
    rec.outcome = outcome
    rec.reason = reason
    rec.end = t
    if (outcome !== 'snapshot-failed') rec.start = null
    task.state = DONE
    const run = task.run
    run.open--
    this.closeRecord(run.job, run.index, run.overlapped, outcome, t, rec)
    if (this.log) this.emit({ t, type: 'backup-end', job: run.job.def.id, vm: task.vm.id, run: run.index, outcome, bytesRead: 0, reason })
  }

  /** Bring the virtual progress of every run of the job to t. */
  private advanceJob(job: JobState, t: number): void {
    for (const run of job.runs) {
      run.v += run.rate * (t - run.tV)
      run.tV = t
    }
  }

  /**
   * The job's streams changed: its runs' rates are recomputed once, at the end of the event
   * (commit), however many streams started or ended at this instant.
   */
  private markJob(job: JobState): void {
    if (job.dirty) return
    job.dirty = true
    this.dirtyJobs[this.nDirtyJobs++] = job
  }

  /**
   * Max-min fair shares of the job's pool (water-filling): the runs' streams, grouped by their
   * per-stream cap, get min(cap, level), the level set so that the pool is used up or every
   * stream is at its cap. With one cap this is min(cap, pool / n). Each run then schedules its
   * next stream end or failure, whichever is first.
   */
  private rescheduleJob(job: JobState, t: number): void {
    job.dirty = false
    this.advanceJob(job, t)
    const runs = job.runs
    let streams = 0
    for (const run of runs) streams += run.heap.size
    let left = job.def.sharedThroughput ?? Number.POSITIVE_INFINITY
    const order = runs.length > 1 ? [...runs].sort((a, b) => a.cap - b.cap || a.idx - b.idx) : runs
    for (const run of order) {
      const n = run.heap.size
      run.version = ++this.runVersion
      if (n === 0) {
        run.rate = 0
        continue
      }
      const rate = Math.min(run.cap, left / streams)
      run.rate = rate
      left -= rate * n
      streams -= n
      const end = t + Math.max(0, run.heap.top()!.vEnd - run.v) / rate
      const stopping = run.stops.top()
      const at = stopping !== null && stopping.stopAt < end ? stopping.stopAt : end
      this.heap.push(at, TRANSFER, run.idx, run.version)
    }
  }

  /** A run's TRANSFER event: streams at their end finish; else the first failure strikes. */
  private onTransfer(run: RunState, t: number): void {
    const job = run.job
    this.advanceJob(job, t)
    // Every stream within a rounding error of its end finishes now.
    const eps = 1e-9 * Math.max(1, run.v)
    if (run.heap.size > 0 && run.heap.top()!.vEnd <= run.v + eps) {
      const done: TaskState[] = []
      while (run.heap.size > 0 && run.heap.top()!.vEnd <= run.v + eps) done.push(run.heap.pop())
      for (const task of done) this.completeTask(task, t)
      for (const task of done) this.afterTask(task, t)
    } else {
      const stopping = run.stops.top()
      if (stopping !== null && stopping.stopAt <= t) {
        // a failure first when both fall on the same instant
        if (stopping.failAt <= stopping.huntAt) this.abortTask(stopping, t, 'failed', 'transfer aborted (network fault)', stopping.orphanOnFail)
        else this.abortTask(stopping, t, 'cancelled', 'snapshot older than maxSnapshotAge removed by the snapshot hunter', false)
      }
    }
    this.markJob(job)
  }

  private completeTask(task: TaskState, t: number): void {
    const vm = task.vm
    const rec = task.rec
    task.run.stops.remove(task)
    task.state = DONE
    rec.outcome = 'success'
    rec.end = t
    rec.bytesRead = task.toRead
    const run = task.run
    this.closeRecord(run.job, run.index, run.overlapped, 'success', t, rec)
    vm.lastBackupW = task.snapW
    if (this.log) this.emit({ t, type: 'backup-end', job: run.job.def.id, vm: vm.id, run: run.index, outcome: 'success', bytesRead: task.toRead, reason: null })
    const d = task.delta!
    d.task = null
    this.requestRemoval(d, t, 'backup finished')
  }

  /** Free the task's slot, start the next waiting task, end the run when all are done. */
  private afterTask(task: TaskState, t: number): void {
    const run = task.run
    run.active--
    run.open--
    this.fillSlots(run, t)
    if (run.open === 0) this.endRun(run, t)
  }

  private abortTask(task: TaskState, t: number, outcome: 'failed' | 'cancelled', reason: string, orphan: boolean): void {
    const job = task.run.job
    const vm = task.vm
    const rec = task.rec
    this.advanceJob(job, t)
    task.run.heap.remove(task)
    task.run.stops.remove(task)
    task.state = DONE
    rec.outcome = outcome
    rec.reason = reason
    rec.end = t
    const bytesRead = Math.min(task.toRead, Math.max(0, task.run.v - task.vStart))
    rec.bytesRead = bytesRead
    rec.orphaned = orphan
    this.closeRecord(job, task.run.index, task.run.overlapped, outcome, t, rec)
    if (this.log) this.emit({ t, type: 'backup-end', job: job.def.id, vm: vm.id, run: task.run.index, outcome, bytesRead, reason })
    const d = task.delta!
    d.task = null
    if (orphan) {
      this.counts.orphaned++
      if (this.full) this.snaps[d.snap]!.orphaned = true
      if (this.log) this.emit({ t, type: 'snapshot-orphaned', vm: vm.id, snapshot: d.snap })
      this.huntLater(vm)
    } else {
      this.requestRemoval(d, t, reason)
    }
    this.markJob(job)
    this.afterTask(task, t)
  }

  private cancelRun(run: RunState, t: number, reason: string): void {
    run.cancelled = true
    for (const task of run.tasks) {
      if (task.state === READING) this.abortTask(task, t, 'cancelled', reason, false)
      else if (task.state === WAITING) this.finishUnstarted(task, t, 'cancelled', reason)
    }
    if (run.open === 0 && run.job.runs.includes(run)) this.endRun(run, t)
  }

  private endRun(run: RunState, t: number): void {
    const job = run.job
    if (!removeItem(job.runs, run)) return
    this.runs[run.idx] = null
    if (job.runs.length === 0 && job.queuedFire >= 0) {
      const fire = job.queuedFire
      job.queuedFire = -1
      this.startRun(job, fire, t, true)
    }
  }

  // ---------------------------------------------------------------- output

  private emit(e: LogEvent): void {
    if (this.log) this.log.push(e)
  }

  private finish(): Result {
    const t = this.horizon
    this.now = t
    this.stamp++
    for (const ds of this.datastores) this.touch(ds)
    this.nDirty = 0
    // Summary detail: the use at the horizon is the last candidate for the peak.
    if (!this.full) for (const ds of this.datastores) this.record(ds, t, true, this.useAt(ds, t))
    for (const job of this.jobs) this.advanceJob(job, t)
    // Tasks of runs still going that are not done are unfinished: reading, or waiting for a slot.
    for (const run of this.runs) {
      if (!run) continue
      for (const task of run.tasks) {
        if (task.state === DONE) continue
        if (task.state === READING) task.rec.bytesRead = Math.min(task.toRead, run.v - task.vStart)
        this.closeRecord(run.job, run.index, run.overlapped, 'unfinished', null, task.rec)
      }
    }
    for (const vm of this.vms) {
      for (let d = vm.oldest; d !== null; d = d.child) this.noteSize(d, d.active ? this.sizeOf(vm, this.deltaWritten(d, t)) : d.alloc)
      if (t > vm.stateSince) {
        vm.intervals.push(
          vm.reason === null
            ? { state: vm.state, from: vm.stateSince, to: t }
            : { state: vm.state, from: vm.stateSince, to: t, reason: vm.reason },
        )
        if (vm.state !== 'running') vm.downtime += t - vm.stateSince
      }
    }
    const snapshots: SnapshotRecord[] = this.snaps
    const c = this.counts
    return {
      detail: this.full ? 'full' : 'summary',
      totals: {
        backups: c.backups,
        backupsByOutcome: { ...this.outcomes },
        backupsOverlapped: c.overlapped,
        backupsMissedWindow: c.missedWindow,
        snapshots: c.snapshots,
        snapshotsOrphaned: c.orphaned,
        maxChainDepth: c.maxDepth,
      },
      horizon: t,
      seed: this.model.seed,
      events: this.eventCount,
      datastores: this.datastores.map((ds) => ({
        id: ds.id,
        platform: ds.profile.name,
        capacity: ds.capacity,
        fixedUse: ds.fixed,
        series: { t: ds.t, used: ds.used, disks: ds.disks, deltas: ds.deltas },
        peakUsed: ds.peak,
        peakUsedAt: ds.peakAt,
        alarms: ds.alarms,
        fullAt: ds.fullTimes[0] ?? null,
        fullTimes: ds.fullTimes,
      })),
      vms: this.vms.map((vm) => ({
        id: vm.id,
        datastore: vm.ds.id,
        states: vm.intervals,
        downtime: vm.downtime,
        firstStopAt: vm.firstStopAt,
        finalState: vm.state,
      })),
      backups: this.backups,
      snapshots,
      log: this.log ?? [],
    }
  }
}

/**
 * The rate table of a calendar and a list of profiles, built once: Monte Carlo replications of
 * a scenario share both objects (the table is read-only). Not for rows with day factors.
 */
const tables = new WeakMap<object, WeakMap<object, ProfileTable>>()

function sharedTable(hours: HourGrid, profiles: readonly (readonly number[])[], rows: RateRow[]): ProfileTable {
  let byProfiles = tables.get(hours)
  if (!byProfiles) {
    byProfiles = new WeakMap()
    tables.set(hours, byProfiles)
  }
  let table = byProfiles.get(profiles)
  if (!table) {
    table = buildProfileTable(hours, rows)
    byProfiles.set(profiles, table)
  }
  return table
}

function buildLevels(capacity: number, ds: Model['datastores'][number]): Level[] {
  const levels: Level[] = []
  for (const a of ds.alarms ?? defaultAlarms) levels.push({ bytes: a.fraction * capacity, kind: 'alarm', name: a.name, armed: true })
  for (const a of ds.platform.freeAlarms ?? []) levels.push({ bytes: capacity - a.freeBytes, kind: 'alarm', name: a.name, armed: true })
  if (ds.guard?.abortRunning) levels.push({ bytes: capacity - ds.guard.minFreeBytes, kind: 'guard', name: 'space guard', armed: true })
  levels.push({ bytes: capacity - ds.platform.stopBelowFree, kind: 'full', name: 'full', armed: true })
  const order = { alarm: 0, guard: 1, full: 2 }
  return levels.sort((a, b) => a.bytes - b.bytes || order[a.kind] - order[b.kind])
}

const upBits = new Float64Array(1)
const upInts = new BigInt64Array(upBits.buffer)

/** The smallest float64 above x (x finite and positive). */
function nextUp(x: number): number {
  upBits[0] = x
  upInts[0]! += 1n
  return upBits[0]!
}

/** dS/dW of a VM's delta holding `data` distinct bytes: exp(-W/R) = 1 - S/R. */
function dataSlope(vm: VmState_, data: number): number {
  return vm.region > 0 ? 1 - data / vm.region : 1
}

function removeItem<T>(list: T[], item: T): boolean {
  const i = list.indexOf(item)
  if (i < 0) return false
  list.splice(i, 1)
  return true
}
