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
import { csvRow } from './csv.ts'
import { BACKUP_COLUMNS, eventLine, lineWriters, SNAPSHOT_COLUMNS, USE_COLUMNS, VM_COLUMNS, VM_STATE_COLUMNS } from './rows.ts'
import { stageOutput, type StagedOutput } from './outdir.ts'
import { SAVED_RUN, writeSavedRun } from './saved-run.ts'
import { Sink, type Written } from './sink.ts'
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

export { BACKUP_COLUMNS, SNAPSHOT_COLUMNS } from './rows.ts'

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

/**
 * A file of `count` lines (plain or, above PLAIN_ROWS, .gz), written line by line into the
 * staging folder by `lines(put)`; `put` returns a promise only when the caller must wait for it.
 */
async function writeLines(out: StagedOutput, plainRows: number, name: string, count: number, lines: (put: (text: string) => Promise<void> | undefined) => Promise<void>): Promise<string> {
  const file = count > plainRows ? `${name}.gz` : name
  const sink = new Sink(out.path(file), { gzip: count > plainRows })
  let written: Written
  try {
    await lines((text) => sink.write(text))
    written = await sink.close()
  } catch (e) {
    sink.abort()
    throw e
  }
  out.added(file, written)
  return file
}

/** A table as CSV: the header, then each item's lines. */
function writeTable<T>(out: StagedOutput, plainRows: number, name: string, header: readonly string[], items: readonly T[], line: (item: T) => string, count = items.length): Promise<string> {
  return writeLines(out, plainRows, name, count, async (put) => {
    await put(csvRow(header))
    for (const item of items) {
      const wait = put(line(item))
      if (wait) await wait
    }
  })
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
  written.push(
    await writeLines(out, plainRows, 'events.jsonl', result.log.length, async (put) => {
      for (const e of result.log) {
        const wait = put(eventLine(e))
        if (wait) await wait
      }
    }),
  )
  // vega and vega-lite are loaded here, not at start-up (charts.ts)
  const { screenSeries, writeReport } = await loadCharts()
  const ctx = chartContext(run)
  const series = result.datastores.map((d) => ({ id: d.id, s: tableSeries(d, ctx, screenSeries) }))
  const seriesRows = series.reduce((n, d) => n + d.s.t.length, 0)
  const line = lineWriters(iso)
  written.push(
    await writeLines(out, plainRows, 'datastore-use.csv', seriesRows, async (put) => {
      await put(csvRow(USE_COLUMNS))
      for (const { id, s } of series) {
        for (let i = 0; i < s.t.length; i++) {
          const wait = put(line.use(id, s.t[i]!, s.used[i]!, s.disks[i]!, s.deltas[i]!))
          if (wait) await wait
        }
      }
    }),
    await writeTable(out, plainRows, 'backups.csv', BACKUP_COLUMNS, result.backups, line.backup),
    await writeTable(out, plainRows, 'snapshots.csv', SNAPSHOT_COLUMNS, result.snapshots, line.snapshot),
    await writeTable(out, plainRows, 'vms.csv', VM_COLUMNS, result.vms, line.vm),
    await writeTable(out, plainRows, 'vm-states.csv', VM_STATE_COLUMNS, result.vms, (v) => v.states.map((st) => line.vmState(v, st)).join(''), result.vms.reduce((n, v) => n + v.states.length, 0)),
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
    planner: { jobs: summary.jobs, datastores: summary.datastores },
    ...(options.riskTold ? { riskTold: options.riskTold } : {}),
    ...(options.panels ? { panels: options.panels } : {}),
  })
  out.added('report.html')
  out.added(SAVED_RUN, await saved)
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
