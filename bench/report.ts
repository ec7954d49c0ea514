// One report measurement in a fresh process; prints one JSON line.
//   tsx bench/report.ts bsi DIR                    scenarios/bsi-g478/02-growth.yaml
//   tsx bench/report.ts file SCENARIO DIR          any scenario file (the bench's reference)
//   tsx bench/report.ts fleet VMS DAYS DIR         the generated fleet (bench/fleet.ts)
// Simulates in full detail, writes every file of `run --out` (writeRunFolder; the report with its
// narration, and with the what-if panel for a scenario file, as `run --out` writes it) and measures, then
// opens report.html in Chromium (browser.ts: a fresh browser, its own start-up work done first)
// and waits for the page's `data-charts-drawn` mark: the time
// from navigation to the last chart drawn (the fleet overview and the first screens come first),
// and the page's main-thread CPU time by then (`drawnCpuMs`, what a busy machine does not inflate).
//   tsx bench/report.ts html REPORT.html           only open a report already written (e.g. by
//                                                  `snapsim report DIR`) and measure it
//   --opens=N (any kind)                           open it N times: the median run, and every time
//   --at-launch (any kind)                         open it as soon as the browser is launched, in
//                                                  the middle of its own start-up work (browser.ts;
//                                                  how the bench measured until session 7)

import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { CDPSession } from 'playwright-core'
import { settledBrowser } from './browser.ts'
import { simulate } from '../packages/core/src/index.ts'
import { jobInfo } from '../packages/explain/src/index.ts'
import { describeRun } from '../packages/cli/src/human.ts'
import { reportNarration } from '../packages/cli/src/narration.ts'
import { panelOf } from '../packages/cli/src/whatif-source.ts'
import { savedRun, writeRunFolder } from '../packages/cli/src/outputs.ts'
import { summarize } from '../packages/cli/src/summary.ts'
import { loadScenarioFile, type LoadedScenario } from '../packages/scenario/src/index.ts'
import { fleetScenario } from './fleet.ts'

async function open(file: string): Promise<{ loadMs: number; drawnMs: number; drawnCpuMs: number; stepsMs: Record<string, number>; tablesReadyMs: number; longestTaskAfterDrawnMs: number; settleMs: number; settled: boolean; errors: string[] }> {
  // a fresh browser each time, its own start-up work done before the report is opened (browser.ts)
  const { browser, page, settleMs, settled } = await settledBrowser(!atLaunch)
  try {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    // the page's main-thread CPU time (CDP Performance metrics in thread ticks): on a shared
    // machine the wall time to "drawn" waits for the CPU, this does not
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
    // the page's long tasks (over 50 ms, the Long Tasks API), from the start: after "drawn" the
    // longest is how long the page at most took no scroll or click while it built the tables
    await page.addInitScript({
      content:
        'window.snapsimLongTasks = []; new PerformanceObserver(function (list) { list.getEntries().forEach(function (e) { window.snapsimLongTasks.push([e.startTime, e.duration]); }); }).observe({ type: "longtask", buffered: true });',
    })
    const t0 = Date.now()
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 600_000 })
    const loadMs = Date.now() - t0
    await page.waitForSelector('body[data-charts-drawn], body[data-error]', { timeout: 600_000 })
    // performance.now() of the page: milliseconds since navigation started
    // (read as soon as the mark is seen: the tables built after the charts may add a little)
    const drawnCpuMs = await threadMs(cdp)
    const drawnMs = Number(await page.evaluate("document.body.getAttribute('data-charts-drawn')"))
    // milliseconds per step: unpacking the data, the tables, each chart (page.ts)
    const stepsMs = (await page.evaluate('window.snapsimTimes || {}')) as Record<string, number>
    // then the tables (built after the charts): when they were ready, and the longest task since "drawn"
    await page.waitForSelector('body[data-tables-ready], body[data-error]', { timeout: 600_000 })
    const tablesReadyMs = Number(await page.evaluate("document.body.getAttribute('data-tables-ready')"))
    const long = (await page.evaluate('window.snapsimLongTasks || []')) as [number, number][]
    const longestTaskAfterDrawnMs = Math.round(Math.max(0, ...long.filter(([at]) => at >= drawnMs).map(([, ms]) => ms)))
    return { loadMs, drawnMs, drawnCpuMs, stepsMs, tablesReadyMs, longestTaskAfterDrawnMs, settleMs, settled, errors }
  } finally {
    await browser.close()
  }
}

/** The page's main-thread CPU milliseconds so far (CDP Performance metrics in thread ticks). */
async function threadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return 1000 * (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN)
}

// --opens=N: open the report N times, each in a fresh browser, and give the run with the median
// drawn time (its CPU and steps with it) and every drawn time (drawnAllMs)
const opensArg = process.argv.find((a) => a.startsWith('--opens='))
const opens = opensArg ? Math.max(1, Number(opensArg.slice('--opens='.length)) || 1) : 1
const atLaunch = process.argv.includes('--at-launch')
async function openMedian(file: string) {
  const runs: Awaited<ReturnType<typeof open>>[] = []
  for (let i = 0; i < opens; i++) runs.push(await open(file))
  const sorted = [...runs].sort((a, b) => a.drawnMs - b.drawnMs)
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, drawnAllMs: runs.map((r) => Math.round(r.drawnMs)) }
}

const [kind = 'bsi', ...rest] = process.argv.slice(2).filter((a) => !a.startsWith('--opens=') && a !== '--at-launch')
if (kind === 'html') {
  // a report already written: open it only (the 10,000-VM run is written once, its report
  // rebuilt with `snapsim report DIR`)
  const file = resolve(rest[0] ?? 'report.html')
  console.log(JSON.stringify({ kind, file, reportBytes: statSync(file).size, ...(await openMedian(file)) }))
  process.exit(0)
}
let scenario: Pick<LoadedScenario, 'name' | 'file' | 'timezone' | 'startEpochMs' | 'seed' | 'model'>
let dir: string
if (kind === 'bsi') {
  scenario = loadScenarioFile('scenarios/bsi-g478/02-growth.yaml')
  dir = rest[0] ?? 'out/bench-report-bsi'
} else if (kind === 'file') {
  // any scenario file: the report bench's reference (bench/run.ts)
  scenario = loadScenarioFile(rest[0] ?? 'scenarios/regression/overlap-skip.yaml')
  dir = rest[1] ?? 'out/bench-report-file'
} else {
  const [vms = '1000', days = '365', out] = rest
  scenario = fleetScenario(Number(vms), Number(days))
  dir = out ?? `out/bench-report-${vms}x${days}`
}
rmSync(dir, { recursive: true, force: true })
let t = performance.now()
const result = simulate(scenario.model)
const simulateSeconds = (performance.now() - t) / 1000
t = performance.now()
const summary = summarize(scenario, result)
const run = savedRun(scenario as LoadedScenario, result, describeRun(scenario, result, summary))
// the report `snapsim run FILE --out DIR` writes: with its narration, and with the what-if
// panel when the scenario comes from a file (commands/run.ts)
const narration = reportNarration({ result, name: scenario.name, startEpochMs: scenario.startEpochMs, timezone: scenario.timezone, jobs: jobInfo(scenario.model) }, 'en')
const panels = kind === 'fleet' ? [] : [await panelOf({ file: scenario.file, text: readFileSync(scenario.file, 'utf8') }, scenario.model)]
await writeRunFolder(dir, run, summary, { narration, panels })
const writeSeconds = (performance.now() - t) / 1000
const files = Object.fromEntries(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).size]))
const totalBytes = Object.values(files).reduce((a, b) => a + b, 0)
const browser = await openMedian(resolve(dir, 'report.html'))
console.log(
  JSON.stringify({
    kind,
    scenario: scenario.name,
    vms: result.vms.length,
    days: result.horizon / 86400,
    backups: result.backups.length,
    logEntries: result.log.length,
    simulateSeconds,
    writeSeconds,
    files,
    totalBytes,
    reportBytes: files['report.html'],
    ...browser,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
)
