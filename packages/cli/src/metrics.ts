// Metrics for `expect:` blocks: named numbers of a run's summary. A time that never came (no
// fill, no stop) is null and compares as +Infinity, so `{ metric: firstFullAt, atLeast: <horizon> }`
// reads "never full".

import { max } from 'd3-array'
import { didYouMean } from '@snapsim/scenario'
import type { SummaryJson } from './summary.ts'

type Getter = (s: SummaryJson) => number | null

const TOTALS: Readonly<Record<string, Getter>> = {
  vmsStopped: (s) => s.totals.vmsStopped,
  vmsCrashed: (s) => s.totals.vmsCrashed,
  downtimeSeconds: (s) => s.totals.downtimeSeconds,
  backups: (s) => s.totals.backups,
  backupsSucceeded: (s) => s.totals.backupsByOutcome.success,
  backupsFailed: (s) => s.totals.backupsByOutcome.failed,
  backupsCancelled: (s) => s.totals.backupsByOutcome.cancelled,
  backupsSkipped: (s) => s.totals.backupsByOutcome.skipped,
  backupsSnapshotFailed: (s) => s.totals.backupsByOutcome['snapshot-failed'],
  backupsUnfinished: (s) => s.totals.backupsByOutcome.unfinished,
  backupsOverlapped: (s) => s.totals.backupsOverlapped,
  backupsMissedWindow: (s) => s.totals.backupsMissedWindow,
  snapshots: (s) => s.totals.snapshots,
  snapshotsOrphaned: (s) => s.totals.snapshotsOrphaned,
  maxChainDepth: (s) => s.totals.maxChainDepth,
  firstAlarmAt: (s) => s.totals.firstAlarmAt,
  firstFullAt: (s) => s.totals.firstFullAt,
  firstOverlapAt: (s) => s.totals.firstOverlapAt,
  firstStopAt: (s) => s.totals.firstStopAt,
  lastStopAt: (s) => s.totals.lastStopAt,
  worstRecoveryPointAge: (s) => s.totals.worstRecoveryPointAgeSeconds,
  events: (s) => s.events,
}

const DATASTORE: Readonly<Record<string, (d: SummaryJson['datastores'][number]) => number | null>> = {
  peakUsedFraction: (d) => d.peakUsedFraction,
  peakUsedBytes: (d) => d.peakUsedBytes,
  peakUsedAt: (d) => d.peakUsedAt,
  fullAt: (d) => d.fullAt,
  fullCount: (d) => d.fullCount,
  vmsStopped: (d) => d.vmsStopped,
  alarms: (d) => d.alarms.length,
  firstAlarmAt: (d) => (d.alarms.length === 0 ? null : d.alarms[0]!.at),
}

const VM: Readonly<Record<string, (v: SummaryJson['vms'][number]) => number | null>> = {
  downtimeSeconds: (v) => v.downtimeSeconds,
  firstStopAt: (v) => v.firstStopAt,
}

const JOB: Readonly<Record<string, (b: SummaryJson['backups']) => number | null>> = {
  lastEndAt: (b) => max(b, (x) => x.end ?? undefined) ?? null,
  succeeded: (b) => b.filter((x) => x.outcome === 'success').length,
  bytesRead: (b) => b.reduce((n, x) => n + x.bytesRead, 0),
}

export class MetricError extends Error {
  override name = 'MetricError'
}

/** The names `expect:` accepts, for documentation and suggestions. */
export function metricNames(s?: SummaryJson): string[] {
  const ds = s ? s.datastores.map((d) => d.id) : ['<id>']
  const vms = s ? s.vms.map((v) => v.id) : ['<id>']
  return [
    ...Object.keys(TOTALS),
    ...ds.flatMap((id) => Object.keys(DATASTORE).map((k) => `datastore.${id}.${k}`)),
    ...vms.flatMap((id) => Object.keys(VM).map((k) => `vm.${id}.${k}`)),
    ...jobIds(s).flatMap((id) => Object.keys(JOB).map((k) => `job.${id}.${k}`)),
  ]
}

function jobIds(s?: SummaryJson): string[] {
  return s ? [...new Set(s.backups.map((b) => b.job))] : ['<id>']
}

/** The entry of a table by a name the user wrote: own entries only (`constructor` is no metric). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined
}

/** Value of a metric; throws MetricError (with a suggestion) for an unknown name. */
export function metricValue(s: SummaryJson, metric: string): number | null {
  const total = own(TOTALS, metric)
  if (total) return total(s)
  const m = /^(datastore|vm|job)\.(.+)\.([A-Za-z]+)$/.exec(metric)
  if (m) {
    const [, kind, id, field] = m as unknown as [string, string, string, string]
    if (kind === 'datastore') {
      const d = s.datastores.find((x) => x.id === id)
      const get = own(DATASTORE, field)
      if (d && get) return get(d)
    } else if (kind === 'job') {
      const mine = s.backups.filter((b) => b.job === id)
      const get = own(JOB, field)
      if (mine.length > 0 && get) return get(mine)
    } else {
      const v = s.vms.find((x) => x.id === id)
      const get = own(VM, field)
      if (v && get) return get(v)
    }
  }
  throw new MetricError(`unknown metric \`${metric}\`${didYouMean(metric, metricNames(s))}`)
}
