// The `snapsim` command line (commander). Every command catches bad input and returns an exit
// code instead of printing a stack trace.

import { statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Command, CommanderError } from 'commander'
import { ScenarioError, formatIssues } from '@snapsim/scenario'
import { activeLimits, checkScenarioFile, howToRaise, parseSetOption, setActiveLimits, type SweepSpec, type SweepValue } from '@snapsim/scenario'
import { parseDuration } from '@snapsim/scenario'
import { registerExplain } from './commands/register-explain.ts'
import { registerImport } from './commands/register-import.ts'
import { parseCount, parseIndex, parseShard } from './flags.ts'
import type { Lang } from '@snapsim/explain'
import { BadInput, EXIT, type Io } from './io.ts'
import { DEFAULT_UNTIL_FULL } from './until-full.ts'
import { VERSION } from './version.ts'

// Each command's module is imported when the command runs (`await import('./commands/run.ts')`),
// not here: the bundle puts each in its own chunk, so `validate` does not load what `run --out`,
// `merge` or `explain` need (docs/performance.md, start-up).

export { VERSION }

/**
 * `--workers K`: at most the machine's cores (docs/limits.md). More threads than cores run no
 * faster, and each holds its own copy of the scenario and the engine: memory grows with K.
 */
function parseWorkers(text: string, force: boolean): number {
  const k = parseCount(text, '--workers')
  const cores = availableParallelism()
  if (k > cores && !force) throw new BadInput(`--workers ${k}: more than the ${cores} cores of this machine (more threads run no faster and each needs its own memory); add --force-workers to run them anyway`)
  return k
}

/** A command given a folder (or nothing) where it wants a file says so, before anything is read. */
function wantFile(path: string, command: string, what: string): void {
  let st
  try {
    st = statSync(path)
  } catch {
    return // the loader says "no such file" with the position the other problems have
  }
  if (st.isDirectory()) throw new BadInput(`${path}: is a folder; \`snapsim ${command}\` wants a ${what}${command === 'run' ? ' (`snapsim check DIR` runs every scenario in a folder)' : ''}`)
}

interface RunFlags {
  out?: string
  seed?: string
  json?: boolean
  static?: boolean
  records?: boolean
  replications?: string
  workers?: string
  shard?: string
  replication?: string
  set: string[]
  limit: string[]
  target?: string
  quiet?: boolean
  forceWorkers?: boolean
  lang?: string
  metric?: string
  untilFull?: string | boolean
  freeSpace?: boolean
  scale: string[]
}

/** `--scale writeRate=1.3` is `--set scale.writeRate=1.3` (scale.ts; `vms=db-*` selects). */
function scaleSets(scale: readonly string[]): string[] {
  return scale.map((text) => {
    const key = text.slice(0, Math.max(0, text.indexOf('='))).trim()
    if (!['writeRate', 'used', 'dataGrowth', 'vms'].includes(key)) throw new BadInput(`--scale: expected writeRate=F, used=F, dataGrowth=F or vms=GLOB, got \`${text}\``)
    return `scale.${text.trim()}`
  })
}

/** `--limit NAME=VALUE`, repeatable: raise (or lower) a work limit (docs/limits.md). */
const LIMIT_OPTION = ['--limit <name=value>', 'raise a work limit, e.g. vms=500000 or events=1e9 (docs/limits.md); repeatable'] as const
const collect = (v: string, all: string[]) => [...all, v]

/** Apply the `--limit` options (a bad one is bad input). */
function applyLimits(options: readonly string[]): void {
  try {
    setActiveLimits(options)
  } catch (e) {
    throw new BadInput((e as Error).message)
  }
}

/**
 * `run` in its three forms: one run; `--replications N` (Monte Carlo); a sweep (a `sweep:`
 * block, or `--set` with several values). Single-valued `--set`s override keys in all three.
 */
async function runAction(file: string, opts: RunFlags, io: Io): Promise<number> {
  wantFile(file, 'run', 'scenario file')
  applyLimits(opts.limit)
  const { fixed, swept } = splitSetOptions(opts.set, opts.scale)
  const set = Object.keys(fixed).length > 0 ? { ...fixed } : undefined
  // Everything the run would refuse, before it starts: the file, the --set values, every value
  // of the sweep, the grid's size.
  const checked = checkScenarioFile(file, { ...(set ? { set } : {}), sweep: swept })
  const block = checked.scenario.sweep
  const parameters = checked.parameters.map(({ path, values }) => ({ path, values }))
  const replicationCount = (text: string) => {
    const n = parseCount(text, '--replications')
    const max = activeLimits().replications
    if (n > max) throw new BadInput(`--replications ${text}: above the limit of ${max.toLocaleString('en-US')} replications; ${howToRaise('replications')}`)
    return n
  }
  // --lang: @snapsim/explain (its catalogue) loads only when the flag is given
  const lang = opts.lang !== undefined ? await parseLang(opts.lang) : undefined
  const common = {
    ...(opts.workers !== undefined ? { workers: parseWorkers(opts.workers, opts.forceWorkers ?? false) } : {}),
    ...(opts.shard !== undefined ? { shard: parseShard(opts.shard) } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.out !== undefined ? { out: opts.out } : {}),
    ...(opts.json ? { json: true } : {}),
    ...(opts.static ? { static: true } : {}),
    ...(opts.quiet ? { quiet: true } : {}),
    ...(set ? { set } : {}),
    ...(lang !== undefined ? { lang } : {}),
  }
  if (opts.untilFull !== undefined && (parameters.length > 0 || opts.replications !== undefined)) throw new BadInput('--until-full goes with a single run (not with --replications or a sweep)')
  if (parameters.length > 0 && opts.replication !== undefined) {
    throw new BadInput(`--replication replays one replication of one scenario, but this is a sweep of ${parameters.map((p) => p.path).join(', ')}: pick the point with --set (one value per swept key), as the replay command a sweep prints does`)
  }
  if (opts.freeSpace && (parameters.length > 0 || opts.replications !== undefined)) throw new BadInput('--free-space goes with a single run (not with --replications or a sweep)')
  if (parameters.length > 0) {
    const replications = opts.replications !== undefined ? replicationCount(opts.replications) : (block?.replications ?? 100)
    const target = opts.target ?? block?.target
    return (await import('./commands/sweep.ts')).sweepCommand(file, { ...common, replications, spec: { parameters }, ...(target !== undefined ? { target } : {}), ...(opts.metric !== undefined ? { metric: opts.metric } : {}) }, io)
  }
  if (opts.metric !== undefined) throw new BadInput('--metric goes with a sweep (a sweep: block or --set key=v1,v2)')
  if (opts.target !== undefined) throw new BadInput('--target goes with a sweep (a sweep: block or --set key=v1,v2)')
  if (opts.replications !== undefined) return (await import('./commands/montecarlo.ts')).monteCarloCommand(file, { ...common, replications: replicationCount(opts.replications) }, io)
  if (opts.shard !== undefined || opts.workers !== undefined) throw new BadInput('--shard and --workers go with --replications N')
  return (await import('./commands/run.ts')).runCommand(
    file,
    {
      ...(opts.out !== undefined ? { out: opts.out } : {}),
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.json ? { json: true } : {}),
      ...(opts.static ? { static: true } : {}),
      ...(opts.records ? { records: true } : {}),
      ...(opts.replication !== undefined ? { replication: parseIndex(opts.replication, '--replication') } : {}),
      ...(opts.quiet ? { quiet: true } : {}),
      ...(set ? { set } : {}),
      ...(lang !== undefined ? { lang } : {}),
      ...(opts.untilFull !== undefined ? { untilFull: parseUntilFull(opts.untilFull) } : {}),
      ...(opts.freeSpace ? { freeSpace: true } : {}),
    },
    io,
  )
}

/** A --lang value (lang-flag.ts, imported when the flag is given). */
async function parseLang(text: string): Promise<Lang> {
  return (await import('./lang-flag.ts')).parseLang(text)
}

/** `--until-full` alone: 5 years; with a value: a duration (`3y` is not a unit: `1095d`). */
function parseUntilFull(v: string | boolean): number {
  if (v === true) return DEFAULT_UNTIL_FULL
  let s: number
  try {
    s = parseDuration(String(v))
  } catch (e) {
    throw new BadInput(`--until-full: ${(e as Error).message}`)
  }
  if (!(s > 0) || !Number.isFinite(s)) throw new BadInput(`--until-full: the limit must be a positive duration, got \`${String(v)}\``)
  return s
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let code: number = EXIT.ok
  const program = new Command()
    .name('snapsim')
    .description('Simulate snapshot-based VM backups and the datastore space they consume (BSI G 4.78).')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)')

  program
    .command('run')
    .description('simulate one scenario: print what happened; with --out write data files and report.html')
    .argument('<file>', 'scenario file (YAML)')
    .option('-o, --out <dir>', 'write summary.json, events.jsonl, CSV files, result.jsonl.gz and report.html here')
    .option('--records', 'put the per-VM, per-backup and per-snapshot records into summary.json (--json) too')
    .option('--seed <n>', 'seed for the random draws (overrides the scenario)')
    .option('--json', 'print the summary JSON instead of words')
    .option('--static', 'report with static SVG charts instead of interactive ones')
    .option('-n, --replications <n>', 'Monte Carlo: run N replications and report the risk')
    .option('-w, --workers <k>', 'worker threads for replications (default: all cores; at most the cores unless --force-workers)')
    .option('--force-workers', 'allow --workers above the number of cores')
    .option('--shard <i/n>', 'run only shard I of N of the replications (combine with `snapsim merge`)')
    .option('--replication <i>', 'replay replication I of a Monte Carlo run as a single run')
    .option('--set <key=values>', 'set a key (jobs.nightly.concurrency=4); several values (=2,4,8) make a sweep; a value in braces is a distribution; repeatable', collect, [] as string[])
    .option(...LIMIT_OPTION, collect, [] as string[])
    .option('--scale <key=factor>', 'scale every VM: writeRate=1.3, used=1.1, dataGrowth=2 (vms=GLOB selects; several factors =0.7,1,1.3 make a sweep); repeatable', collect, [] as string[])
    .option('--target <bound>', 'sweep: name the cheapest point with this risk, e.g. "P(full) < 1%"')
    .option('-q, --quiet', 'print nothing but --json output, warnings and errors (no summary, no progress)')
    .option('--lang <de|en>', "language of the report's narration or, with --replications or a sweep, of its risk in words (default en)")
    .option('--until-full [limit]', 'if nothing filled within the horizon, simulate on until a datastore fills or LIMIT (default 5 years = 1825d)')
    .option('--free-space', 'find each datastore\'s free space to keep: the smallest capacity on which no VM stops (re-simulation and bisection)')
    .option('--metric <name>', 'sweep: also report this metric per point (minFreeBytes, maxRunDuration, …; see docs/results.md)')
    .action(async (file: string, opts: RunFlags) => {
      code = await runAction(file, opts, io)
    })

  program
    .command('merge')
    .description('combine the outputs of `run --replications N --shard I/N` into one risk report')
    .argument('<dirs...>', 'output directories of the shards')
    .option('-o, --out <dir>', 'write risk.json, replications.jsonl/.csv and report.html here')
    .option('--json', 'print the risk JSON instead of words')
    .option('--static', 'static SVG charts in the report')
    .option('-q, --quiet', 'print nothing but --json output, warnings and errors')
    .option('--lang <de|en>', "language of the report's risk in words (default en)")
    .action(async (dirs: string[], opts: { out?: string; json?: boolean; static?: boolean; quiet?: boolean; lang?: string }) => {
      const { lang, ...rest } = opts
      code = await (await import('./commands/montecarlo.ts')).mergeCommand(dirs, { ...rest, ...(lang !== undefined ? { lang: await parseLang(lang) } : {}) }, io)
    })

  program
    .command('compare')
    .description('run scenarios (or read saved runs) with one seed and show their key figures side by side, with differences')
    .argument('<paths...>', 'scenario files or output folders of `snapsim run --out`')
    .option('--set <key=values>', 'set a key on every file; several values (=4,6) make one run per value; repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--scale <key=factor>', 'scale every VM (writeRate=1.3; several factors make one run each), as `run --scale`; repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--seed <n>', 'seed of every run (default: the first file\'s)')
    .option('--json', 'print the comparison JSON instead of words')
    .option('-o, --out <dir>', 'write compare.json and compare.html (use curves overlaid) here')
    .action(async (paths: string[], opts: { set: string[]; scale: string[]; seed?: string; json?: boolean; out?: string }) => {
      const { fixed: set, swept: variants } = splitSetOptions(opts.set, opts.scale)
      code = await (await import('./commands/compare.ts')).compareCommand(
        paths,
        { ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.json ? { json: true } : {}), ...(opts.out !== undefined ? { out: opts.out } : {}), ...(Object.keys(set).length > 0 ? { set } : {}), ...(variants.length > 0 ? { variants } : {}) },
        io,
      )
    })

  program
    .command('validate')
    .description('check scenario files and print every problem with file, line and column')
    .argument('<files...>', 'scenario files')
    .option(...LIMIT_OPTION, collect, [] as string[])
    .action(async (files: string[], opts: { limit: string[] }) => {
      applyLimits(opts.limit)
      code = (await import('./commands/validate.ts')).validateCommand(files, io)
    })

  program
    .command('check')
    .description("run scenarios and evaluate their expect: blocks (exit 1 if any fails)")
    .argument('<paths...>', 'scenario files or directories (searched for *.yaml)')
    .option('--junit <file>', 'write JUnit XML for CI servers')
    .option(...LIMIT_OPTION, collect, [] as string[])
    .action(async (paths: string[], opts: { junit?: string; limit: string[] }) => {
      applyLimits(opts.limit)
      code = (await import('./commands/check.ts')).checkCommand(paths, opts, io)
    })

  program
    .command('report')
    .description('rebuild report.html from the files a `run --out DIR` wrote')
    .argument('<dir>', 'output directory of a run')
    .option('--png', 'also write PNG images of the charts')
    .option('--static', 'static SVG charts instead of interactive ones')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--lang <de|en>', "language of the report's narration or risk in words (default en)")
    .action(async (dir: string, opts: { png?: boolean; static?: boolean; lang?: string; quiet?: boolean }) => {
      const { lang, ...rest } = opts
      code = await (await import('./commands/report.ts')).reportCommand(dir, { ...rest, ...(lang !== undefined ? { lang: await parseLang(lang) } : {}) }, io)
    })

  registerExplain(program, io, (c) => (code = c))

  program
    .command('schema')
    .description('print the JSON Schema of scenario files')
    .action(async () => {
      code = (await import('./commands/schema.ts')).schemaCommand(io)
    })

  registerImport(program, io, (c) => (code = c))

  try {
    await program.parseAsync([...argv], { from: 'user' })
    return code
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput
    }
    if (e instanceof ScenarioError) {
      io.err(`${formatIssues(e.issues)}\n`)
      return EXIT.badInput
    }
    if (e instanceof BadInput) {
      io.err(`snapsim: ${e.message}\n`)
      return EXIT.badInput
    }
    io.err(`snapsim: internal error: ${(e as Error).message}\n`)
    return EXIT.internal
  }
}

/**
 * `--set` and `--scale` flags split into fixed values (one value) and swept ones (several).
 * Paths are user text: the fixed values live in a mapping without a prototype (and
 * parseSetOption refuses `__proto__`).
 */
function splitSetOptions(sets: readonly string[], scales: readonly string[]): { fixed: Record<string, SweepValue>; swept: SweepSpec['parameters'][number][] } {
  const fixed: Record<string, SweepValue> = Object.create(null) as Record<string, SweepValue>
  const swept: SweepSpec['parameters'][number][] = []
  for (const text of [...sets, ...scaleSets(scales)]) {
    let p: { path: string; values: SweepValue[] }
    try {
      p = parseSetOption(text)
    } catch (e) {
      throw new BadInput((e as Error).message)
    }
    if (p.values.length === 1) fixed[p.path] = p.values[0]!
    else swept.push(p)
  }
  return { fixed, swept }
}
