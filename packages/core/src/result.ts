// What a run yields. Times are seconds since the scenario start, sizes bytes.

import type { Bytes, Seconds } from './model.ts'

export type VmState = 'running' | 'paused' | 'crashed'

export interface StateInterval {
  readonly state: VmState
  readonly from: Seconds
  /** End of the interval; the last one ends at the horizon. */
  readonly to: Seconds
  /** Why the VM is not running, in the platform's words. */
  readonly reason?: string
}

export interface VmResult {
  readonly id: string
  readonly datastore: string
  readonly states: readonly StateInterval[]
  /** Seconds not running (paused or crashed) within the horizon. */
  readonly downtime: Seconds
  readonly firstStopAt: Seconds | null
  readonly finalState: VmState
}

/**
 * - success: read everything, snapshot removed (merged) afterwards
 * - failed: a transfer fault aborted it (see `orphaned` for whether its snapshot stayed)
 * - cancelled: stopped by the overlap policy `cancel`, the snapshot hunter or the space guard
 * - skipped: never started: overlap `skip`, or the space guard refused the snapshot
 * - snapshot-failed: the snapshot chain was at the platform's limit, or the datastore had no room
 *   for the new delta (full, or free space below its first allocation)
 * - unfinished: still waiting or reading at the horizon
 */
export type BackupOutcome = 'success' | 'failed' | 'cancelled' | 'skipped' | 'snapshot-failed' | 'unfinished'

export interface BackupRecord {
  readonly job: string
  readonly vm: string
  /** Index of the job's fire that created this task (0-based). */
  readonly run: number
  readonly firedAt: Seconds
  /** When its snapshot was taken and reading began; null if it never started. */
  readonly start: Seconds | null
  /** When it ended (any outcome); null if unfinished at the horizon. */
  readonly end: Seconds | null
  readonly outcome: BackupOutcome
  readonly reason: string | null
  readonly bytesRead: Bytes
  /** What it had to read: the data in use (full) or the changed data (incremental). */
  readonly bytesToRead: Bytes
  readonly incremental: boolean
  /** Its fire found the job's previous run still going. */
  readonly overlapped: boolean
  /** It ended after its window (or never ended). */
  readonly missedWindow: boolean
  /** Snapshot chain depth of the VM right after this task's snapshot (0 if none was taken). */
  readonly chainDepth: number
  /** Index into `Result.snapshots`, or null. */
  readonly snapshot: number | null
  /** Whether this task's abort left its snapshot behind. */
  readonly orphaned: boolean
}

export interface SnapshotRecord {
  readonly vm: string
  /** Null for a snapshot that existed before the run (Vm.snapshots) or one without a job. */
  readonly job: string | null
  /** When it was taken; ≤ 0 (seconds before the start) for a snapshot that existed before the run. */
  readonly takenAt: Seconds
  /** When its removal (merge) began; null if it was never removed. */
  readonly removalStartedAt: Seconds | null
  /** When the merge ended and its space was freed; null if still present at the horizon. */
  readonly removedAt: Seconds | null
  /** Largest size its delta reached (allocated bytes). */
  readonly maxBytes: Bytes
  /** Its removal failed and it stayed behind. */
  readonly orphaned: boolean
  /** Chain depth right after it was taken (1 = directly on the base disk). */
  readonly depth: number
}

export interface AlarmRecord {
  readonly name: string
  /** Use in bytes at which it triggers. */
  readonly level: Bytes
  readonly at: Seconds
}

/** Use over time as columns: breakpoints (every change) plus samples where growth curves. */
export interface UseSeries {
  readonly t: number[]
  readonly used: number[]
  /** Base disks: thick disks' provisioned size, thin disks' allocated size. */
  readonly disks: number[]
  /** Snapshot deltas, allocated. */
  readonly deltas: number[]
}

export interface DatastoreResult {
  readonly id: string
  readonly platform: string
  readonly capacity: Bytes
  readonly fixedUse: Bytes
  readonly series: UseSeries
  /** Use at time 0: other data, the VMs' disks and the deltas of snapshots that exist before the run. */
  readonly usedAtStart: Bytes
  readonly peakUsed: Bytes
  readonly peakUsedAt: Seconds
  readonly alarms: readonly AlarmRecord[]
  /** First time VMs on it stopped for lack of space; null if never. */
  readonly fullAt: Seconds | null
  /** Every time it became full. */
  readonly fullTimes: readonly Seconds[]
  /**
   * The most all snapshot deltas on it held together, and the first time (to rounding in
   * summary detail, as the peak). Optional: result files written before December 2026 lack it.
   */
  readonly peakDeltas?: Bytes
  readonly peakDeltasAt?: Seconds
  /** Per alarm level: seconds from each alarm until the use fell below the level (a merge freed space) or the horizon. */
  readonly timeAboveAlarms?: readonly LevelTime[]
}

export interface LevelTime {
  readonly name: string
  /** The level in bytes. */
  readonly level: Bytes
  readonly seconds: Seconds
}

/** One fire's run, from the fire to the end of its last task. */
export interface RunSpan {
  /** The fire's index. */
  readonly run: number
  readonly firedAt: Seconds
  /** End of its last task; null while a task was still waiting or reading at the horizon. */
  readonly end: Seconds | null
}

/** What a job's runs did, kept in both levels of detail (a record per fire, not per task). */
export interface JobResult {
  readonly id: string
  /** The fires whose run started something (a task that took or tried a snapshot, or waited to the horizon), in fire order. */
  readonly runs: readonly RunSpan[]
  /** Tasks that missed their window, by fire and then the VM's position in the job. */
  readonly missedWindow: readonly { readonly run: number; readonly firedAt: Seconds; readonly vm: string }[]
  /** Per fire: tasks of earlier fires still waiting or reading when it fired (a queued fire's VMs included). */
  readonly backlog: readonly number[]
}

export type LogEvent =
  | { readonly t: Seconds; readonly type: 'job-fire'; readonly job: string; readonly run: number; readonly action: 'start' | 'skip' | 'queue' | 'cancel-previous' }
  | { readonly t: Seconds; readonly type: 'backup-start'; readonly job: string; readonly vm: string; readonly run: number; readonly bytes: Bytes; readonly chainDepth: number }
  | { readonly t: Seconds; readonly type: 'backup-end'; readonly job: string; readonly vm: string; readonly run: number; readonly outcome: BackupOutcome; readonly bytesRead: Bytes; readonly reason: string | null }
  | { readonly t: Seconds; readonly type: 'snapshot-create'; readonly vm: string; readonly snapshot: number; readonly depth: number }
  | { readonly t: Seconds; readonly type: 'snapshot-merge-start'; readonly vm: string; readonly snapshot: number; readonly bytes: Bytes; readonly reason: string }
  | { readonly t: Seconds; readonly type: 'snapshot-removed'; readonly vm: string; readonly snapshot: number; readonly freed: Bytes }
  | { readonly t: Seconds; readonly type: 'snapshot-orphaned'; readonly vm: string; readonly snapshot: number }
  | { readonly t: Seconds; readonly type: 'alarm'; readonly datastore: string; readonly name: string; readonly level: Bytes }
  | { readonly t: Seconds; readonly type: 'datastore-full'; readonly datastore: string; readonly used: Bytes; readonly stopped: number }
  | { readonly t: Seconds; readonly type: 'guard-abort'; readonly datastore: string; readonly aborted: number }
  | { readonly t: Seconds; readonly type: 'vm-state'; readonly vm: string; readonly state: VmState; readonly reason: string | null }

/** Counts over the whole run, kept in both levels of detail. */
export interface RunTotals {
  readonly backups: number
  readonly backupsByOutcome: Readonly<Record<BackupOutcome, number>>
  readonly backupsOverlapped: number
  readonly backupsMissedWindow: number
  readonly snapshots: number
  readonly snapshotsOrphaned: number
  readonly maxChainDepth: number
}

export interface Result {
  /** 'summary': no per-task records, no snapshot records, series only at `grid` (see options). */
  readonly detail: 'full' | 'summary'
  readonly totals: RunTotals
  readonly horizon: Seconds
  readonly seed: string
  /** Events the engine processed (the heap's pops, stale ones excluded). */
  readonly events: number
  readonly datastores: readonly DatastoreResult[]
  readonly vms: readonly VmResult[]
  readonly backups: readonly BackupRecord[]
  readonly snapshots: readonly SnapshotRecord[]
  readonly log: readonly LogEvent[]
  /** Per job (model order); optional: result files written before December 2026 lack it. */
  readonly jobs?: readonly JobResult[]
}

/** A view of one live delta, handed to `SimulateOptions.audit` at every breakpoint. */
export interface AuditDelta {
  readonly vm: string
  /** Logical bytes written into it while it was the active delta. */
  readonly written: Bytes
  readonly allocated: Bytes
}

export interface AuditView {
  readonly t: Seconds
  readonly datastore: string
  readonly used: Bytes
  readonly disks: Bytes
  readonly deltas: readonly AuditDelta[]
}

export interface SimulateOptions {
  /** Keep the typed event log (default true; off for benchmarks and Monte Carlo). */
  readonly log?: boolean
  /** Spacing of the samples added between breakpoints where use curves; 0 = none. Default 900 s. */
  readonly sampleInterval?: Seconds
  /** Called at every breakpoint of every datastore (tests check conservation with it). */
  readonly audit?: (view: AuditView) => void
  /**
   * 'full' (default) keeps every backup and snapshot record and every breakpoint. 'summary'
   * keeps totals, peaks, alarms, VM states, and the use only at the `grid` times: what Monte
   * Carlo needs, in a fraction of the memory.
   */
  readonly detail?: 'full' | 'summary'
  /** With detail 'summary': times (ascending, within the horizon) at which to record the use. */
  readonly grid?: readonly Seconds[]
}
