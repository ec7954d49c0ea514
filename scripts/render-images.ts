// Regenerates the PNGs of the four charts shown in the README and the tutorial
// (docs/img/{use,backups,deltas,states}.png), from the BSI growth scenario by default.
//
//   pnpm tsx scripts/render-images.ts                     scenarios/bsi-g478/02-growth.yaml
//   pnpm tsx scripts/render-images.ts SCENARIO.yaml       another scenario, simulated here
//   pnpm tsx scripts/render-images.ts RUN_DIR             a folder written by `snapsim run --out`, read and
//                                                         checked as `snapsim report` reads it
//   options: --out DIR (default docs/img), --svg (also write .svg), --scale N (default 2)

import { parseArgs } from 'node:util'
import { defaultAlarms, simulate, type Result } from '../packages/core/src/index.ts'
import { writeChartImages, type ChartContext } from '../packages/charts/src/index.ts'
import { loadScenarioFile } from '../packages/scenario/src/index.ts'
import { BadInput } from '../packages/cli/src/io.ts'
import { verifyOutput } from '../packages/cli/src/outdir.ts'
import { chartContext } from '../packages/cli/src/outputs.ts'
import { readSavedRun } from '../packages/cli/src/saved-run.ts'

function fromScenario(file: string): { result: Result; ctx: ChartContext } {
  const s = loadScenarioFile(file)
  const alarms = Object.fromEntries(s.model.datastores.map((d) => [d.id, d.alarms ?? defaultAlarms]))
  return { result: simulate(s.model), ctx: { startEpochMs: s.startEpochMs, timezone: s.timezone, alarms } }
}

/** A run folder through the same checked reader as `snapsim report`: the manifest, then every file against its schema. */
async function fromRunDir(dir: string): Promise<{ result: Result; ctx: ChartContext }> {
  try {
    verifyOutput(dir, 'the --out folder of a `snapsim run`', { olderRun: true })
    const run = await readSavedRun(dir)
    return { result: run.result, ctx: chartContext(run) }
  } catch (e) {
    if (!(e instanceof BadInput)) throw e
    process.stderr.write(`render-images: ${e.message}\n`)
    process.exit(2)
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: 'docs/img' },
    svg: { type: 'boolean', default: false },
    scale: { type: 'string', default: '2' },
  },
})
const input = positionals[0] ?? 'scenarios/bsi-g478/02-growth.yaml'
const { result, ctx } = /\.ya?ml$/i.test(input) ? fromScenario(input) : await fromRunDir(input)
const written = await writeChartImages(values.out, result, ctx, { svg: values.svg, scale: Number(values.scale) })
process.stdout.write(`charts of ${input}:\n${written.map((f) => `  ${f}`).join('\n')}\n`)
