// Files written, without the browser: simulates the generated fleet (bench/fleet.ts) in full
// detail, then writes every file of `run --out` (writeRunFolder) and prints one JSON line: the
// simulation's wall time, the writing's wall time (from the simulation's end to the complete
// output folder, manifest and swap included), the process CPU time of the writing (main thread
// and zlib's thread pool), the ratio of the writing to the simulation, and each file's size.
//   node --max-semi-space-size=64 --import tsx bench/writes.ts VMS DAYS DIR

import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { simulate } from '../packages/core/src/index.ts'
import { describeRun } from '../packages/cli/src/human.ts'
import { savedRun, writeRunFolder } from '../packages/cli/src/outputs.ts'
import { summarize } from '../packages/cli/src/summary.ts'
import type { LoadedScenario } from '../packages/scenario/src/index.ts'
import { fleetScenario } from './fleet.ts'

const [vms = '1000', days = '365', dir = `out/bench-writes-${vms}x${days}`] = process.argv.slice(2)
const scenario = fleetScenario(Number(vms), Number(days))
let t = performance.now()
const result = simulate(scenario.model)
const simulateSeconds = (performance.now() - t) / 1000
t = performance.now()
const cpu = process.cpuUsage()
const summary = summarize(scenario, result)
const run = savedRun(scenario as unknown as LoadedScenario, result, describeRun(scenario, result, summary))
await writeRunFolder(dir, run, summary)
const writeSeconds = (performance.now() - t) / 1000
const used = process.cpuUsage(cpu)
const files = Object.fromEntries(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).size]))
console.log(
  JSON.stringify({
    vms: result.vms.length,
    days: result.horizon / 86400,
    simulateSeconds,
    writeSeconds,
    writeCpuSeconds: (used.user + used.system) / 1e6,
    writeToSimulate: writeSeconds / simulateSeconds,
    totalBytes: Object.values(files).reduce((a, b) => a + b, 0),
    files,
  }),
)
