// `snapsim compare A B [C…]`: scenario files (each, or one file in `--set` variants) or output
// folders of earlier runs, their key figures side by side with the differences from the first,
// in words, JSON (compare.json) and one HTML page with the use curves overlaid (compare.html).
// Every file runs with the same seed (--seed, else the first file's), so the differences are
// the changes' and not the dice's (common random numbers).

import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { simulate } from '@snapsim/core'
import type { CompareDatastore } from '@snapsim/charts'
import { loadCharts } from '../charts.ts'
import { verifyOutput } from '../outdir.ts'
import { sampleSeries, timeGrid } from '@snapsim/risk'
import { grid, loadScenarioFile, type SweepValue } from '@snapsim/scenario'
import { writeAtomic } from '../atomic.ts'
import { compareSummaries, comparisonTable, describeComparison } from '../compare.ts'
import { BadInput, EXIT, type Io } from '../io.ts'
import type { Settings } from '../replication.ts'
import { SAVED_RUN, savedDatastores } from '../saved-run.ts'
import { summarize, type SummaryJson } from '../summary.ts'

export interface CompareOptions {
  readonly seed?: string
  readonly json?: boolean
  readonly out?: string
  /** Single values set on every file. */
  readonly set?: Settings
  /** Several values: one run per combination, of each scenario file. */
  readonly variants?: readonly { readonly path: string; readonly values: readonly SweepValue[] }[]
}

interface Run {
  readonly label: string
  readonly source: string
  readonly summary: SummaryJson
  /** Per datastore: capacity and use at the chart's points. */
  readonly curves: readonly { id: string; capacity: number; t: number[]; used: number[] }[]
}

/** Points per curve in the chart: enough for the shape, small at any horizon. */
const CURVE_POINTS = 600

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory()
  } catch {
    throw new BadInput(`${p}: no such file or directory`)
  }
}

export async function compareCommand(paths: readonly string[], o: CompareOptions, io: Io): Promise<number> {
  const files = paths.filter((p) => !isDir(p))
  const seed = o.seed ?? (files.length > 0 ? loadScenarioFile(files[0]!, o.set ? { set: o.set } : {}).seed : undefined)
  const points = grid({ parameters: (o.variants ?? []).map((v) => ({ path: v.path, values: [...v.values] })) })
  const runs: Run[] = []
  for (const p of paths) {
    if (isDir(p)) runs.push(readRunFolder(p, label(runs.length)))
    else for (const point of points) runs.push(runFile(p, { ...o.set, ...point.values }, Object.keys(point.values).length > 0 ? point.values : null, seed, label(runs.length)))
  }
  if (runs.length < 2) throw new BadInput('compare needs at least two runs: two paths, or one file with --set key=v1,v2')
  const common = seed ?? runs[0]!.summary.seed
  const comparison = compareSummaries(runs, common)
  const lines = describeComparison(comparison)
  const differentSeeds = runs.filter((r) => r.summary.seed !== common)
  if (differentSeeds.length > 0) lines.splice(1 + runs.length, 0, `  Warning: ${differentSeeds.map((r) => r.label).join(', ')} ran with another seed (a saved folder): differences include the random draws'.`)
  if (o.json) io.out(`${JSON.stringify(comparison, null, 2)}\n`)
  else io.out(`${lines.join('\n')}\n`)
  if (o.out) {
    const ids = [...new Set(runs.flatMap((r) => r.curves.map((c) => c.id)))]
    const datastores: CompareDatastore[] = ids.map((id) => ({
      id,
      curves: runs.flatMap((r) => r.curves.filter((c) => c.id === id).map((c) => ({ variant: r.label, capacity: c.capacity, t: c.t, used: c.used }))),
    }))
    const { header, rows } = comparisonTable(comparison)
    // vega is loaded only when the page is written (charts.ts)
    const { renderComparePage } = await loadCharts()
    const html = await renderComparePage({ title: `Comparison of ${runs.length} runs`, lines: lines.slice(0, 1 + runs.length), header, rows, datastores, generator: 'snapsim 0.1.0' })
    writeAtomic(join(o.out, 'compare.json'), `${JSON.stringify(comparison, null, 2)}\n`)
    writeAtomic(join(o.out, 'compare.html'), html)
    ;(o.json ? io.err : io.out)(`\nWrote ${o.out}/compare.json and ${o.out}/compare.html\n`)
  }
  return EXIT.ok
}

/** A, B, …, Z, AA, AB, … */
function label(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : label(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26))
}

function runFile(file: string, set: Settings, variant: Settings | null, seed: string | undefined, name: string): Run {
  const scenario = loadScenarioFile(file, { ...(seed !== undefined ? { seed } : {}), ...(Object.keys(set).length > 0 ? { set } : {}) })
  const result = simulate(scenario.model, { log: false })
  const at = timeGrid(scenario.model.horizon, CURVE_POINTS)
  const source = variant ? `${file} with ${Object.entries(variant).map(([k, v]) => `${k}=${String(v)}`).join(', ')}` : file
  return {
    label: name,
    source,
    summary: summarize(scenario, result),
    curves: result.datastores.map((d) => ({ id: d.id, capacity: d.capacity, t: at, used: sampleSeries(d.series.t, d.series.used, at) })),
  }
}

// Reading a saved run back: hostile until checked. Only the fields the comparison reads are
// checked, each with the file and the field named.

type Json = unknown

function field(x: Json, key: string, where: string): Json {
  if (x === null || typeof x !== 'object' || Array.isArray(x) || !Object.hasOwn(x, key)) throw new BadInput(`${where}: missing \`${key}\``)
  return (x as Record<string, Json>)[key]
}

function num(x: Json, where: string, nullable = false): number | null {
  if (nullable && x === null) return null
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new BadInput(`${where}: expected a finite number${nullable ? ' or null' : ''}`)
  return x
}

function str(x: Json, where: string): string {
  if (typeof x !== 'string') throw new BadInput(`${where}: expected a string`)
  return x
}

function arr(x: Json, where: string): Json[] {
  if (!Array.isArray(x)) throw new BadInput(`${where}: expected a list`)
  return x
}

function readJson(path: string): Json {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new BadInput(`${path}: cannot read it (is this the output folder of \`snapsim run --out\`?)`)
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new BadInput(`${path}: not JSON: ${(e as Error).message}`)
  }
}

/** The summary of a saved run, its compared fields checked. */
export function checkSummary(x: Json, where: string): SummaryJson {
  str(field(x, 'seed', where), `${where}: seed`)
  const totals = field(x, 'totals', where)
  for (const k of ['vmsStopped', 'downtimeSeconds', 'backupsMissedWindow', 'backupsOverlapped', 'maxChainDepth']) num(field(totals, k, `${where}: totals`), `${where}: totals.${k}`)
  for (const k of ['firstAlarmAt', 'firstFullAt', 'worstRecoveryPointAgeSeconds']) num(field(totals, k, `${where}: totals`), `${where}: totals.${k}`, true)
  // the records are in summary.json only with `run --records` (docs/results.md); compare reads none
  const o = x as Record<string, unknown>
  for (const k of ['vms', 'backups', 'snapshots']) {
    if (Object.hasOwn(o, k)) arr(o[k] as Json, `${where}: ${k}`)
    else o[k] = []
  }
  arr(field(x, 'datastores', where), `${where}: datastores`).forEach((d, i) => {
    const w = `${where}: datastores[${i}]`
    str(field(d, 'id', w), `${w}.id`)
    for (const k of ['peakUsedFraction', 'minFreeBytes', 'peakDeltasBytes', 'vmsStopped', 'capacityBytes']) num(field(d, k, w), `${w}.${k}`)
    num(field(d, 'fullAt', w), `${w}.fullAt`, true)
    arr(field(d, 'alarms', w), `${w}.alarms`).forEach((a, j) => num(field(a, 'at', `${w}.alarms[${j}]`), `${w}.alarms[${j}].at`))
    arr(field(d, 'timeAboveAlarms', w), `${w}.timeAboveAlarms`).forEach((a, j) => {
      str(field(a, 'name', `${w}.timeAboveAlarms[${j}]`), `${w}.timeAboveAlarms[${j}].name`)
      num(field(a, 'seconds', `${w}.timeAboveAlarms[${j}]`), `${w}.timeAboveAlarms[${j}].seconds`)
    })
  })
  arr(field(x, 'jobs', where), `${where}: jobs`).forEach((j, i) => {
    const w = `${where}: jobs[${i}]`
    str(field(j, 'id', w), `${w}.id`)
    for (const k of ['tasksMissedWindow', 'backlogMax']) num(field(j, k, w), `${w}.${k}`)
    num(field(j, 'runDurationTrendPerWeek', w), `${w}.runDurationTrendPerWeek`, true)
    const r = field(j, 'runDurationSeconds', w)
    if (r !== null) for (const k of ['median', 'p95', 'max']) num(field(r, k, `${w}.runDurationSeconds`), `${w}.runDurationSeconds.${k}`)
    const h = field(j, 'headroomSeconds', w)
    if (h !== null) for (const k of ['min', 'median']) num(field(h, k, `${w}.headroomSeconds`), `${w}.headroomSeconds.${k}`)
  })
  return x as SummaryJson
}

function readRunFolder(dir: string, name: string): Run {
  // one complete run, as its manifest says (a folder of an older snapsim has none); then each
  // file read is checked field by field below
  verifyOutput(dir, 'a run folder (`snapsim run --out`)', { olderRun: true })
  const summaryPath = join(dir, 'summary.json')
  const summary = checkSummary(readJson(summaryPath), summaryPath)
  // a run's saved result: result.jsonl.gz (its datastore lines), or an older run's result.json
  const legacy = join(dir, 'result.json')
  const resultPath = existsSync(legacy) ? legacy : join(dir, SAVED_RUN)
  const result = resultPath === legacy ? field(readJson(resultPath), 'result', resultPath) : { datastores: savedDatastores(resultPath) }
  const curves = arr(field(result, 'datastores', `${resultPath}: result`), `${resultPath}: result.datastores`).map((d, i) => {
    const w = `${resultPath}: result.datastores[${i}]`
    const series = field(d, 'series', w)
    const t = arr(field(series, 't', `${w}.series`), `${w}.series.t`).map((v, k) => num(v, `${w}.series.t[${k}]`)!)
    const used = arr(field(series, 'used', `${w}.series`), `${w}.series.used`).map((v, k) => num(v, `${w}.series.used[${k}]`)!)
    if (t.length !== used.length || t.length === 0) throw new BadInput(`${w}.series: t and used must be non-empty lists of the same length`)
    for (let k = 1; k < t.length; k++) if (t[k]! < t[k - 1]!) throw new BadInput(`${w}.series.t[${k}]: times must not decrease`)
    const at = timeGrid(t[t.length - 1]!, CURVE_POINTS)
    return { id: str(field(d, 'id', w), `${w}.id`), capacity: num(field(d, 'capacity', w), `${w}.capacity`)!, t: at, used: sampleSeries(t, used, at) }
  })
  return { label: name, source: `${dir}/ (saved run of ${basename(str(field(summary, 'file', summaryPath), `${summaryPath}: file`))})`, summary, curves }
}
