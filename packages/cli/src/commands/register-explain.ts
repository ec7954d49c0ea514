// The command line of `snapsim explain`: its arguments, options and help. The command itself
// (explain.ts, with @snapsim/explain and its message catalogue) loads only when it runs, so the
// other commands start without it.

import type { Command } from 'commander'
import type { Io } from '../io.ts'
import type { ExplainFlags } from './explain.ts'

/** The `explain` command on the program (program.ts registers it with one line). */
export function registerExplain(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('explain')
    .description('tell a run as a story in calendar time (turning points, German or English)')
    .argument('<target>', 'scenario file (simulated in full detail) or the output directory of `run --out`')
    .option('--lang <de|en>', 'language of the narration (default en)')
    .option('--level <brief|full>', 'brief: the run summed up in about a dozen sentences (default); full: every turning point')
    .option('--from <time>', 'only turning points from this time: local `2026-02-26T20:00` or a duration since the start (`53d`)')
    .option('--to <time>', 'only turning points up to this time')
    .option('--vm <id>', 'only what concerns this VM')
    .option('--compare <file>', 'a mitigated scenario: which of its policies, applied alone to this one, would have prevented the stops')
    .option('--json', 'print the turning points as structured facts with their sentences')
    .action(async (target: string, flags: ExplainFlags) => done(await (await import('./explain.ts')).explainCommand(target, flags, io)))
}
