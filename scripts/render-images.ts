// Regenerates the PNGs of the four charts shown in the README and the tutorial
// (docs/img/{use,backups,deltas,states}.png), from the BSI growth scenario by default.
//
//   pnpm tsx scripts/render-images.ts                     scenarios/bsi-g478/02-growth.yaml
//   pnpm tsx scripts/render-images.ts SCENARIO.yaml       another scenario, simulated here
//   pnpm tsx scripts/render-images.ts RUN_DIR             RUN_DIR/result.json, written by `snapsim run --out`
//   options: --out DIR (default docs/img), --svg (also write .svg), --scale N (default 2)

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { defaultAlarms, simulate, type Result } from '../packages/core/src/index.ts'
import { writeChartImages, type ChartContext } from '../packages/charts/src/index.ts'
import { loadScenarioFile } from '../packages/scenario/src/index.ts'

function fromScenario(file: string): { result: Result; ctx: ChartContext } {
  const s = loadScenarioFile(file)
  const alarms = Object.fromEntries(s.model.datastores.map((d) => [d.id, d.alarms ?? defaultAlarms]))
  return { result: simulate(s.model), ctx: { startEpochMs: s.startEpochMs, timezone: s.timezone, alarms } }
}

function fromRunDir(dir: string): { result: Result; ctx: ChartContext } {
  const run = JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8')) as {
    scenario: { startEpochMs: number; timezone: string }
    alarms?: ChartContext['alarms']
    result: Result
  }
  return { result: run.result, ctx: { startEpochMs: run.scenario.startEpochMs, timezone: run.scenario.timezone, ...(run.alarms ? { alarms: run.alarms } : {}) } }
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
const { result, ctx } = /\.ya?ml$/i.test(input) ? fromScenario(input) : fromRunDir(input)
const written = await writeChartImages(values.out, result, ctx, { svg: values.svg, scale: Number(values.scale) })
process.stdout.write(`charts of ${input}:\n${written.map((f) => `  ${f}`).join('\n')}\n`)
