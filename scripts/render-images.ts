// Regenerates the PNGs of the four charts (docs/img/{use,backups,deltas,states}.png).
//
//   pnpm tsx scripts/render-images.ts                     the hand-made demo model (packages/charts/src/demo.ts)
//   pnpm tsx scripts/render-images.ts RESULT_DIR          RESULT_DIR/result.json, written by a run
//   pnpm tsx scripts/render-images.ts SCENARIO.yaml       a scenario file, simulated here
//   options: --out DIR (default docs/img), --svg (also write .svg), --scale N (default 2)
//
// result.json is either `{ "result": Result, "startEpochMs": number, "timezone": "Europe/Berlin" }`
// or a bare Result, in which case --start ISO-INSTANT and --timezone ZONE say where time 0 is.

import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { simulate, type Result } from '../packages/core/src/index.ts'
import { writeChartImages, type ChartContext } from '../packages/charts/src/index.ts'
import { demoContext, demoModel } from '../packages/charts/src/demo.ts'

interface Loaded {
  readonly result: Result
  readonly ctx: ChartContext
  readonly from: string
}

function fail(message: string): never {
  process.stderr.write(`render-images: ${message}\n`)
  process.exit(1)
}

async function fromResultDir(dir: string, start?: string, timezone?: string): Promise<Loaded> {
  const file = path.join(dir, 'result.json')
  let data: unknown
  try {
    data = JSON.parse(await readFile(file, 'utf8'))
  } catch (e) {
    fail(`cannot read ${file}: ${(e as Error).message}`)
  }
  const obj = data as { result?: Result; startEpochMs?: number; timezone?: string } & Partial<Result>
  const result = (obj.result ?? obj) as Result
  if (!Array.isArray(result.datastores) || !Array.isArray(result.vms)) fail(`${file}: not a snapsim result (no datastores/vms)`)
  const startEpochMs = obj.startEpochMs ?? (start === undefined ? undefined : Date.parse(start))
  const zone = obj.timezone ?? timezone
  if (startEpochMs === undefined || Number.isNaN(startEpochMs) || zone === undefined)
    fail(`${file} says nothing about the calendar: pass --start 2024-03-04T00:00:00Z --timezone Europe/Berlin`)
  return { result, ctx: { startEpochMs, timezone: zone }, from: file }
}

async function fromScenario(file: string): Promise<Loaded> {
  // @snapsim/scenario is optional here: charts does not depend on it.
  let scenario: Record<string, unknown>
  try {
    const entry = '../packages/scenario/src/index.ts' // a variable: typecheck does not need the package to exist
    scenario = (await import(entry)) as Record<string, unknown>
  } catch (e) {
    fail(`cannot load @snapsim/scenario to read ${file}: ${(e as Error).message}`)
  }
  const load = scenario.loadScenarioFile as ((f: string) => unknown) | undefined
  if (typeof load !== 'function') fail('@snapsim/scenario exports no loadScenarioFile')
  const loaded = (await load(file)) as Record<string, any>
  const model = loaded.model ?? loaded
  const startEpochMs = loaded.startEpochMs ?? loaded.calendar?.startEpochMs ?? model.startEpochMs
  const timezone = loaded.timezone ?? loaded.calendar?.timezone ?? model.timezone
  if (typeof startEpochMs !== 'number' || typeof timezone !== 'string')
    fail(`loadScenarioFile(${file}) gave no startEpochMs/timezone; adapt scripts/render-images.ts to its shape`)
  return { result: simulate(model), ctx: { startEpochMs, timezone }, from: file }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'docs/img' },
      svg: { type: 'boolean', default: false },
      scale: { type: 'string', default: '2' },
      start: { type: 'string' },
      timezone: { type: 'string' },
    },
  })
  const input = positionals[0]
  let loaded: Loaded
  if (input === undefined) loaded = { result: simulate(demoModel()), ctx: demoContext, from: 'the demo model (packages/charts/src/demo.ts)' }
  else if (/\.ya?ml$/i.test(input)) loaded = await fromScenario(input)
  else {
    const s = await stat(input).catch(() => fail(`no such file or directory: ${input}`))
    loaded = s.isDirectory() ? await fromResultDir(input, values.start, values.timezone) : await fromResultDir(path.dirname(input), values.start, values.timezone)
  }
  const scale = Number(values.scale)
  if (!(scale > 0)) fail(`--scale must be a positive number, got ${values.scale}`)
  const written = await writeChartImages(values.out, loaded.result, loaded.ctx, { svg: values.svg, scale })
  process.stdout.write(`charts of ${loaded.from}:\n${written.map((f) => `  ${f}`).join('\n')}\n`)
}

await main()
