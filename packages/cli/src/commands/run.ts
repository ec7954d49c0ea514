// `snapsim run FILE`: simulate one scenario, say what happened, write the data files and report.

import { simulate } from '@snapsim/core'
import { ScenarioError, activeLimits, formatDuration, formatLocalTime, loadScenarioFile, readScenarioText } from '@snapsim/scenario'
import { loadWhatIf } from '../whatif.ts'
import { describeFreeSpace, freeSpaceToKeep, stopsOn } from '../free-space.ts'
import { describeUntilFull, untilFull, type UntilFull } from '../until-full.ts'
import type { SummaryJson } from '../summary.ts'
import { loadReplication, type Settings } from '../replication.ts'
import { describeRun } from '../human.ts'
import { EXIT, type Io } from '../io.ts'

// What only `--out` needs (the output folder, the data files, the narration with
// @snapsim/explain, the what-if panel) is imported when --out is given: `run --json` starts
// without it.
import { summarize, summaryFile } from '../summary.ts'
import type { Lang } from '@snapsim/explain'

export interface RunOptions {
  readonly out?: string
  readonly seed?: string
  readonly json?: boolean
  readonly static?: boolean
  /** The per-VM, per-backup and per-snapshot records in summary.json / --json too. */
  readonly records?: boolean
  /** Replay one Monte Carlo replication (its draws and failures). */
  readonly replication?: number
  /** Key paths set on the scenario (`--set key=value`). */
  readonly set?: Settings
  /** Language of the report's narration (default en). */
  readonly lang?: Lang
  /** `--until-full [LIMIT]`: simulate past the horizon until a fill or this many seconds. */
  readonly untilFull?: number
  /** `--free-space`: find each datastore's free space to keep (free-space.ts). */
  readonly freeSpace?: boolean
  /** Print nothing but the JSON (--json), warnings and errors. */
  readonly quiet?: boolean
}

export async function runCommand(file: string, options: RunOptions, io: Io): Promise<number> {
  let scenario =
    options.replication !== undefined
      ? loadReplication(file, options.seed, options.replication, options.set)
      : loadScenarioFile(file, { ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.set ? { set: options.set } : {}) })
  // a bad --out fails now, before the simulation
  const out = options.out ? (await import('../outdir.ts')).stageOutput(options.out) : undefined
  try {
    let result = simulate(scenario.model)
    let extended: UntilFull | null = null
    if (options.untilFull !== undefined) {
      const load = (horizon: number) =>
        options.replication !== undefined
          ? loadReplication(file, options.seed, options.replication, { ...options.set, horizon })
          : loadScenarioFile(file, { ...(options.seed !== undefined ? { seed: options.seed } : {}), set: { ...options.set, horizon } })
      const u = untilFull(load, { scenario, result }, options.untilFull)
      scenario = u.scenario
      result = u.result
      extended = u.info
    }
    const summary: SummaryJson = { ...summarize(scenario, result), ...(extended ? { untilFull: extended } : {}) }
    if (options.freeSpace) {
      const horizon = scenario.model.horizon
      summary.datastores = summary.datastores.map((d, k) => {
        const load = (capacity: number) => {
          const set = { ...options.set, horizon, [`datastores.${d.id}.capacity`]: capacity }
          return options.replication !== undefined ? loadReplication(file, options.seed, options.replication, set) : loadScenarioFile(file, { ...(options.seed !== undefined ? { seed: options.seed } : {}), set })
        }
        const stops = (capacity: number) => {
          try {
            return stopsOn(load(capacity).model, d.id)
          } catch (e) {
            // VMs that do not fit at this capacity: too small.
            if (e instanceof ScenarioError) return true
            throw e
          }
        }
        return { ...d, freeSpaceToKeep: freeSpaceToKeep(stops, d.capacityBytes, result.datastores[k]!.series.used[0]!) }
      })
    }
    const lines = describeRun(scenario, result, summary)
    if (extended) lines.push(describeUntilFull(extended, (t) => formatLocalTime(scenario.startEpochMs, t, scenario.timezone), formatDuration))
    for (const d of summary.datastores) if (d.freeSpaceToKeep) lines.push(describeFreeSpace(d.id, d.capacityBytes, d.freeSpaceToKeep))
    if (options.json) io.out(`${JSON.stringify(summaryFile(summary, options.records ?? false), null, 2)}\n`)
    else if (!options.quiet) io.out(`${scenario.name}\n\n${lines.map((l) => `  ${l}`).join('\n')}\n`)
    if (!options.out && !options.json && !options.quiet) io.out(`\n(add --out DIR for the data files and an HTML report with charts)\n`)
    if (out) {
      const [{ reportNarration }, { jobInfo }, { savedRun, writeRunFiles }] = await Promise.all([import('../narration.ts'), import('@snapsim/explain'), import('../outputs.ts')])
      const narration = reportNarration({ result, name: scenario.name, startEpochMs: scenario.startEpochMs, timezone: scenario.timezone, jobs: jobInfo(scenario.model) }, options.lang ?? 'en')
      // the live what-if panel: not for a run extended past its horizon (--until-full) or a static report
      const panels = extended || options.static ? [] : [await (await loadWhatIf()).whatIfPanel({ file, text: readScenarioText(file), model: scenario.model, limits: activeLimits(), ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.replication !== undefined ? { replication: options.replication } : {}), ...(options.set ? { set: options.set } : {}) })]
      const written = await writeRunFiles(out, savedRun(scenario, result, lines), summary, { static: options.static ?? false, records: options.records ?? false, narration, panels })
      out.commit('run')
      const say = options.json ? io.err : io.out
      if (!options.quiet) say(`\nWrote ${written.length + 1} files to ${options.out}/ (with manifest.json); the report: ${options.out}/report.html\n`)
    }
    return EXIT.ok
  } finally {
    out?.discard()
  }
}
