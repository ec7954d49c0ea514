// The report's size without the other files or the browser: simulates the generated fleet
// (bench/fleet.ts) in full detail, builds report.html from the input `run --out` gives it
// (title, result, context, summary lines, planner tables, narration) and writes it to FILE;
// prints its bytes and the packed parts' characters by kind (snapsim-data, snapsim-detail, …).
//   node --max-semi-space-size=64 --max-old-space-size=16000 --import tsx bench/report-size.ts VMS DAYS FILE
import { writeFileSync } from 'node:fs'
import { simulate } from '../packages/core/src/index.ts'
import { jobInfo } from '../packages/explain/src/index.ts'
import { describeRun } from '../packages/cli/src/human.ts'
import { reportNarration } from '../packages/cli/src/narration.ts'
import { chartContext, savedRun } from '../packages/cli/src/outputs.ts'
import { summarize } from '../packages/cli/src/summary.ts'
import { renderReportHtml } from '../packages/charts/src/index.ts'
import type { LoadedScenario } from '../packages/scenario/src/index.ts'
import { fleetScenario } from './fleet.ts'
const [vms, days, file] = process.argv.slice(2)
const scenario = fleetScenario(Number(vms), Number(days))
let t = performance.now()
const result = simulate(scenario.model)
const sim = (performance.now() - t) / 1000
t = performance.now()
const summary = summarize(scenario, result)
const run = savedRun(scenario as unknown as LoadedScenario, result, describeRun(scenario, result, summary))
// with the narration, as `run --out` writes it (no what-if panel: above its size limit)
const narration = reportNarration({ result, name: scenario.name, startEpochMs: scenario.startEpochMs, timezone: scenario.timezone, jobs: jobInfo(scenario.model) }, 'en')
const html = renderReportHtml({ title: scenario.name, result, context: chartContext(run), summaryLines: run.summaryLines, source: scenario.file, generator: 'snapsim 0.1.0', narration, planner: { jobs: summary.jobs, datastores: summary.datastores } })
writeFileSync(file!, html)
const parts: Record<string, number> = {}
for (const m of html.matchAll(/<script type="application\/json" id="([a-z-]+?)(-\d+)?">([^<]*)<\/script>/g)) parts[m[1]!] = (parts[m[1]!] ?? 0) + m[3]!.length
console.log(JSON.stringify({ sim, report: (performance.now() - t) / 1000, bytes: Buffer.byteLength(html), parts, peakRssMiB: process.resourceUsage().maxRSS / 1024 }))
