// `snapsim explain FILE|RUN_DIR`: the run told as a story in calendar time — the schedule, the
// snapshots and their growing deltas, overlaps, alarms, the first stop in the platform's words,
// the downtime, and (with --compare) which policy of a mitigated scenario would have prevented it.
// A scenario FILE is simulated in full detail; a RUN_DIR's files are read as hostile input.

import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { simulate } from '@snapsim/core'
import { explain, jobInfo, parseResultFile, ResultFileError, speaker, type ExplainInput, type Lang, type Level, type Narration } from '@snapsim/explain'
import { loadScenarioFile, parseDuration, wallToEpoch, type LoadedScenario } from '@snapsim/scenario'
import { BadInput, EXIT, type Io } from '../io.ts'
import { parseLang } from '../lang-flag.ts'
import { verifyOutput } from '../outdir.ts'
import { LEGACY_SAVED_RUN, readSavedRun, SAVED_RUN } from '../saved-run.ts'

export interface ExplainFlags {
  readonly lang?: string
  readonly level?: string
  readonly from?: string
  readonly to?: string
  readonly vm?: string
  readonly compare?: string
  readonly json?: boolean
}

/** A --from/--to value: a local wall time (`2026-02-26T20:00`, `2026-02-26`) or a duration since the start (`53d`). */
export function parseInstant(text: string, flag: string, input: Pick<ExplainInput, 'startEpochMs' | 'timezone'>, horizon: number): number {
  let t: number
  if (/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    try {
      t = (wallToEpoch(text, input.timezone) - input.startEpochMs) / 1000
    } catch (e) {
      throw new BadInput(`${flag}: ${(e as Error).message}`)
    }
  } else {
    try {
      t = parseDuration(text)
    } catch (e) {
      throw new BadInput(`${flag}: ${(e as Error).message}; or a local time like \`2026-02-26T20:00\``)
    }
  }
  if (!Number.isFinite(t) || t < 0 || t > horizon) throw new BadInput(`${flag} \`${text}\`: outside the run (from its start to ${horizon / 86400} days after it)`)
  return t
}

async function readRunDir(dir: string): Promise<ExplainInput> {
  // The folder against its manifest (a folder of an older snapsim has none), then result.jsonl.gz
  // (or an older result.json) and the tables, each checked against its schema as it is read
  // (saved-run.ts); then explain's own schema and cross checks.
  verifyOutput(dir, 'the --out folder of a `snapsim run`', { olderRun: true })
  const run = await readSavedRun(dir)
  const file = join(dir, existsSync(join(dir, SAVED_RUN)) ? SAVED_RUN : LEGACY_SAVED_RUN)
  try {
    return parseResultFile(JSON.stringify(run), file)
  } catch (e) {
    if (e instanceof ResultFileError) throw new BadInput(e.message)
    throw e
  }
}

function parseLevel(text: string): Level {
  if (text !== 'brief' && text !== 'full') throw new BadInput(`--level \`${text}\`: expected brief or full`)
  return text
}

export async function narrate(target: string, flags: ExplainFlags): Promise<Narration> {
  const lang: Lang = flags.lang === undefined ? 'en' : parseLang(flags.lang)
  const level: Level = flags.level === undefined ? 'brief' : parseLevel(flags.level)
  const isDir = existsSync(target) && statSync(target).isDirectory()
  let input: ExplainInput
  let scenario: LoadedScenario | null = null
  if (isDir) {
    if (flags.compare !== undefined) throw new BadInput('--compare needs the scenario FILE (a result file has no model to change)')
    input = await readRunDir(target)
  } else {
    scenario = loadScenarioFile(target)
    input = { result: simulate(scenario.model), name: scenario.name, startEpochMs: scenario.startEpochMs, timezone: scenario.timezone, jobs: jobInfo(scenario.model) }
  }
  const horizon = input.result.horizon
  if (flags.vm !== undefined && !input.result.vms.some((v) => v.id === flags.vm)) throw new BadInput(`--vm \`${flags.vm}\`: no such VM in the run`)
  const from = flags.from === undefined ? undefined : parseInstant(flags.from, '--from', input, horizon)
  const to = flags.to === undefined ? undefined : parseInstant(flags.to, '--to', input, horizon)
  if (from !== undefined && to !== undefined && to < from) throw new BadInput('--to is before --from')
  const mitigated = flags.compare === undefined ? undefined : loadScenarioFile(flags.compare)
  return explain(input, {
    lang,
    level,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(flags.vm !== undefined ? { vm: flags.vm } : {}),
    ...(mitigated && scenario ? { compare: { model: scenario.model, mitigated: { name: mitigated.name, model: mitigated.model } } } : {}),
  })
}

export async function explainCommand(target: string, flags: ExplainFlags, io: Io): Promise<number> {
  const n = await narrate(target, flags)
  if (flags.json) {
    io.out(`${JSON.stringify({ lang: n.lang, level: n.level, timezone: n.timezone, startEpochMs: n.startEpochMs, turningPoints: n.told.map((x) => ({ ...x.fact, sentences: x.sentences, ...(x.merged ? { merged: x.merged } : {}) })) }, null, 2)}\n`)
    return EXIT.ok
  }
  const say = speaker(n.lang, n.timezone)
  if (n.told.length === 0) {
    io.out(`${say.say('cli.empty')}\n`)
    return EXIT.ok
  }
  io.out(`${n.told.map((x) => x.sentences.join(' ')).join('\n\n')}\n`)
  return EXIT.ok
}
