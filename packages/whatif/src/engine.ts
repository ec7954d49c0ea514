// One what-if: the scenario text with the run's own `--set`s and the panel's, loaded by
// @snapsim/scenario and simulated by @snapsim/core exactly as `snapsim run FILE --set …` does
// (packages/cli/src/commands/run.ts), then reduced to key figures and a use series per
// datastore at screen resolution. No Node imports: the worker (worker.ts) bundles this file.

import { simulate, type Model, type Result } from '@snapsim/core'
import { prepareScenario, resolvePrepared, type LoadedScenario, type Limits, type SweepValue } from '@snapsim/scenario'
import { downsampleSeries, formatBytes, formatDuration, formatWall, jobRunBars, keyFigures as reportFigures, wallClock, type KeyFigure, type WallClock } from '@snapsim/charts/browser'
import { settingsOf, type Control, type ControlValues } from './controls.ts'
import { commandLine, readSetArguments, setArguments, type RunIdentity } from './flags.ts'
import { keyFiguresOf, type KeyFigures } from './figures.ts'
import { stoppedOverTime } from './stopped.ts'

/** Everything the panel needs to simulate again: the run's identity, its text and flags, its limits. */
export interface WhatIfSource extends RunIdentity {
  /** The scenario file's text as the run read it. */
  readonly text: string
  /** The run's own `--set` values (and `--scale` ones as `scale.KEY`), in order. */
  readonly base: readonly (readonly [string, SweepValue])[]
  readonly limits: Limits
}

export interface WhatIfSetup {
  readonly source: WhatIfSource
  readonly controls: readonly Control[]
  /** Points per use series sent to the chart (about one per pixel, as the report's charts). */
  readonly buckets: number
}

export interface SeriesOut {
  readonly id: string
  readonly capacity: number
  /** Wall-clock milliseconds (the report's time axis), used bytes. */
  readonly t: readonly number[]
  readonly used: readonly number[]
  /** Bytes held by snapshot deltas at each point. */
  readonly deltas: readonly number[]
  /** Wall-clock milliseconds of its first fill, or null. */
  readonly fullAt: number | null
}

/** The job runs as columns (the report's job-lane Gantt, `jobRunBars`): wall-clock ms, outcome of the worst task. */
export interface RunsOut {
  readonly job: readonly string[]
  readonly from: readonly number[]
  readonly to: readonly number[]
  readonly outcome: readonly string[]
}

export interface WhatIfOut {
  /** The `--set` arguments of this what-if (the run's own first), and the whole command. */
  readonly args: readonly string[]
  readonly command: string
  readonly figures: KeyFigures
  /** The figures in words, by figure key (see `figureTexts`). */
  readonly texts: Readonly<Record<string, string>>
  readonly series: readonly SeriesOut[]
  /** VMs not running over time: wall-clock milliseconds where the count changes, the count. */
  readonly stopped: { readonly t: readonly number[]; readonly n: readonly number[] }
  /** The report's key figures of this run (charts' `keyFigures`, the block under the summary). */
  readonly keyFigures: readonly KeyFigure[]
  readonly runs: RunsOut
}

/** The scenario as `snapsim run` loads it with these `--set` values (run.ts, replication.ts). */
export function loadWith(source: WhatIfSource, settings: ReadonlyMap<string, SweepValue>): LoadedScenario {
  const set = Object.create(null) as Record<string, SweepValue>
  for (const [k, v] of settings) set[k] = v
  const any = settings.size > 0
  const prepared = prepareScenario(source.text, source.file, any ? set : undefined, source.limits)
  return resolvePrepared(prepared, {
    ...(source.replication !== undefined ? { replication: source.replication } : {}),
    ...(source.seed !== undefined ? { seed: source.seed } : {}),
    ...(any ? { set } : {}),
  })
}

/** The run's settings, then the controls' (a control's path replaces the run's value of it). */
export function settingsFor(setup: WhatIfSetup, baseModel: Model, values: ControlValues): Map<string, SweepValue> {
  const out = new Map<string, SweepValue>(setup.source.base.map(([k, v]) => [k, v]))
  for (const c of setup.controls) {
    if (!Object.hasOwn(values, c.key)) continue
    for (const [path, v] of settingsOf(c, values[c.key]!, baseModel)) {
      out.delete(path)
      out.set(path, v)
    }
  }
  return out
}

// One wall clock for every move (its Intl offsets are cached per quarter hour, which costs a
// formatToParts call each the first time; a move's series would otherwise pay them all again).
let clockKey = ''
let clockMemo: WallClock | null = null
function clockOf(startEpochMs: number, timezone: string): WallClock {
  const key = `${startEpochMs}\u0000${timezone}`
  if (clockMemo === null || key !== clockKey) {
    clockMemo = wallClock(startEpochMs, timezone)
    clockKey = key
  }
  return clockMemo
}

/** The figures in words, keyed `full:ID`, `peak:ID`, `alarms:ID`, `stopped`, `downtime`. */
export function figureTexts(f: KeyFigures, startEpochMs: number, timezone: string): Record<string, string> {
  const clock = clockOf(startEpochMs, timezone)
  const when = (t: number | null) => (t === null ? 'never' : formatWall(clock(t)))
  const out: Record<string, string> = Object.create(null) as Record<string, string>
  for (const d of f.datastores) {
    out[`full:${d.id}`] = when(d.fullAt)
    out[`peak:${d.id}`] = `${formatBytes(d.peakUsed)} of ${formatBytes(d.capacity)} (${((d.peakUsed / d.capacity) * 100).toFixed(1)} %)`
    out[`alarms:${d.id}`] = d.alarms === 0 ? 'none' : `${d.alarms}, the first ${when(d.firstAlarmAt)}`
  }
  out.stopped = String(f.vmsStopped)
  out.downtime = formatDuration(f.downtime)
  return out
}

/** Simulate with these `--set` arguments; the arguments are read back as the CLI reads them. */
export function runArgs(setup: WhatIfSetup, args: readonly string[]): { scenario: LoadedScenario; result: Result; out: WhatIfOut } {
  const scenario = loadWith(setup.source, readSetArguments(args))
  const result = simulate(scenario.model)
  const figures = keyFiguresOf(result)
  const clock = clockOf(scenario.startEpochMs, scenario.timezone)
  const series = result.datastores.map((d) => {
    const s = downsampleSeries(d.series, { buckets: setup.buckets, levels: [d.capacity], keepTimes: [d.peakUsedAt, ...(d.fullAt === null ? [] : [d.fullAt])] })
    return { id: d.id, capacity: d.capacity, t: s.t.map(clock), used: [...s.used], deltas: [...s.deltas], fullAt: d.fullAt === null ? null : clock(d.fullAt) }
  })
  const steps = stoppedOverTime(result)
  const stopped = { t: steps.t.map(clock), n: steps.n }
  const bars = jobRunBars(result)
  const runs = { job: bars.map((b) => b.job), from: bars.map((b) => clock(b.from)), to: bars.map((b) => clock(b.to)), outcome: bars.map((b) => b.outcome) }
  const context = { startEpochMs: scenario.startEpochMs, timezone: scenario.timezone }
  const texts = figureTexts(figures, scenario.startEpochMs, scenario.timezone)
  const out = { args, command: commandLine(setup.source, args), figures, texts, series, stopped, keyFigures: reportFigures(result, context), runs }
  return { scenario, result, out }
}

/** A what-if: the controls' values over the run's settings, simulated. */
export function whatIf(setup: WhatIfSetup, baseModel: Model, values: ControlValues): WhatIfOut {
  return runArgs(setup, setArguments(settingsFor(setup, baseModel, values))).out
}
