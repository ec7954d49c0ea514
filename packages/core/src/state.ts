// Mutable engine state, one class per entity. Plain classes with fixed fields keep V8's objects
// monomorphic on the hot path; entities refer to each other directly (no id lookups per event).

import type { AlarmRecord, BackupRecord, StateInterval, VmState } from './result.ts'
import type { Datastore, Job, SharedResource, SpaceGuard, Vm } from './model.ts'
import type { Platform } from './platform.ts'
import type { FailureStreams } from './streams.ts'
import { BY_END, BY_STOP, TaskHeap } from './task-heap.ts'
import { UseBound } from './use-bound.ts'

/** One snapshot's delta in a VM's chain. */
export class SimDelta {
  /** Logical bytes written into it while active, up to the last freeze (or activation). */
  w0 = 0
  /** The VM's cumulative writes when it last became active. */
  wAnchor = 0
  active = false
  /** Allocated bytes while frozen. */
  alloc = 0
  /** Removal requested (queued or merging). */
  removing = false
  merging = false
  /** Reading task that took it, while reading. */
  task: SimTask | null = null
  // Links (no array per VM: at 10,000 VMs every separate object is a cache miss per event).
  /** The next older and next younger delta in the VM's chain. */
  parent: SimDelta | null = null
  child: SimDelta | null = null
  /** The next delta in the VM's merge queue. */
  nextQueued: SimDelta | null = null
  constructor(
    readonly snap: number,
    readonly vm: SimVm,
    /** When the snapshot was taken (the snapshot hunter's clock). */
    readonly takenAt: number,
  ) {}
}

export class SimVm {
  readonly idx: number
  readonly id: string
  readonly ds: SimDatastore
  readonly disk: number
  readonly region: number
  readonly thin: boolean
  readonly growth: number
  /** Relative growth of its data in use (continuous, per second of running time; 0: none). */
  readonly relGrowth: number
  /** Relative growth of its write rate (continuous, per second; its rate row holds it). */
  readonly writeGrowth: number
  readonly writeRate: number
  /** Its row of the rate table (a daily profile, possibly with day factors); -1 = flat. */
  readonly row: number
  /** Running-time anchored quantities: valid at `tAnchor`. */
  tAnchor = 0
  used: number
  w = 0
  mAnchor = 0
  running = true
  state: VmState = 'running'
  reason: string | null = null
  stateSince = 0
  readonly intervals: StateInterval[] = []
  downtime = 0
  firstStopAt: number | null = null
  /** Stopped for lack of space (not crashed); resumes when space is back. */
  pausedBySpace = false
  /** Bumped on every stop/resume: invalidates pending queue-timeout and crash events. */
  stopEpoch = 0
  /** The snapshot chain, a doubly linked list from the oldest delta to the youngest. */
  oldest: SimDelta | null = null
  youngest: SimDelta | null = null
  chainLength = 0
  active: SimDelta | null = null
  merging: SimDelta | null = null
  /** Deltas waiting for their merge (one merge per VM at a time), linked by nextQueued. */
  queueHead: SimDelta | null = null
  queueTail: SimDelta | null = null
  mergeVersion = 0
  frozenDeltaBytes = 0
  /** Position in ds.growing, or -1 when its space is constant. */
  growIdx = -1
  /** Whether it counts in ds.profiledGrowing / ds.curving. */
  countedProfiled = false
  countedCurving = false
  cachedDisk = 0
  cachedDelta = 0
  lastBackupW: number | null = null
  /** A snapshot-hunter check is scheduled (one per VM: for its oldest orphaned delta). */
  huntPending = false
  /** The growing delta whose rounding grain its datastore's use bound holds (UseBound.added). */
  slackFor: SimDelta | null = null
  /** Its rate row's term in its datastore's rate bound, and whether it counts in it now. */
  readonly rowTerm: RateTerm
  inTerm = false
  /** The rate it adds to its term: writeRate times a bound of dS/dW. */
  boundRate = 0
  /** Thin growth it adds to the datastore's rate bound while growing. */
  thinBound = 0
  /** Its datastore's term for thin disks growing at its relative rate (null: none). */
  expTerm: ExpTerm | null = null
  /** While it counts in expTerm: its data in use when added, and when. */
  expUsed = 0
  expAt = 0
  /** Whether it counts in ds.convex. */
  countedConvex = false
  /** The last delta data computed for it: distinct bytes `memoData` of `memoW` written. */
  memoW = -1
  memoData = 0
  /** The model gives it snapshots that exist before the run (restoreSnapshots). */
  readonly hasSnapshotsAtStart: boolean

  constructor(idx: number, vm: Vm, ds: SimDatastore, row: number, rowTerm: RateTerm) {
    this.rowTerm = rowTerm
    this.idx = idx
    this.id = vm.id
    this.ds = ds
    this.disk = vm.disk
    this.region = vm.footprint * vm.disk
    this.thin = vm.provisioning === 'thin'
    this.growth = vm.dataGrowth
    this.relGrowth = vm.relativeDataGrowth ?? 0
    this.writeGrowth = vm.relativeWriteGrowth ?? 0
    this.writeRate = vm.writeRate
    this.row = row
    this.used = Math.min(vm.used, vm.disk)
    this.hasSnapshotsAtStart = (vm.snapshots?.length ?? 0) > 0
  }
}

/** The summed write rate of a datastore's growing VMs on one rate row (-1: flat). */
export class RateTerm {
  rate = 0
  count = 0
  /** M_row at the bound's clearT. */
  m0 = 0
  /** Position in UseBound.terms. */
  pos = -1
  constructor(readonly row: number) {}
}

/**
 * Thin disks on a datastore whose data grows at one relative rate: their growth from the bound's
 * base time is coef · expm1(rate · (t − base)), coef = the sum of their data at the base (use-bound.ts).
 */
export class ExpTerm {
  coef = 0
  count = 0
  /** Position in UseBound.expTerms. */
  pos = -1
  constructor(readonly rate: number) {}
}

export interface Level {
  readonly bytes: number
  readonly kind: 'alarm' | 'guard' | 'full'
  readonly name: string
  armed: boolean
}

export class SimDatastore {
  readonly idx: number
  readonly id: string
  readonly capacity: number
  readonly fixed: number
  readonly platform: Platform
  readonly throughput: number
  readonly guard: SpaceGuard | undefined
  readonly levels: Level[]
  readonly vms: SimVm[] = []
  staticDisk = 0
  staticDelta = 0
  readonly growing: SimVm[] = []
  /** Growing VMs whose rate follows a daily profile: crossings only hold until the next hour. */
  profiledGrowing = 0
  /** Growing VMs with an active delta: use curves, so samples are added between breakpoints. */
  curving = 0
  /**
   * Growing VMs whose space may grow faster and faster (relative growth of the data or the write
   * rate): the use is no longer concave, so crossings are bracketed and bisected, not found by Newton.
   */
  convex = 0
  /** The use bound (use-bound.ts): lets most events skip evaluating the use. */
  readonly bound = new UseBound()
  profiledIdx = -1
  full = false
  crossingVersion = 0
  pendingLevel: Level | null = null
  resumeVersion = 0
  // Series and statistics.
  readonly t: number[] = []
  readonly used: number[] = []
  readonly disks: number[] = []
  readonly deltas: number[] = []
  lastT = 0
  /** Next index into the grid of summary-detail samples. */
  gridIdx = 0
  peak = -1
  peakAt = 0
  readonly alarms: AlarmRecord[] = []
  readonly fullTimes: number[] = []
  /** Event stamp of the last touch, and the use just before that event changed anything. */
  touchStamp = -1
  useBefore = 0
  /** A VM on it changed during the current event (not only rates). */
  changed = false
  /** Bytes freed by merges ending in the current event. */
  freed = 0
  /** Use at time 0: other data, disks and the deltas of snapshots that exist before the run. */
  usedAtStart = 0

  constructor(idx: number, ds: Datastore, levels: Level[]) {
    this.idx = idx
    this.id = ds.id
    this.capacity = ds.capacity
    this.fixed = ds.fixedUse
    this.platform = ds.platform
    this.throughput = ds.consolidationThroughput
    this.guard = ds.guard
    this.levels = levels
  }
}

/** Result records are read-only; the engine fills its own in as a run goes on. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** A backup's record while the engine fills it in (detail 'full'; one scratch record in summary). */
export type BackupRec = Mutable<BackupRecord>

/** A backup's record before anything happened to it. */
export function blankRecord(job: string, vm: string, run: number, firedAt: number, overlapped: boolean): BackupRec {
  return {
    job,
    vm,
    run,
    firedAt,
    start: null,
    end: null,
    outcome: 'unfinished',
    reason: null,
    bytesRead: 0,
    bytesToRead: 0,
    incremental: false,
    overlapped,
    missedWindow: false,
    chainDepth: 0,
    snapshot: null,
    orphaned: false,
  }
}

export const WAITING = 0
export const READING = 1
export const DONE = 2

export class SimTask {
  state = WAITING
  toRead = 0
  /** Job virtual progress when reading began; it ends when the job's progress reaches vEnd. */
  vStart = 0
  vEnd = 0
  failAt = Number.POSITIVE_INFINITY
  /** When the snapshot hunter takes its snapshot (maxSnapshotAge after it was taken). */
  huntAt = Number.POSITIVE_INFINITY
  /** min(failAt, huntAt): the run's stop heap is ordered by it. */
  stopAt = Number.POSITIVE_INFINITY
  orphanOnFail = false
  delta: SimDelta | null = null
  snapW = 0
  /** Positions in the run's heaps by end (heap) and by early stop (stops); -1 when out. */
  heapPos = -1
  stopPos = -1
  constructor(
    readonly idx: number,
    readonly run: SimRun,
    readonly vm: SimVm,
    readonly rec: BackupRec,
    /** Position of the VM in the job's members. */
    readonly member: number,
  ) {}
}

/**
 * One fire's run. Its reading streams share one per-stream cap, so they progress at one rate
 * (processor sharing): a virtual progress V(t) = v + rate * (t - tV) and a min-heap of the
 * streams' end points (vEnd) replace per-stream bookkeeping.
 */
export class SimRun {
  readonly tasks: SimTask[] = []
  next = 0
  active = 0
  open = 0
  cancelled = false
  /** Reading streams by end point. */
  readonly heap = new TaskHeap(BY_END)
  /** Reading streams that may stop early (a drawn failure, the snapshot hunter), by when. */
  readonly stops = new TaskHeap(BY_STOP)
  v = 0
  tV = 0
  rate = 0
  version = 0
  constructor(
    readonly idx: number,
    readonly job: SimJob,
    readonly index: number,
    readonly firedAt: number,
    readonly overlapped: boolean,
    /** Per-stream throughput cap of this run. */
    readonly cap: number,
  ) {}
}

/**
 * A shared proxy or repository while the run goes on: its task slots in use and its
 * throughput (Infinity when unset).
 */
export class SimResource {
  /** Streams reading through it now (each holds one of its `tasks` slots). */
  active = 0
  readonly tasks: number
  readonly throughput: number
  constructor(
    readonly id: string,
    def: SharedResource,
  ) {
    this.tasks = def.tasks ?? Number.POSITIVE_INFINITY
    this.throughput = def.throughput ?? Number.POSITIVE_INFINITY
  }
}

/**
 * Jobs whose streams compete for something: a job alone, or every job linked (directly or
 * through others) by a proxy or repository they share. Their runs' rates are computed together
 * (transfers.ts) and a freed task slot goes to the group's run that started first (backups.ts).
 */
export class SimGroup {
  readonly jobs: SimJob[] = []
  /** The group's resources (none: a job alone, with its own pool and per-run concurrency). */
  readonly resources: SimResource[] = []
  /** Its runs that are going, in the order they started (kept only when it shares a resource). */
  readonly runs: SimRun[] = []
  /** Its runs' rates need recomputing at the end of the current event. */
  dirty = false
  get shared(): boolean {
    return this.resources.length > 0
  }
}

export class SimJob {
  readonly idx: number
  readonly def: Job
  readonly members: SimVm[]
  readonly runs: SimRun[] = []
  queuedFire = -1
  /** The proxy and repository its streams use (each needs a slot on both). */
  resources: SimResource[] = []
  group: SimGroup = new SimGroup()
  constructor(
    idx: number,
    def: Job,
    members: SimVm[],
    /** Failure draws per member (by position in `members`). */
    readonly streams: FailureStreams,
  ) {
    this.idx = idx
    this.def = def
    this.members = members
  }
}
