// What Monte Carlo replications yield: one small record per replication (the unit that workers
// and shards send back), and the aggregate computed from the records sorted by replication
// index — so the aggregate is byte-identical whatever the number of workers or shards.

/** One replication's outcome, small enough to ship between workers and shards. */
export interface ReplicationRecord {
  /** Replication index, 0-based. */
  readonly replication: number
  /** The seed string the replication's draws were named with (`${seed}/r${replication}`). */
  readonly seed: string
  readonly datastores: readonly {
    readonly id: string
    /** First time VMs stopped for lack of space; null if never. */
    readonly fullAt: number | null
    readonly peakUsedFraction: number
    /** Use (bytes) at the times of `RiskSummary.grid`. */
    readonly use: readonly number[]
  }[]
  readonly firstFullAt: number | null
  readonly vmsStopped: number
  readonly downtimeSeconds: number
  readonly backupsOverlapped: number
  readonly backupsFailed: number
  readonly backupsSkipped: number
  readonly snapshotsOrphaned: number
  /** Values of the metrics a sweep asked for (`--metric`), in the order asked; null = never. */
  readonly metrics?: readonly (number | null)[]
}

/** A proportion with its 95 % Wilson score interval. */
export interface Proportion {
  readonly successes: number
  readonly trials: number
  readonly estimate: number
  readonly low: number
  readonly high: number
}

export interface QuantilePoint {
  readonly p: number
  readonly value: number
}

export interface HistogramBin {
  readonly x0: number
  readonly x1: number
  readonly count: number
}

export interface Distribution {
  readonly mean: number
  readonly min: number
  readonly max: number
  /** p = 0.05, 0.25, 0.5, 0.75, 0.95 */
  readonly quantiles: readonly QuantilePoint[]
  readonly histogram: readonly HistogramBin[]
}

export interface DatastoreRisk {
  readonly id: string
  readonly capacityBytes: number
  /** Probability that it fills within the horizon. */
  readonly pFull: Proportion
  /** Time to first fill (seconds), over the replications in which it filled; null if none did. */
  readonly timeToFull: Distribution | null
  /** Empirical CDF: share of all replications in which it was full by the end of day d (d = 1..days). */
  readonly fullByDay: readonly { readonly day: number; readonly p: number }[]
  /** Fan chart of use (bytes) over `RiskSummary.grid`: 5 %, 50 % and 95 % quantiles. */
  readonly fan: readonly { readonly t: number; readonly p05: number; readonly p50: number; readonly p95: number }[]
  readonly peakUsedFraction: Distribution
}

export interface RiskSummary {
  readonly scenario: string
  readonly file: string
  readonly seed: string
  readonly timezone: string
  /** ISO 8601 local start. */
  readonly start: string
  readonly startEpochMs: number
  readonly horizonSeconds: number
  readonly replications: number
  /** Times (seconds) of the fan chart samples. */
  readonly grid: readonly number[]
  /** Probability that any datastore fills within the horizon. */
  readonly pAnyFull: Proportion
  readonly datastores: readonly DatastoreRisk[]
  readonly vmsStopped: Distribution
  readonly downtimeSeconds: Distribution
  readonly backupsOverlapped: Distribution
  readonly backupsFailed: Distribution
  readonly snapshotsOrphaned: Distribution
  /** The worst replication (earliest fill, then most downtime): replay it with `--replication`. */
  readonly worst: { readonly replication: number; readonly seed: string; readonly firstFullAt: number | null; readonly downtimeSeconds: number }
}

/** One point of a parameter sweep: its parameter values and the risk there. */
export interface SweepPoint {
  readonly index: number
  /** Parameter path -> the value as written (e.g. "jobs.nightly.schedule" -> "0 18 * * *"). */
  readonly values: Readonly<Record<string, string | number>>
  /** Sum of the value positions in their lists: the sweep lists cheapest first. */
  readonly cost: number
  readonly risk: RiskSummary
  /** The metric a sweep reports besides P(full) (`--metric`), over the point's replications. */
  readonly metric?: MetricSummary
}

export interface MetricSummary {
  readonly name: string
  /** Replications in which it had no value (a time that never came). */
  readonly nulls: number
  /** Over the replications with a value; null if none had one. */
  readonly distribution: Distribution | null
}

export interface SweepSummary {
  readonly scenario: string
  readonly parameters: readonly { readonly path: string; readonly values: readonly (string | number)[] }[]
  readonly replications: number
  readonly points: readonly SweepPoint[]
  /** The target, e.g. "P(full) < 1%", and the cheapest point meeting it (null if none). */
  readonly target: { readonly text: string; readonly cheapest: number | null } | null
}
