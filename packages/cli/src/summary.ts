// The summary JSON of a run (summary.json, `run --json`): a stable, documented shape
// (docs/results.md) built from a core Result. Times are seconds since the scenario start.

import { max, min } from 'd3-array'
import { defaultAlarms, type BackupOutcome, type BackupRecord, type Result, type VmState } from '@snapsim/core'
import type { LoadedScenario } from '@snapsim/scenario'
import { isoLocal } from '@snapsim/scenario'
import { datastoreFigures, type LevelTime } from './datastore-figures.ts'
import { fromRecords, jobFigures, type JobFigures } from './job-figures.ts'
import type { UntilFull } from './until-full.ts'
import { snapshotAgeAlarms, type SnapshotAgeAlarms } from './snapshot-age.ts'
import type { FreeSpaceToKeep } from './free-space.ts'

export interface SummaryJson {
  scenario: string
  file: string
  seed: string
  timezone: string
  start: string
  horizonSeconds: number
  /** Events the engine processed (its queue's pops): what `--metric events` compares. */
  events: number
  /** Entries of the event log (events.jsonl, the report's log): a processed event may log several or none. */
  logEntries: number
  totals: {
    vms: number
    vmsStopped: number
    vmsCrashed: number
    downtimeSeconds: number
    backups: number
    backupsByOutcome: Record<BackupOutcome, number>
    backupsOverlapped: number
    backupsMissedWindow: number
    snapshots: number
    snapshotsOrphaned: number
    maxChainDepth: number
    firstAlarmAt: number | null
    firstFullAt: number | null
    firstOverlapAt: number | null
    firstStopAt: number | null
    lastStopAt: number | null
    /**
     * The longest a VM went without a fresh recovery point: the largest gap between the snapshot
     * times of its successful backups, or from its last one to the end (the whole horizon for a
     * VM in a job that never succeeded). Null without backup jobs. The RPO actually achieved.
     */
    worstRecoveryPointAgeSeconds: number | null
    worstRecoveryPointVm: string | null
  }
  datastores: {
    id: string
    platform: string
    capacityBytes: number
    otherDataBytes: number
    /** Use at time 0: other data, the VMs' disks and the deltas of snapshots that exist before the run. */
    usedAtStartBytes: number
    peakUsedBytes: number
    peakUsedAt: number
    peakUsedFraction: number
    fullAt: number | null
    fullCount: number
    vmsStopped: number
    alarms: { level: number; name: string; at: number }[]
    /** Capacity minus the peak use, and when (the peak's time). */
    minFreeBytes: number
    minFreeAt: number
    /** The most space all snapshot deltas on it held at once, and when first. */
    peakDeltasBytes: number
    peakDeltasAt: number
    /** Per alarm level (configured, and any other that triggered): seconds at or above it. */
    timeAboveAlarms: LevelTime[]
    /** Only with `run --free-space` (free-space.ts). */
    freeSpaceToKeep?: FreeSpaceToKeep
  }[]
  /** Per backup job: run durations, window headroom, missed tasks, backlog (job-figures.ts). */
  jobs: JobFigures[]
  vms: { id: string; datastore: string; downtimeSeconds: number; firstStopAt: number | null; finalState: VmState }[]
  backups: {
    job: string
    vm: string
    run: number
    firedAt: number
    start: number | null
    end: number | null
    outcome: BackupOutcome
    reason: string | null
    bytesRead: number
    bytesToRead: number
    incremental: boolean
    overlapped: boolean
    missedWindow: boolean
    chainDepth: number
    orphaned: boolean
  }[]
  snapshots: { vm: string; job: string | null; takenAt: number; removalStartedAt: number | null; removedAt: number | null; maxBytes: number; orphaned: boolean; depth: number }[]
  /** Only with `policies.snapshotAgeAlarm` (snapshot-age.ts). */
  snapshotAgeAlarm?: SnapshotAgeAlarms
  /** Only with `run --until-full`: the run was simulated past its horizon (until-full.ts). */
  untilFull?: UntilFull
}

const OUTCOMES: readonly BackupOutcome[] = ['success', 'failed', 'cancelled', 'skipped', 'snapshot-failed', 'unfinished']

// d3-array, not Math.min(...xs): a spread of a run's every backup (a fire every minute for 90
// days) overflows the stack.
const minOrNull = (xs: readonly number[]): number | null => min(xs) ?? null
const maxOrNull = (xs: readonly number[]): number | null => max(xs) ?? null

/** Per VM in a backup job: the longest stretch without a new successful backup's recovery point. */
function worstRecoveryPoint(result: Result): { vm: string; age: number } | null {
  const points = new Map<string, number[]>()
  for (const b of result.backups) {
    if (!points.has(b.vm)) points.set(b.vm, [])
    if (b.outcome === 'success' && b.start !== null) points.get(b.vm)!.push(b.start)
  }
  let worst: { vm: string; age: number } | null = null
  for (const [vm, starts] of points) {
    starts.sort((a, b) => a - b)
    let age = starts.length === 0 ? result.horizon : result.horizon - starts[starts.length - 1]!
    for (let i = 1; i < starts.length; i++) age = Math.max(age, starts[i]! - starts[i - 1]!)
    if (!worst || age > worst.age) worst = { vm, age }
  }
  return worst
}

export function summarize(scenario: Pick<LoadedScenario, 'name' | 'file' | 'timezone' | 'startEpochMs' | 'model'>, result: Result): SummaryJson {
  const rpo = worstRecoveryPoint(result)
  // each job's tasks, grouped in one pass (a fleet has hundreds of jobs and a year of tasks)
  const tasksOf = new Map<string, BackupRecord[]>()
  for (const b of result.backups) {
    const list = tasksOf.get(b.job)
    if (list) list.push(b)
    else tasksOf.set(b.job, [b])
  }
  const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, result.totals.backupsByOutcome[o]])) as Record<BackupOutcome, number>
  const stops = result.vms.map((v) => v.firstStopAt).filter((t): t is number => t !== null)
  const figuresOf = (id: string) => {
    const d = result.datastores.find((x) => x.id === id)!
    const f = datastoreFigures(d, scenario.model.datastores.find((x) => x.id === id)?.alarms ?? defaultAlarms, result.horizon)
    return { ...f, timeAboveAlarms: [...f.timeAboveAlarms] }
  }
  const stoppedOn = (ds: string) => result.vms.filter((v) => v.datastore === ds && v.firstStopAt !== null).length
  return {
    scenario: scenario.name,
    file: scenario.file,
    seed: result.seed,
    timezone: scenario.timezone,
    start: isoLocal(scenario.startEpochMs, scenario.timezone),
    horizonSeconds: result.horizon,
    events: result.events,
    logEntries: result.log.length,
    totals: {
      vms: result.vms.length,
      vmsStopped: stops.length,
      vmsCrashed: result.vms.filter((v) => v.states.some((s) => s.state === 'crashed')).length,
      downtimeSeconds: result.vms.reduce((s, v) => s + v.downtime, 0),
      backups: result.totals.backups,
      backupsByOutcome: byOutcome,
      backupsOverlapped: result.totals.backupsOverlapped,
      backupsMissedWindow: result.totals.backupsMissedWindow,
      snapshots: result.totals.snapshots,
      snapshotsOrphaned: result.totals.snapshotsOrphaned,
      maxChainDepth: result.totals.maxChainDepth,
      firstAlarmAt: minOrNull(result.datastores.flatMap((d) => d.alarms.map((a) => a.at))),
      firstFullAt: minOrNull(result.datastores.flatMap((d) => (d.fullAt === null ? [] : [d.fullAt]))),
      firstOverlapAt: minOrNull(result.backups.filter((b) => b.overlapped).map((b) => b.firedAt)),
      firstStopAt: minOrNull(stops),
      lastStopAt: maxOrNull(stops),
      worstRecoveryPointAgeSeconds: rpo?.age ?? null,
      worstRecoveryPointVm: rpo?.vm ?? null,
    },
    datastores: result.datastores.map((d) => ({
      id: d.id,
      platform: d.platform,
      capacityBytes: d.capacity,
      otherDataBytes: d.fixedUse,
      usedAtStartBytes: d.usedAtStart,
      peakUsedBytes: d.peakUsed,
      peakUsedAt: d.peakUsedAt,
      peakUsedFraction: d.peakUsed / d.capacity,
      fullAt: d.fullAt,
      fullCount: d.fullTimes.length,
      vmsStopped: stoppedOn(d.id),
      alarms: d.alarms.map((a) => ({ level: a.level / d.capacity, name: a.name, at: a.at })),
      ...figuresOf(d.id),
    })),
    // tracked by the engine (both levels of detail); from the records for older result files
    jobs: scenario.model.jobs.map((j, k) =>
      jobFigures(
        j,
        result.jobs?.[k] ?? fromRecords(j, tasksOf.get(j.id) ?? [], result.log),
        (t) => isoLocal(scenario.startEpochMs + t * 1000, scenario.timezone).slice(0, 10),
      ),
    ),
    vms: result.vms.map((v) => ({ id: v.id, datastore: v.datastore, downtimeSeconds: v.downtime, firstStopAt: v.firstStopAt, finalState: v.finalState })),
    backups: result.backups.map((b) => ({
      job: b.job,
      vm: b.vm,
      // a job's fires counted from 1, as in backups.csv, events.jsonl and the report
      run: b.run + 1,
      firedAt: b.firedAt,
      start: b.start,
      end: b.end,
      outcome: b.outcome,
      reason: b.reason,
      bytesRead: b.bytesRead,
      bytesToRead: b.bytesToRead,
      incremental: b.incremental,
      overlapped: b.overlapped,
      missedWindow: b.missedWindow,
      chainDepth: b.chainDepth,
      orphaned: b.orphaned,
    })),
    snapshots: result.snapshots.map((s) => ({
      vm: s.vm,
      job: s.job,
      takenAt: s.takenAt,
      removalStartedAt: s.removalStartedAt,
      removedAt: s.removedAt,
      maxBytes: s.maxBytes,
      orphaned: s.orphaned,
      depth: s.depth,
    })),
    ...(scenario.model.policies?.snapshotAgeAlarm !== undefined ? { snapshotAgeAlarm: snapshotAgeAlarms(result.snapshots, result.horizon, scenario.model.policies.snapshotAgeAlarm) } : {}),
  }
}

/** The records of a summary: one per VM, backup task and snapshot (millions in a fleet's year). */
export type SummaryRecords = Pick<SummaryJson, 'vms' | 'backups' | 'snapshots'>

/**
 * summary.json and `run --json`: a summary at any fleet size. The per-VM, per-backup and
 * per-snapshot records are in vms.csv, backups.csv and snapshots.csv; with `records` (the
 * `--records` flag) they are in the JSON too.
 */
export function summaryFile(summary: SummaryJson, records: boolean): SummaryJson | Omit<SummaryJson, keyof SummaryRecords> {
  if (records) return summary
  const { vms: _v, backups: _b, snapshots: _s, ...rest } = summary
  return rest
}
