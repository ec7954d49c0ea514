// The `snapsim` command line (commander). Every command catches bad input and returns an exit
// code instead of printing a stack trace.

import { Command, CommanderError } from 'commander'
import { ScenarioError, formatIssues } from '@snapsim/scenario'
import { checkCommand } from './commands/check.ts'
import { mergeCommand, monteCarloCommand, parseCount, parseIndex, parseShard } from './commands/montecarlo.ts'
import { reportCommand } from './commands/report.ts'
import { runCommand } from './commands/run.ts'
import { schemaCommand } from './commands/schema.ts'
import { validateCommand } from './commands/validate.ts'
import { BadInput, EXIT, type Io } from './io.ts'

export const VERSION = '0.1.0'

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
    .option('-o, --out <dir>', 'write summary.json, events.jsonl, CSV files, result.json and report.html here')
    .option('--seed <n>', 'seed for the random draws (overrides the scenario)')
    .option('--json', 'print the summary JSON instead of words')
    .option('--static', 'report with static SVG charts instead of interactive ones')
    .option('-n, --replications <n>', 'Monte Carlo: run N replications and report the risk')
    .option('-w, --workers <k>', 'worker threads for replications (default: all cores)')
    .option('--shard <i/n>', 'run only shard I of N of the replications (combine with `snapsim merge`)')
    .option('--replication <i>', 'replay replication I of a Monte Carlo run as a single run')
    .action(async (file: string, opts: { out?: string; seed?: string; json?: boolean; static?: boolean; replications?: string; workers?: string; shard?: string; replication?: string }) => {
      if (opts.replications !== undefined) {
        code = await monteCarloCommand(
          file,
          {
            replications: parseCount(opts.replications, '--replications'),
            ...(opts.workers !== undefined ? { workers: parseCount(opts.workers, '--workers') } : {}),
            ...(opts.shard !== undefined ? { shard: parseShard(opts.shard) } : {}),
            ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
            ...(opts.out !== undefined ? { out: opts.out } : {}),
            ...(opts.json ? { json: true } : {}),
            ...(opts.static ? { static: true } : {}),
          },
          io,
        )
      } else {
        if (opts.shard !== undefined || opts.workers !== undefined) throw new BadInput('--shard and --workers go with --replications N')
        const { replication, replications: _, workers: __, shard: ___, ...rest } = opts
        code = await runCommand(file, { ...rest, ...(replication !== undefined ? { replication: parseIndex(replication, '--replication') } : {}) }, io)
      }
    })

  program
    .command('merge')
    .description('combine the outputs of `run --replications N --shard I/N` into one risk report')
    .argument('<dirs...>', 'output directories of the shards')
    .option('-o, --out <dir>', 'write risk.json, replications.jsonl/.csv and report.html here')
    .option('--json', 'print the risk JSON instead of words')
    .option('--static', 'static SVG charts in the report')
    .action(async (dirs: string[], opts: { out?: string; json?: boolean; static?: boolean }) => {
      code = await mergeCommand(dirs, opts, io)
    })

  program
    .command('validate')
    .description('check scenario files and print every problem with file, line and column')
    .argument('<files...>', 'scenario files')
    .action((files: string[]) => {
      code = validateCommand(files, io)
    })

  program
    .command('check')
    .description("run scenarios and evaluate their expect: blocks (exit 1 if any fails)")
    .argument('<paths...>', 'scenario files or directories (searched for *.yaml)')
    .option('--junit <file>', 'write JUnit XML for CI servers')
    .action((paths: string[], opts: { junit?: string }) => {
      code = checkCommand(paths, opts, io)
    })

  program
    .command('report')
    .description('rebuild report.html from the files a `run --out DIR` wrote')
    .argument('<dir>', 'output directory of a run')
    .option('--png', 'also write PNG images of the charts')
    .option('--static', 'static SVG charts instead of interactive ones')
    .action(async (dir: string, opts: { png?: boolean; static?: boolean }) => {
      code = await reportCommand(dir, opts, io)
    })

  program
    .command('schema')
    .description('print the JSON Schema of scenario files')
    .action(() => {
      code = schemaCommand(io)
    })

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
