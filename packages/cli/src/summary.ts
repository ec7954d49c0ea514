// The summary JSON of a run (summary.json, `run --json`): a stable, documented shape
// (docs/results.md) built from a core Result. Times are seconds since the scenario start.

import type { BackupOutcome, Result, VmState } from '@snapsim/core'
import type { LoadedScenario } from '@snapsim/scenario'
import { isoLocal } from '@snapsim/scenario'

export interface SummaryJson {
  scenario: string
  file: string
  seed: string
  timezone: string
  start: string
  horizonSeconds: number
  events: number
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
  }
  datastores: {
    id: string
    platform: string
    capacityBytes: number
    otherDataBytes: number
    peakUsedBytes: number
    peakUsedAt: number
    peakUsedFraction: number
    fullAt: number | null
    fullCount: number
    vmsStopped: number
    alarms: { level: number; name: string; at: number }[]
  }[]
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
}

const OUTCOMES: readonly BackupOutcome[] = ['success', 'failed', 'cancelled', 'skipped', 'snapshot-failed', 'unfinished']

const minOrNull = (xs: readonly number[]): number | null => (xs.length === 0 ? null : Math.min(...xs))
const maxOrNull = (xs: readonly number[]): number | null => (xs.length === 0 ? null : Math.max(...xs))

export function summarize(scenario: Pick<LoadedScenario, 'name' | 'file' | 'timezone' | 'startEpochMs'>, result: Result): SummaryJson {
  const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, result.totals.backupsByOutcome[o]])) as Record<BackupOutcome, number>
  const stops = result.vms.map((v) => v.firstStopAt).filter((t): t is number => t !== null)
  const stoppedOn = (ds: string) => result.vms.filter((v) => v.datastore === ds && v.firstStopAt !== null).length
  return {
    scenario: scenario.name,
    file: scenario.file,
    seed: result.seed,
    timezone: scenario.timezone,
    start: isoLocal(scenario.startEpochMs, scenario.timezone),
    horizonSeconds: result.horizon,
    events: result.events,
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
    },
    datastores: result.datastores.map((d) => ({
      id: d.id,
      platform: d.platform,
      capacityBytes: d.capacity,
      otherDataBytes: d.fixedUse,
      peakUsedBytes: d.peakUsed,
      peakUsedAt: d.peakUsedAt,
      peakUsedFraction: d.peakUsed / d.capacity,
      fullAt: d.fullAt,
      fullCount: d.fullTimes.length,
      vmsStopped: stoppedOn(d.id),
      alarms: d.alarms.map((a) => ({ level: a.level / d.capacity, name: a.name, at: a.at })),
    })),
    vms: result.vms.map((v) => ({ id: v.id, datastore: v.datastore, downtimeSeconds: v.downtime, firstStopAt: v.firstStopAt, finalState: v.finalState })),
    backups: result.backups.map((b) => ({
      job: b.job,
      vm: b.vm,
      run: b.run,
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
  }
}
