// The turning points of a run as structured facts: every figure and time is a value of the run
// (or of a what-if run of the same model), kept as numbers, so tests check them against the run
// and the renderer only formats them. Times are seconds since the scenario start, sizes bytes.

import type { Bytes, OverlapPolicy, Seconds } from '@snapsim/core'

/** The passages of G 4.78 a run can reproduce (catalogue keys `bsi.*`). */
export type BsiPassage = 'delta' | 'overlap' | 'orphan' | 'refused' | 'allFailed'

interface At {
  /** When it happened (the fact's place on the calendar; filters and links use it). */
  readonly t: Seconds
  /** A G 4.78 sentence this turning point reproduces, quoted after it. */
  readonly bsi?: BsiPassage
}

/** A datastore at the start of the run: what it holds and how full it is. */
export interface SettingFact extends At {
  readonly kind: 'setting'
  readonly datastore: string
  readonly capacity: Bytes
  /** Use at time 0 (other data, the VMs' disks, snapshots that existed before the run). */
  readonly used: Bytes
  readonly vms: number
}

/** A job's first fire: what the schedule started. */
export interface ScheduleFact extends At {
  readonly kind: 'schedule'
  readonly job: string
  readonly vms: number
  /** Fires within the horizon. */
  readonly fires: number
  /** Null when not known (a result file without its model and no overlap seen). */
  readonly overlap: OverlapPolicy | null
  readonly window: Seconds | null
}

/** One fire of a job that took snapshots: the delta that grew most, and why (the VM's writes while it lived). */
export interface RunFact extends At {
  readonly kind: 'run'
  readonly job: string
  /** 0-based fire index. */
  readonly run: number
  readonly snapshots: number
  /** When its last task ended; null if one was still going at the horizon. */
  readonly end: Seconds | null
  readonly bytesRead: Bytes
  /** The run's largest delta: its VM, size, and how long its snapshot lived (to removal or the horizon). */
  readonly largest: { readonly vm: string; readonly bytes: Bytes; readonly takenAt: Seconds; readonly lived: Seconds } | null
  /** First run of its job: told in full; later runs briefly. */
  readonly first: boolean
}

/** A run ended after its window (or never ended). */
export interface WindowFact extends At {
  readonly kind: 'window'
  readonly job: string
  readonly run: number
  /** When it should have been done; null when the window is not known (a result file alone). */
  readonly due: Seconds | null
  readonly end: Seconds | null
  readonly first: boolean
}

/**
 * A job's runs over the whole horizon, summed up: how many fired, how many missed their window
 * (the first of them), and the longest. Its time is the first missed window's, else the longest
 * run's start.
 */
export interface RunsFact extends At {
  readonly kind: 'runs'
  readonly job: string
  /** Fires of the job within the horizon. */
  readonly runs: number
  /** Runs with a backup that ended after the window (or never ended). */
  readonly missed: number
  /** The first run that missed its window (the job's first window fact), or null. */
  readonly firstMissed: { readonly run: number; readonly due: Seconds | null; readonly end: Seconds | null } | null
  /** The run that took longest from its fire to its last backup's end (ended runs only); null if none ended. */
  readonly longest: { readonly run: number; readonly seconds: Seconds } | null
}

/** A fire found the previous run of its job still going; what the overlap policy did. */
export interface OverlapFact extends At {
  readonly kind: 'overlap'
  readonly job: string
  readonly run: number
  readonly policy: OverlapPolicy | null
  /** Snapshots taken on top of a live one by this fire (policy start/cancel). */
  readonly stacked: number
  /** Deepest chain right after this fire's snapshots. */
  readonly depth: number
  /** Backups of this fire that never started (policy skip/queue). */
  readonly skipped: number
  readonly first: boolean
}

/** The deepest snapshot chain of the run, when it was first reached. */
export interface ChainFact extends At {
  readonly kind: 'chain'
  readonly vm: string
  readonly depth: number
}

/** An alarm level first crossed on a datastore, and how often it fired in all. */
export interface AlarmFact extends At {
  readonly kind: 'alarm'
  readonly datastore: string
  readonly name: string
  readonly level: Bytes
  readonly capacity: Bytes
  readonly count: number
}

/** A backup that a transfer fault aborted. */
export interface FailureFact extends At {
  readonly kind: 'failure'
  readonly job: string
  readonly vm: string
  readonly run: number
  readonly orphaned: boolean
}

/** Backups whose snapshot could not be taken: the chain at the platform's limit, or no room on the datastore. */
export interface SnapshotFailedFact extends At {
  readonly kind: 'snapshot-failed'
  readonly job: string
  readonly vm: string
  readonly cause: 'chain' | 'room'
  /** Backups of the job that failed so, in all. */
  readonly count: number
}

/** A snapshot left behind: how large its delta grew, and whether anyone removed it. */
export interface OrphanFact extends At {
  readonly kind: 'orphan'
  readonly vm: string
  readonly takenAt: Seconds
  readonly bytes: Bytes
  readonly removedAt: Seconds | null
}

/** A policy acted: the snapshot hunter removed an old snapshot, or the space guard cancelled or refused backups. */
export interface SafeguardFact extends At {
  readonly kind: 'safeguard'
  readonly safeguard: 'hunter' | 'guard-abort' | 'guard-refused'
  readonly count: number
  readonly datastore: string | null
  readonly vm: string | null
}

/** A datastore became full. */
export interface FullFact extends At {
  readonly kind: 'full'
  readonly datastore: string
  readonly capacity: Bytes
  /** Times it became full in all. */
  readonly times: number
}

/** The first VM that stopped, and why, in the platform's own words. */
export interface StopFact extends At {
  readonly kind: 'stop'
  readonly vm: string
  readonly datastore: string
  readonly platform: string
  /** The VM state's reason as the run recorded it (e.g. "question: msg.hbacommon.outofspace"). */
  readonly reason: string
  /** VMs on the datastore that stopped at this same instant (this one included). */
  readonly together: number
  readonly onDatastore: number
}

/** The downtime that followed on a datastore. */
export interface DowntimeFact extends At {
  readonly kind: 'downtime'
  readonly datastore: string
  readonly vms: number
  readonly onDatastore: number
  readonly seconds: Seconds
  readonly longestVm: string
  readonly longestSeconds: Seconds
  readonly stillStopped: number
  readonly crashed: number
}

/** The longest a VM went without a fresh successful backup: the recovery point the schedule actually achieved. */
export interface RecoveryFact extends At {
  readonly kind: 'recovery'
  readonly vm: string
  readonly age: Seconds
}

/** A policy of the mitigated scenario applied alone to this model: what it changes. */
export interface MitigationFact extends At {
  readonly kind: 'mitigation'
  readonly scenario: string
  /** The policy as written in a scenario (`overlap: skip`, `maxSnapshotAge: 72h`, `minFreeForSnapshot: 15%`, or all of them). */
  readonly policy: string
  readonly alone: boolean
  readonly before: Outcome
  readonly after: Outcome
}

/** The figures a mitigation changes. */
export interface Outcome {
  readonly vmsStopped: number
  readonly downtime: Seconds
  readonly firstStopAt: Seconds | null
  /** Highest use over capacity of the datastore that matters (the one where the first VM stopped, else the fullest). */
  readonly peakFraction: number
  readonly skipped: number
  readonly worstRecoveryAge: Seconds | null
}

/** How the run ends when nothing stopped. */
export interface EndFact extends At {
  readonly kind: 'end'
  readonly datastore: string
  readonly peak: Bytes
  readonly peakAt: Seconds
  readonly capacity: Bytes
}

export type Fact =
  | SettingFact
  | ScheduleFact
  | RunFact
  | WindowFact
  | RunsFact
  | OverlapFact
  | ChainFact
  | AlarmFact
  | FailureFact
  | SnapshotFailedFact
  | OrphanFact
  | SafeguardFact
  | FullFact
  | StopFact
  | DowntimeFact
  | RecoveryFact
  | MitigationFact
  | EndFact

export type FactKind = Fact['kind']
