// The command line of `snapsim import rvtools|changes`: arguments, options and help. The commands
// themselves (import.ts, and @snapsim/import with exceljs behind it) load only when they run.

import type { Command } from 'commander'
import type { Io } from '../io.ts'
import type { ChangesFlags, RvtoolsFlags } from './import.ts'

/** Adds `import rvtools` and `import changes` to the program; `done` receives the exit code. */
export function registerImport(program: Command, io: Io, done: (code: number) => void): void {
  const imp = program.command('import').description('turn an RVTools export into a scenario; fit write rates to measured changes')
  imp
    .command('rvtools')
    .description('write a scenario from an RVTools export (.xlsx, or a folder of per-tab CSV files)')
    .argument('<path>', 'RVTools .xlsx workbook or folder of CSV files')
    .option('-o, --out <file>', 'write the scenario here (default: standard output)')
    .option('--overlay <file>', 'overlay merged over the import: write rates, jobs, capacities (docs/import.md)')
    .option('--templates <policy>', 'skip | keep (as powered-off VMs)', 'skip')
    .option('--powered-off <policy>', 'keep (without writes) | skip | running (writes as if on)', 'keep')
    .option('--capacity <size>', 'capacity of datastores not in vDatastore, e.g. "20 TiB"')
    .option('--write-rate <rate>', `default write rate of a VM (default ${'0.5 MiB/s'})`)
    .option('--footprint <share>', 'default write footprint (default 100%)')
    .option('--fallback-datastore <name>', 'datastore of disks with no [datastore] in any path', 'unplaced')
    .option('--exported-at <datetime>', 'when the export was taken, if it has no vMetaData tab (snapshot ages and the start)')
    .option('--max-file-size <size>', 'largest file read (default 256 MiB)')
    .option('--max-rows <n>', 'most rows in a tab (default 1000000)')
    .action(async (path: string, flags: RvtoolsFlags) => {
      done(await (await import('./import.ts')).rvtoolsCommand(path, flags, io))
    })
  imp
    .command('changes')
    .description("fit each VM's write rate to its measured distinct change (CSV: vm, date or start/end, changed bytes) and write it into the overlay")
    .argument('<file>', 'CSV of measured change: a backup job history or a CBT report')
    .requiredOption('--scenario <file>', 'the imported scenario: each VM\'s disk and footprint give its region R')
    .option('--overlay <file>', 'write the fitted rates into this overlay (created if missing); default: print the rules')
    .option('--distribution', 'write each VM\'s rate as an empirical distribution of its observed days, drawn per day')
    .option('--max-file-size <size>', 'largest file read (default 256 MiB)')
    .option('--max-rows <n>', 'most rows (default 1000000)')
    .action(async (file: string, flags: ChangesFlags) => {
      done(await (await import('./import.ts')).changesCommand(file, flags, io))
    })
}
