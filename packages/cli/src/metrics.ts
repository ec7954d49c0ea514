// Metrics for `expect:` blocks, sweeps and `compare`: named numbers of a run's summary, each with
// its kind (a count, a time since the start, a duration, bytes, a share) so values can be written
// and printed with units. A time that never came (no fill, no stop) is null and compares as
// +Infinity, so `{ metric: firstFullAt, atLeast: 90d }` reads "not full within 90 days".

import { max, min } from 'd3-array'
import { didYouMean } from '@snapsim/scenario'
import type { SummaryJson } from './summary.ts'

/** `time`: seconds since the start; `duration`: seconds; `share`: a fraction of 1. */
export type MetricKind = 'count' | 'time' | 'duration' | 'bytes' | 'share'

interface Metric<T> {
  readonly kind: MetricKind
  /** In words, for messages: "first alarm". */
  readonly words: string
  readonly get: (x: T) => number | null
}

type Ds = SummaryJson['datastores'][number]
type Job = SummaryJson['jobs'][number]

const m = <T>(kind: MetricKind, words: string, get: (x: T) => number | null): Metric<T> => ({ kind, words, get })
// d3-array, not Math.max(...xs): a job's every backup (a fire every minute for 90 days) overflows
// the stack as arguments.
const minOrNull = (xs: readonly number[]): number | null => min(xs) ?? null
const maxOrNull = (xs: readonly number[]): number | null => max(xs) ?? null

const TOTALS: ReadonlyMap<string, Metric<SummaryJson>> = new Map([
  ['vmsStopped', m('count', 'VMs stopped', (s) => s.totals.vmsStopped)],
  ['vmsCrashed', m('count', 'VMs crashed', (s) => s.totals.vmsCrashed)],
  ['downtimeSeconds', m('duration', 'downtime', (s) => s.totals.downtimeSeconds)],
  ['backups', m('count', 'backup tasks', (s) => s.totals.backups)],
  ['backupsSucceeded', m('count', 'backups succeeded', (s) => s.totals.backupsByOutcome.success)],
  ['backupsFailed', m('count', 'backups failed', (s) => s.totals.backupsByOutcome.failed)],
  ['backupsCancelled', m('count', 'backups cancelled', (s) => s.totals.backupsByOutcome.cancelled)],
  ['backupsSkipped', m('count', 'backups skipped', (s) => s.totals.backupsByOutcome.skipped)],
  ['backupsSnapshotFailed', m('count', 'snapshots failed', (s) => s.totals.backupsByOutcome['snapshot-failed'])],
  ['backupsUnfinished', m('count', 'backups unfinished', (s) => s.totals.backupsByOutcome.unfinished)],
  ['backupsOverlapped', m('count', 'backups overlapped', (s) => s.totals.backupsOverlapped)],
  ['backupsMissedWindow', m('count', 'backups that missed their window', (s) => s.totals.backupsMissedWindow)],
  ['snapshots', m('count', 'snapshots', (s) => s.totals.snapshots)],
  ['snapshotsOrphaned', m('count', 'orphaned snapshots', (s) => s.totals.snapshotsOrphaned)],
  ['maxChainDepth', m('count', 'deepest chain', (s) => s.totals.maxChainDepth)],
  ['firstAlarmAt', m('time', 'first alarm', (s) => s.totals.firstAlarmAt)],
  ['firstFullAt', m('time', 'first fill', (s) => s.totals.firstFullAt)],
  ['firstOverlapAt', m('time', 'first overlap', (s) => s.totals.firstOverlapAt)],
  ['firstStopAt', m('time', 'first stop', (s) => s.totals.firstStopAt)],
  ['lastStopAt', m('time', 'last stop', (s) => s.totals.lastStopAt)],
  ['worstRecoveryPointAge', m('duration', 'worst recovery point age', (s) => s.totals.worstRecoveryPointAgeSeconds)],
  ['events', m('count', 'engine events', (s) => s.events)],
  ['minFreeBytes', m('bytes', 'least free space', (s) => minOrNull(s.datastores.map((d) => d.minFreeBytes)))],
  ['peakUsedFraction', m('share', 'highest use', (s) => maxOrNull(s.datastores.map((d) => d.peakUsedFraction)))],
  ['peakDeltasBytes', m('bytes', 'peak of the deltas', (s) => maxOrNull(s.datastores.map((d) => d.peakDeltasBytes)))],
  ['maxRunDuration', m('duration', 'longest run', (s) => maxOrNull(s.jobs.flatMap((j) => (j.runDurationSeconds ? [j.runDurationSeconds.max] : []))))],
  ['minWindowHeadroom', m('duration', 'least window headroom', (s) => minOrNull(s.jobs.flatMap((j) => (j.headroomSeconds ? [j.headroomSeconds.min] : []))))],
  ['maxBacklog', m('count', 'largest backlog', (s) => maxOrNull(s.jobs.map((j) => j.backlogMax)))],
  ['snapshotAgeAlarms', m('count', 'snapshots older than the age alarm', (s) => s.snapshotAgeAlarm?.count ?? null)],
  ['oldestSnapshotAge', m('duration', 'oldest snapshot', (s) => maxOrNull(s.snapshots.map((x) => (x.removedAt ?? s.horizonSeconds) - x.takenAt)))],
])

const DATASTORE: ReadonlyMap<string, Metric<Ds>> = new Map([
  ['peakUsedFraction', m('share', 'peak use', (d) => d.peakUsedFraction)],
  ['peakUsedBytes', m('bytes', 'peak use', (d) => d.peakUsedBytes)],
  ['peakUsedAt', m('time', 'peak time', (d) => d.peakUsedAt)],
  ['fullAt', m('time', 'fill', (d) => d.fullAt)],
  ['fullCount', m('count', 'fills', (d) => d.fullCount)],
  ['vmsStopped', m('count', 'VMs stopped', (d) => d.vmsStopped)],
  ['alarms', m('count', 'alarms', (d) => d.alarms.length)],
  ['firstAlarmAt', m('time', 'first alarm', (d) => (d.alarms.length === 0 ? null : d.alarms[0]!.at))],
  ['minFreeBytes', m('bytes', 'least free space', (d) => d.minFreeBytes)],
  ['minFreeAt', m('time', 'least free space at', (d) => d.minFreeAt)],
  ['peakDeltasBytes', m('bytes', 'peak of the deltas', (d) => d.peakDeltasBytes)],
])

const VM: ReadonlyMap<string, Metric<SummaryJson['vms'][number]>> = new Map([
  ['downtimeSeconds', m('duration', 'downtime', (v) => v.downtimeSeconds)],
  ['firstStopAt', m('time', 'first stop', (v) => v.firstStopAt)],
])

type Tasks = SummaryJson['backups']
const JOB_TASKS: ReadonlyMap<string, Metric<Tasks>> = new Map([
  ['lastEndAt', m('time', 'last end', (b) => maxOrNull(b.flatMap((x) => (x.end === null ? [] : [x.end]))))],
  ['succeeded', m('count', 'succeeded', (b) => b.filter((x) => x.outcome === 'success').length)],
  ['bytesRead', m('bytes', 'bytes read', (b) => b.reduce((n, x) => n + x.bytesRead, 0))],
])

const JOB: ReadonlyMap<string, Metric<Job>> = new Map([
  ['medianRunDuration', m('duration', 'median run', (j) => j.runDurationSeconds?.median ?? null)],
  ['p95RunDuration', m('duration', '95th percentile run', (j) => j.runDurationSeconds?.p95 ?? null)],
  ['maxRunDuration', m('duration', 'longest run', (j) => j.runDurationSeconds?.max ?? null)],
  ['runDurationTrendPerWeek', m('duration', 'run duration trend per week', (j) => j.runDurationTrendPerWeek)],
  ['minWindowHeadroom', m('duration', 'least window headroom', (j) => j.headroomSeconds?.min ?? null)],
  ['tasksMissedWindow', m('count', 'tasks that missed the window', (j) => j.tasksMissedWindow)],
  ['maxBacklog', m('count', 'largest backlog', (j) => j.backlogMax)],
])

/**
 * Metrics read from per-task or per-snapshot records, or the instant of a peak (summary detail
 * may find it later when the use creeps up by rounding): a run that reports them needs full
 * detail. Every other metric is the same in summary detail (tracked by the engine).
 */
const NEEDS_FULL_DETAIL = new Set(['firstOverlapAt', 'worstRecoveryPointAge', 'oldestSnapshotAge', 'snapshotAgeAlarms'])
const NEEDS_FULL_DETAIL_DATASTORE = new Set(['peakUsedAt', 'minFreeAt'])

export function needsFullDetail(metric: string): boolean {
  if (NEEDS_FULL_DETAIL.has(metric)) return true
  const parts = /^(datastore|vm|job)\.(.+)\.([A-Za-z0-9]+)$/.exec(metric)
  if (!parts) return false
  return (parts[1] === 'job' && JOB_TASKS.has(parts[3]!)) || (parts[1] === 'datastore' && NEEDS_FULL_DETAIL_DATASTORE.has(parts[3]!))
}

export class MetricError extends Error {
  override name = 'MetricError'
}

/** The names `expect:` accepts, for documentation and suggestions. */
export function metricNames(s?: SummaryJson): string[] {
  const ds = s ? s.datastores.map((d) => d.id) : ['<id>']
  const vms = s ? s.vms.map((v) => v.id) : ['<id>']
  const jobs = s ? s.jobs.map((j) => j.id) : ['<id>']
  return [
    ...TOTALS.keys(),
    ...ds.flatMap((id) => [...DATASTORE.keys()].map((k) => `datastore.${id}.${k}`)),
    ...vms.flatMap((id) => [...VM.keys()].map((k) => `vm.${id}.${k}`)),
    ...jobs.flatMap((id) => [...JOB_TASKS.keys(), ...JOB.keys()].map((k) => `job.${id}.${k}`)),
  ]
}

/** Kind and words of a metric by its name alone (the ids are not checked); null if unknown. */
export function metricInfo(metric: string): { kind: MetricKind; words: string } | null {
  const total = TOTALS.get(metric)
  if (total) return total
  const parts = /^(datastore|vm|job)\.(.+)\.([A-Za-z0-9]+)$/.exec(metric)
  if (!parts) return null
  const [, kind, id, field] = parts as unknown as [string, string, string, string]
  const found = kind === 'datastore' ? DATASTORE.get(field) : kind === 'vm' ? VM.get(field) : (JOB_TASKS.get(field) ?? JOB.get(field))
  return found ? { kind: found.kind, words: `${kind} ${id}: ${found.words}` } : null
}

/** Value of a metric; throws MetricError (with a suggestion) for an unknown name. */
export function metricValue(s: SummaryJson, metric: string): number | null {
  const total = TOTALS.get(metric)
  if (total) return total.get(s)
  const parts = /^(datastore|vm|job)\.(.+)\.([A-Za-z0-9]+)$/.exec(metric)
  if (parts) {
    const [, kind, id, field] = parts as unknown as [string, string, string, string]
    if (kind === 'datastore') {
      const d = s.datastores.find((x) => x.id === id)
      const get = DATASTORE.get(field)
      if (d && get) return get.get(d)
    } else if (kind === 'job') {
      const j = s.jobs.find((x) => x.id === id)
      const tasks = JOB_TASKS.get(field)
      if (j && tasks) return tasks.get(s.backups.filter((b) => b.job === id))
      const get = JOB.get(field)
      if (j && get) return get.get(j)
    } else {
      const v = s.vms.find((x) => x.id === id)
      const get = VM.get(field)
      if (v && get) return get.get(v)
    }
  }
  throw new MetricError(`unknown metric \`${metric}\`${didYouMean(metric, metricNames(s))}`)
}
