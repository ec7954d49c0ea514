// The data files of a run: summary.json, events.jsonl, CSV time series and tables, result.json
// (the full result, from which `snapsim report` rebuilds the report), report.html.

import type { Result } from '@snapsim/core'
import { defaultAlarms } from '@snapsim/core'
import type { ChartContext, Narration } from '@snapsim/charts'
import { loadCharts } from './charts.ts'
import { jobInfo, type JobInfo } from '@snapsim/explain'
import type { RiskSummary, SweepSummary } from '@snapsim/risk'
import { isoLocal, type LoadedScenario } from '@snapsim/scenario'
import type { StagedOutput } from './outdir.ts'
import { toCsv } from './csv.ts'
import type { SummaryJson } from './summary.ts'

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

/** Writes a run's files into a staged output folder (outdir.ts); the caller commits it. */
export async function writeRunFiles(out: StagedOutput, run: SavedRun, summary: SummaryJson, options: { static?: boolean; risk?: RiskSummary; sweep?: SweepSummary; narration?: Narration } = {}): Promise<string[]> {
  const { result, scenario } = run
  const iso = (t: number) => isoLocal(scenario.startEpochMs + t * 1000, scenario.timezone)
  const files: [string, string][] = [
    ['summary.json', `${JSON.stringify(summary, null, 2)}\n`],
    ['events.jsonl', result.log.map((e) => JSON.stringify(e)).join('\n') + (result.log.length ? '\n' : '')],
    [
      'datastore-use.csv',
      toCsv(
        ['datastore', 't', 'time', 'used', 'disks', 'deltas'],
        result.datastores.flatMap((d) => d.series.t.map((t, i) => [d.id, t, iso(t), d.series.used[i]!, d.series.disks[i]!, d.series.deltas[i]!])),
      ),
    ],
    [
      'backups.csv',
      toCsv(
        ['job', 'vm', 'run', 'firedAt', 'start', 'end', 'outcome', 'reason', 'bytesRead', 'bytesToRead', 'incremental', 'overlapped', 'missedWindow', 'chainDepth', 'orphaned'],
        result.backups.map((b) => [b.job, b.vm, b.run, b.firedAt, b.start, b.end, b.outcome, b.reason, b.bytesRead, b.bytesToRead, b.incremental, b.overlapped, b.missedWindow, b.chainDepth, b.orphaned]),
      ),
    ],
    [
      'snapshots.csv',
      toCsv(
        ['vm', 'job', 'takenAt', 'removalStartedAt', 'removedAt', 'maxBytes', 'orphaned', 'depth'],
        result.snapshots.map((s) => [s.vm, s.job, s.takenAt, s.removalStartedAt, s.removedAt, s.maxBytes, s.orphaned, s.depth]),
      ),
    ],
    ['vm-states.csv', toCsv(['vm', 'state', 'from', 'to', 'reason'], result.vms.flatMap((v) => v.states.map((s) => [v.id, s.state, s.from, s.to, s.reason ?? null])))],
    ['result.json', JSON.stringify({ ...run, ...(options.risk ? { risk: options.risk } : {}), ...(options.sweep ? { sweep: options.sweep } : {}) })],
  ]
  for (const [name, content] of files) out.write(name, content)
  const { writeReport } = await loadCharts()
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
  })
  return [...files.map(([name]) => name), 'report.html']
}
