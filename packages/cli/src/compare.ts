// Comparing runs: the key figures of each (a summary) side by side, each with its difference
// from the first run, per datastore and per job. Pure: the command (commands/compare.ts) runs
// the scenarios or reads the folders.

import { formatDuration } from '@snapsim/scenario'
import { formatMetric } from './expect.ts'
import { metricInfo, metricValue, type MetricKind } from './metrics.ts'
import type { SummaryJson } from './summary.ts'

export interface CompareRow {
  readonly metric: string
  readonly words: string
  readonly kind: MetricKind
  /** Per run; null = never (a time that never came) or not in that run (an id it lacks). */
  readonly values: readonly (number | null)[]
  /** Per run: its value minus the first run's; null where either is null. */
  readonly differences: readonly (number | null)[]
}

export interface Comparison {
  readonly seed: string
  readonly runs: readonly { readonly label: string; readonly source: string }[]
  readonly rows: readonly CompareRow[]
}

const TOTALS = ['vmsStopped', 'downtimeSeconds', 'firstAlarmAt', 'firstFullAt', 'backupsMissedWindow', 'backupsOverlapped', 'worstRecoveryPointAge', 'maxChainDepth']
const PER_DATASTORE = ['peakUsedFraction', 'minFreeBytes', 'peakDeltasBytes', 'firstAlarmAt', 'fullAt', 'vmsStopped']
const PER_JOB = ['medianRunDuration', 'p95RunDuration', 'maxRunDuration', 'runDurationTrendPerWeek', 'minWindowHeadroom', 'tasksMissedWindow', 'maxBacklog']

/** Ids in first-seen order over all runs (runs may differ in their datastores and jobs). */
function ids(runs: readonly SummaryJson[], of: (s: SummaryJson) => readonly { id: string }[]): string[] {
  const seen = new Set<string>()
  for (const s of runs) for (const x of of(s)) seen.add(x.id)
  return [...seen]
}

/** A metric's value in a run, null where the run lacks the datastore or job. */
function valueIn(s: SummaryJson, metric: string): number | null {
  try {
    return metricValue(s, metric)
  } catch {
    return null
  }
}

export function compareSummaries(runs: readonly { label: string; source: string; summary: SummaryJson }[], seed: string): Comparison {
  const summaries = runs.map((r) => r.summary)
  const names = [
    ...TOTALS,
    ...ids(summaries, (s) => s.datastores).flatMap((id) => PER_DATASTORE.map((k) => `datastore.${id}.${k}`)),
    ...ids(summaries, (s) => s.jobs).flatMap((id) => PER_JOB.map((k) => `job.${id}.${k}`)),
  ]
  // Time above each alarm level, per datastore and level name (not a metric of its own).
  const rows: CompareRow[] = names.map((metric) => {
    const info = metricInfo(metric)!
    const values = summaries.map((s) => valueIn(s, metric))
    return { metric, words: info.words, kind: info.kind, values, differences: differences(values) }
  })
  for (const id of ids(summaries, (s) => s.datastores)) {
    const levels = new Set<string>()
    for (const s of summaries) for (const a of s.datastores.find((d) => d.id === id)?.timeAboveAlarms ?? []) levels.add(a.name)
    for (const level of levels) {
      // A level a run's datastore has but never reached (a platform level that did not fire) is 0 s.
      const values = summaries.map((s) => {
        const d = s.datastores.find((x) => x.id === id)
        return d ? (d.timeAboveAlarms.find((a) => a.name === level)?.seconds ?? 0) : null
      })
      rows.push({ metric: `datastore.${id}.timeAbove.${level}`, words: `datastore ${id}: time above ${level}`, kind: 'duration', values, differences: differences(values) })
    }
  }
  return { seed, runs: runs.map((r) => ({ label: r.label, source: r.source })), rows }
}

function differences(values: readonly (number | null)[]): (number | null)[] {
  const base = values[0] ?? null
  return values.map((v) => (v === null || base === null ? null : v - base))
}

/**
 * A value for the table: as formatMetric, but times and durations rounded as formatDuration does
 * (to the minute; seconds below a minute) — a table of millisecond durations is unreadable; the
 * JSON keeps the exact values.
 */
export function formatCell(kind: MetricKind, v: number | null): string {
  if (v !== null && (kind === 'time' || kind === 'duration')) return formatDuration(v)
  return formatMetric(kind, v)
}

/** A difference in the metric's unit, signed: `+2 h 5 min`, `-120 GiB`, `+3.2 points`, `±0` (also for less than shown). */
export function formatDifference(kind: MetricKind, d: number | null): string {
  if (d === null) return '—'
  const text = formatCell(kind, Math.abs(d))
  const zero = kind === 'share' ? Math.abs(d) < 0.0005 : kind === 'time' || kind === 'duration' ? Math.abs(d) < 0.5 : d === 0
  if (zero) return '±0'
  const sign = d > 0 ? '+' : '-'
  if (kind === 'share') return `${sign}${(Math.abs(d) * 100).toFixed(1)} points`
  return `${sign}${text}`
}

/** The table: a row per figure, a column per run, differences from the first in brackets. */
export function comparisonTable(c: Comparison): { header: string[]; rows: string[][] } {
  const header = ['figure', ...c.runs.map((r, i) => (i === 0 ? r.label : `${r.label} (vs ${c.runs[0]!.label})`))]
  const rows = c.rows.map((row) => [
    row.words,
    ...row.values.map((v, i) => {
      const text = formatCell(row.kind, v)
      return i === 0 ? text : `${text} (${formatDifference(row.kind, row.differences[i]!)})`
    }),
  ])
  return { header, rows }
}

/** The table as aligned text lines. */
export function describeComparison(c: Comparison): string[] {
  const { header, rows } = comparisonTable(c)
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: readonly string[]) => cells.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ').trimEnd()
  return [
    `${c.runs.length} runs, all with seed ${c.seed} (common random numbers: the differences are the changes'):`,
    ...c.runs.map((r) => `  ${r.label}: ${r.source}`),
    '',
    line(header),
    ...rows.map(line),
  ]
}
