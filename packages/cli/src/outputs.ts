// The data files of a run: summary.json, events.jsonl, CSV time series and tables,
// result.jsonl.gz (the full result, from which `snapsim report` rebuilds the report),
// report.html. Written as streams (sink.ts): a year of a fleet is millions of rows.

import type { DatastoreResult, Result } from '@snapsim/core'
import { defaultAlarms } from '@snapsim/core'
import type { ChartContext, Narration, ReportInput, RiskTold, SeriesColumns } from '@snapsim/charts'
import { loadCharts } from './charts.ts'
import { jobInfo, type JobInfo } from '@snapsim/explain'
import type { RiskSummary, SweepSummary } from '@snapsim/risk'
import type { LoadedScenario } from '@snapsim/scenario'
import { csvRow, type Cell } from './csv.ts'
import { stageOutput, type StagedOutput } from './outdir.ts'
import { SAVED_RUN, writeSavedRun } from './saved-run.ts'
import { Sink } from './sink.ts'
import { summaryFile, type SummaryJson } from './summary.ts'
import { isoClock } from './wall-time.ts'

/** What `snapsim report` needs besides the Result: saved in result.json. */
export interface SavedRun {
  readonly scenario: Pick<LoadedScenario, 'name' | 'file' | 'timezone' | 'startEpochMs' | 'seed'>
  readonly alarms: ChartContext['alarms']
  readonly summaryLines: readonly string[]
  readonly result: Result
  /** The jobs' overlap policy and window, which the Result does not hold (for `snapsim explain DIR`, `report`). */
  readonly jobs?: readonly JobInfo[]
  /** Monte Carlo runs: the risk and the sweep, so that `snapsim report` shows them again. */
  readonly risk?: RiskSummary
  readonly sweep?: SweepSummary
}

export function chartContext(run: SavedRun): ChartContext {
  return { startEpochMs: run.scenario.startEpochMs, timezone: run.scenario.timezone, ...(run.alarms ? { alarms: run.alarms } : {}) }
}

export function savedRun(scenario: LoadedScenario, result: Result, summaryLines: readonly string[]): SavedRun {
  return {
    scenario: { name: scenario.name, file: scenario.file, timezone: scenario.timezone, startEpochMs: scenario.startEpochMs, seed: scenario.seed },
    alarms: Object.fromEntries(scenario.model.datastores.map((d) => [d.id, d.alarms ?? defaultAlarms])),
    summaryLines,
    result,
    jobs: jobInfo(scenario.model),
  }
}

/** backups.csv's columns (`snapshot`: the row of snapshots.csv, from 0, as in events.jsonl). */
export const BACKUP_COLUMNS = ['job', 'vm', 'run', 'firedAt', 'firedTime', 'start', 'startTime', 'end', 'endTime', 'outcome', 'reason', 'bytesRead', 'bytesToRead', 'incremental', 'overlapped', 'missedWindow', 'chainDepth', 'snapshot', 'orphaned'] as const
export const SNAPSHOT_COLUMNS = ['vm', 'job', 'takenAt', 'takenTime', 'removalStartedAt', 'removalStartedTime', 'removedAt', 'removedTime', 'maxBytes', 'orphaned', 'depth'] as const

/**
 * Most points per datastore in datastore-use.csv: a datastore with more breakpoints (a fleet over
 * months) is thinned to TABLE_BUCKETS buckets of time, each keeping its first, last, lowest and
 * highest points, and both sides of every capacity or alarm crossing (the charts' downsampling);
 * the full series is in result.jsonl.gz.
 */
export const TABLE_POINTS = 8000
const TABLE_BUCKETS = 2000

function tableSeries(d: DatastoreResult, ctx: ChartContext, screenSeries: (d: DatastoreResult, ctx: ChartContext & { width: number }) => SeriesColumns): SeriesColumns {
  if (d.series.t.length <= TABLE_POINTS) return d.series
  return screenSeries(d, { ...ctx, width: TABLE_BUCKETS })
}

/**
 * Most rows (lines) a table or the event log is written with as plain text; a larger one is
 * gzip-compressed (`backups.csv.gz`): a spreadsheet opens about a million rows, a person reads
 * far fewer, and a year of a fleet would otherwise fill hundreds of MB (docs/limits.md).
 */
export const PLAIN_ROWS = 100_000

export interface RunFileOptions {
  readonly static?: boolean
  readonly risk?: RiskSummary
  readonly sweep?: SweepSummary
  /** Also put the per-backup, per-snapshot and per-VM records into summary.json (`--records`). */
  readonly records?: boolean
  /** Most rows written plain (default PLAIN_ROWS; tests lower it). */
  readonly plainRows?: number
  /** The narration section (explain) at the top of the report. */
  readonly narration?: Narration
  /** Monte Carlo: the risk in words (explain), the report's first section. */
  readonly riskTold?: RiskTold
  /** Sections after the key figures with their own script (the what-if panel, @snapsim/whatif). */
  readonly panels?: ReportInput['panels']
}

/** A table as CSV (plain or, above PLAIN_ROWS rows, .csv.gz), row by row, into the staging folder. */
async function writeTable<T>(out: StagedOutput, plainRows: number, name: string, header: readonly string[], items: readonly T[], rows: (item: T) => Iterable<readonly Cell[]>, count = items.length): Promise<string> {
  const file = count > plainRows ? `${name}.gz` : name
  const sink = new Sink(out.path(file), { gzip: count > plainRows })
  try {
    await sink.write(csvRow(header))
    for (const item of items) for (const row of rows(item)) await sink.write(csvRow(row))
    await sink.close()
  } catch (e) {
    sink.abort()
    throw e
  }
  out.added(file)
  return file
}

/**
 * The files of a run. Run numbers (`run`) count a job's fires from 1 in every file, as in the
 * report; every time column in seconds has a wall-clock column in the scenario's zone beside it.
 * They go into a staged output folder (outdir.ts); the caller commits it.
 */
export async function writeRunFiles(out: StagedOutput, run: SavedRun, summary: SummaryJson, options: RunFileOptions = {}): Promise<string[]> {
  const { result, scenario } = run
  const iso = isoClock(scenario.startEpochMs, scenario.timezone)
  const written: string[] = []
  const plainRows = options.plainRows ?? PLAIN_ROWS
  out.write('summary.json', `${JSON.stringify(summaryFile(summary, options.records ?? false), null, 2)}\n`)
  written.push('summary.json')
  // the machines' copy first: its compression runs on the thread pool while the rest is formatted
  const saved = writeSavedRun(out.path(SAVED_RUN), { ...run, ...(options.risk ? { risk: options.risk } : {}), ...(options.sweep ? { sweep: options.sweep } : {}) })
  {
    const plain = result.log.length <= plainRows
    const file = plain ? 'events.jsonl' : 'events.jsonl.gz'
    const sink = new Sink(out.path(file), { gzip: !plain })
    try {
      for (const e of result.log) await sink.write(`${JSON.stringify('run' in e ? { ...e, run: e.run + 1 } : e)}\n`)
      await sink.close()
    } catch (e) {
      sink.abort()
      throw e
    }
    out.added(file)
    written.push(file)
  }
  // vega and vega-lite are loaded here, not at start-up (charts.ts)
  const { screenSeries, writeReport } = await loadCharts()
  const ctx = chartContext(run)
  const series = result.datastores.map((d) => ({ id: d.id, s: tableSeries(d, ctx, screenSeries) }))
  const seriesRows = series.reduce((n, d) => n + d.s.t.length, 0)
  written.push(
    await writeTable(out, plainRows, 'datastore-use.csv', ['datastore', 't', 'time', 'used', 'disks', 'deltas'], series, ({ id, s }) => s.t.map((t, i) => [id, t, iso(t), s.used[i]!, s.disks[i]!, s.deltas[i]!]), seriesRows),
    await writeTable(
      out,
      plainRows,
      'backups.csv',
      BACKUP_COLUMNS,
      result.backups,
      (b) => [[b.job, b.vm, b.run + 1, b.firedAt, iso(b.firedAt), b.start, iso(b.start), b.end, iso(b.end), b.outcome, b.reason, b.bytesRead, b.bytesToRead, b.incremental, b.overlapped, b.missedWindow, b.chainDepth, b.snapshot, b.orphaned]],
    ),
    await writeTable(
      out,
      plainRows,
      'snapshots.csv',
      SNAPSHOT_COLUMNS,
      result.snapshots,
      (s) => [[s.vm, s.job, s.takenAt, iso(s.takenAt), s.removalStartedAt, iso(s.removalStartedAt), s.removedAt, iso(s.removedAt), s.maxBytes, s.orphaned, s.depth]],
    ),
    await writeTable(out, plainRows, 'vms.csv', ['vm', 'datastore', 'downtimeSeconds', 'firstStopAt', 'firstStopTime', 'finalState'], result.vms, (v) => [[v.id, v.datastore, v.downtime, v.firstStopAt, iso(v.firstStopAt), v.finalState]]),
    await writeTable(
      out,
      plainRows,
      'vm-states.csv',
      ['vm', 'state', 'from', 'fromTime', 'to', 'toTime', 'reason'],
      result.vms,
      (v) => v.states.map((s) => [v.id, s.state, s.from, iso(s.from), s.to, iso(s.to), s.reason ?? null]),
      result.vms.reduce((n, v) => n + v.states.length, 0),
    ),
  )
  await writeReport(out.path('report.html'), {
    title: scenario.name,
    result,
    context: chartContext(run),
    summaryLines: run.summaryLines,
    source: scenario.file,
    generator: 'snapsim 0.1.0',
    ...(options.static ? { static: true } : {}),
    ...(options.risk ? { risk: options.risk } : {}),
    ...(options.sweep ? { sweep: options.sweep } : {}),
    ...(options.narration ? { narration: options.narration } : {}),
    ...(options.riskTold ? { riskTold: options.riskTold } : {}),
    ...(options.panels ? { panels: options.panels } : {}),
  })
  out.added('report.html')
  await saved
  out.added(SAVED_RUN)
  return [...written, SAVED_RUN, 'report.html']
}

/** writeRunFiles into `dir` as a whole: staged, committed with its manifest (or discarded on failure). */
export async function writeRunFolder(dir: string, run: SavedRun, summary: SummaryJson, options: RunFileOptions = {}): Promise<string[]> {
  const out = stageOutput(dir)
  try {
    const written = await writeRunFiles(out, run, summary, options)
    out.commit('run')
    return written
  } finally {
    out.discard()
  }
}
