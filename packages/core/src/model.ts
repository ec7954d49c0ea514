// The fully resolved model that `simulate` runs: seconds and bytes, no units, no calendar,
// no YAML. The scenario layer (@snapsim/scenario) builds it; tests build it by hand.

import type { Platform } from './platform.ts'

/** Seconds since the scenario's start. */
export type Seconds = number
/** Bytes (float64 is exact to 8 PiB). */
export type Bytes = number
/** Bytes per second. */
export type Rate = number

export interface AlarmLevel {
  /** Short name shown in results, e.g. "warning". */
  readonly name: string
  /** Fraction of capacity (0..1] at which the alarm triggers when use rises through it. */
  readonly fraction: number
}

export interface SpaceGuard {
  /** No new snapshot is taken on the datastore while free space is below this many bytes. */
  readonly minFreeBytes: Bytes
  /** When free space falls below `minFreeBytes`, also abort running backups on this datastore. */
  readonly abortRunning: boolean
}

export interface Datastore {
  readonly id: string
  readonly capacity: Bytes
  /** Space used by anything the model does not simulate (ISOs, other VMs' files, logs). */
  readonly fixedUse: Bytes
  /** Snapshot consolidation (merge) throughput; every merge on this datastore runs at it. */
  readonly consolidationThroughput: Rate
  readonly platform: Platform
  /** Alarm levels, any order; default `defaultAlarms` (vCenter: 75 % warning, 85 % alert). */
  readonly alarms?: readonly AlarmLevel[]
  readonly guard?: SpaceGuard
}

export type Provisioning = 'thick' | 'thin'

/**
 * A snapshot that exists before the run starts (an RVTools vSnapshot row: often a forgotten one,
 * the G 4.78 hazard). Its delta is in the VM's chain at time 0 with this size; the youngest of a
 * VM's snapshots is the active delta its writes go to.
 */
export interface PreexistingSnapshot {
  /** Allocated size of its delta at time 0. */
  readonly bytes: Bytes
  /** How long it has existed at time 0: it was taken at -age. */
  readonly age: Seconds
}

export interface Vm {
  readonly id: string
  readonly datastore: string
  /** Provisioned disk size. */
  readonly disk: Bytes
  /** Data in use at time 0: what a full backup reads, what a thin disk holds. */
  readonly used: Bytes
  readonly provisioning: Provisioning
  /** Growth of data in use, bytes per second of running time (capped at `disk`). */
  readonly dataGrowth: Rate
  /**
   * Relative (compounding) growth of the data in use, as a continuous rate per second of running
   * time: used(t) = used · e^(rate · t), capped at `disk` (2 %/week is ln(1.02) / 604800 s).
   * Not together with `dataGrowth`.
   */
  readonly relativeDataGrowth?: number
  /**
   * Relative (compounding) growth of the write rate, as a continuous rate per second of simulated
   * time: the VM writes writeRate · m(t) · e^(rate · t) bytes/s (2 %/month is ln(1.02) / 1 month).
   */
  readonly relativeWriteGrowth?: number
  /** Mean logical write rate (bytes/s); multiplied by the daily profile's hourly factor. */
  readonly writeRate: Rate
  /** Index into `Model.profiles`; absent = flat (factor 1 every hour). */
  readonly profile?: number
  /** Share (0..1] of the disk the writes land on: R = footprint * disk. */
  readonly footprint: number
  /**
   * Factor on the write rate per day (day 0 runs until the first local midnight of the hour
   * grid, day d the d-th day after): a rate drawn per day. Missing days have factor 1.
   */
  readonly dayFactors?: readonly number[]
  /** Snapshots present at time 0, oldest first (chain position 1, 2, …). */
  readonly snapshots?: readonly PreexistingSnapshot[]
}

export type JobType = 'full' | 'incremental'
/** What a fire does while the previous run of the same job is still going. */
export type OverlapPolicy = 'start' | 'skip' | 'queue' | 'cancel'

export interface FailureHazard {
  /** Aborts per hour of transfer time (exponential hazard). */
  readonly ratePerHour: number
  /** Share (0..1) of aborts whose snapshot removal fails, leaving it behind (orphaned). */
  readonly orphanedShare: number
}

export interface Job {
  readonly id: string
  /** Fire times in seconds, ascending; the scenario layer computes them from cron. */
  readonly fires: readonly Seconds[]
  /** Member VM ids, in the order their tasks are started. */
  readonly vms: readonly string[]
  readonly type: JobType
  /** Per-stream throughput cap (bytes/s). */
  readonly streamThroughput: Rate
  /** Per-stream cap for each fire's run (a throughput drawn per run); default streamThroughput. */
  readonly streamThroughputPerRun?: readonly Rate[]
  /** Optional pool shared max-min fairly by all running streams of the job. */
  readonly sharedThroughput?: Rate
  /** Id of a `Model.proxies` entry every stream of the job reads through. */
  readonly proxy?: string
  /** Id of a `Model.repositories` entry every stream of the job writes to. */
  readonly repository?: string
  /** Streams a run may have at once; further VMs wait (without a snapshot). Default: unlimited. */
  readonly concurrency?: number
  readonly overlap: OverlapPolicy
  readonly failure?: FailureHazard
  /** A run should finish within this many seconds of its fire; default: by the next fire. */
  readonly window?: Seconds
  /**
   * Per fire, the time its run should end by (a local-time window such as 20:00-06:00, computed
   * by the scenario layer); wins over `window`. Same length as `fires`.
   */
  readonly windowEnds?: readonly Seconds[]
}

/**
 * Backup infrastructure shared by every job and run that uses it (a proxy, a repository): a
 * stream needs one of its task slots while it reads, and all its streams share its throughput
 * max-min fairly. Unset = unlimited.
 */
export interface SharedResource {
  readonly id: string
  /** Streams that may use it at once, over all jobs and runs. */
  readonly tasks?: number
  /** Bytes/s all its streams together may move. */
  readonly throughput?: Rate
}

export interface Policies {
  /** Snapshot hunter: remove any snapshot older than this (seconds). */
  readonly maxSnapshotAge?: Seconds
  /**
   * Snapshot-age alarm: report snapshots older than this (seconds). Report only — the engine
   * ignores it; the CLI finds the alarms in the snapshot records (snapshot-age.ts).
   */
  readonly snapshotAgeAlarm?: Seconds
}

/**
 * Local hour boundaries: `starts[k]` is the second at which segment k begins (starts[0] = 0,
 * ascending) and `hourOfDay[k]` its local hour 0..23. The scenario layer derives them from the
 * time zone (a 23- or 25-hour day at daylight-saving changes); absent = UTC hours from time 0.
 */
export interface HourGrid {
  readonly starts: readonly Seconds[]
  readonly hourOfDay: readonly number[]
  /** Local weekday of each segment, 0 = Monday … 6 = Sunday; needed by weekly profiles (168 multipliers). */
  readonly weekday?: readonly number[]
}

export interface Model {
  readonly horizon: Seconds
  readonly seed: string
  readonly datastores: readonly Datastore[]
  readonly vms: readonly Vm[]
  readonly jobs: readonly Job[]
  /**
   * Write profiles by local hour: 24 multipliers (every day alike) or 168 (a week, Monday 00:00
   * first: index weekday * 24 + hour; needs `hours.weekday`).
   */
  readonly profiles?: readonly (readonly number[])[]
  readonly hours?: HourGrid
  readonly policies?: Policies
  /** Backup proxies jobs read through (`Job.proxy`). */
  readonly proxies?: readonly SharedResource[]
  /** Backup repositories jobs write to (`Job.repository`). */
  readonly repositories?: readonly SharedResource[]
}
