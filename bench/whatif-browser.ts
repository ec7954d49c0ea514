// The what-if panel in Chromium: `snapsim run FILE --out DIR [RUN ARGS…]` writes the report
// (a sweep's or Monte Carlo's with `--replications N`), headless Chromium opens it, waits until
// the report's charts are drawn and the panel is ready, then moves the capacity slider MOVES
// times (alternating between two values) and reads the panel's `data-ms` after each: the time
// from the move (the input event) to the report's what-if charts redrawn and its key figures
// written, and `data-sim-ms`, the worker's part. The reference, measured in this process after
// each move (the machine's load weighs on both alike): `simulate` of the same what-if model by
// the source engine, what `snapsim run` spends simulating. Prints JSON (medians, with the load
// average before and after).
//
//   node --import tsx bench/whatif-browser.ts FILE MOVES [RUN ARGS…]

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { settledBrowser } from './browser.ts'
import { simulate } from '../packages/core/src/index.ts'
import { DEFAULT_LIMITS } from '../packages/scenario/src/index.ts'
import { loadWith } from '../packages/whatif/src/index.ts'

const [file, movesText, ...runArgs] = process.argv.slice(2)
const loadBefore = loadavg()[0]!
const moves = Number(movesText ?? 10)
const root = fileURLToPath(new URL('../', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'snapsim-bench-whatif-'))
execFileSync(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', join(root, 'packages/cli/src/bin.ts'), 'run', file!, '--out', dir, ...runArgs], { cwd: root, stdio: 'ignore' })
// what the panel simulates (whatif.json): the reference's model, with the moved capacity
const source = JSON.parse(readFileSync(join(dir, 'whatif.json'), 'utf8')) as { file: string; text: string; seed?: string; replication?: number; set?: Record<string, string | number> }
const referenceModel = (key: string, gib: number) => {
  const settings = new Map<string, string | number>(Object.entries(source.set ?? {}))
  const path = `datastores.${key.slice('capacity:'.length)}.capacity`
  settings.delete(path)
  settings.set(path, `${gib} GiB`)
  return loadWith({ file: source.file, text: source.text, base: [], limits: DEFAULT_LIMITS, ...(source.seed !== undefined ? { seed: source.seed } : {}), ...(source.replication !== undefined ? { replication: source.replication } : {}) }, settings).model
}
const reportBytes = statSync(join(dir, 'report.html')).size
// a fresh browser, its own start-up work done before the report is opened (browser.ts)
const { browser, page } = await settledBrowser()
try {
  await page.goto(pathToFileURL(join(dir, 'report.html')).href)
  await page.waitForSelector('body[data-charts-drawn]', { timeout: 300_000 })
  await page.waitForSelector('#whatif[data-state="ready"]', { timeout: 300_000 })
  const key = (await page.locator('#whatif [data-key^="capacity:"]').first().getAttribute('data-key'))!
  const [min, step, base] = await page.locator(`#whatif [data-key="${key}"]`).evaluate((el) => ['min', 'step', 'value'].map((a) => Number((el as unknown as { getAttribute(n: string): string }).getAttribute(a))))
  const values = [base! + 4 * step!, base! + 8 * step!].map((v) => Math.round((v - min!) / step!) * step! + min!)
  const ms: number[] = []
  const simMs: number[] = []
  const answerMs: number[] = []
  const refMs: number[] = []
  let chartMs = ''
  const models = values.map((v) => referenceModel(key, v))
  for (let i = 0; i < moves + 2; i++) {
    await page.locator(`#whatif [data-key="${key}"]`).evaluate((el, v) => {
      const input = el as unknown as { value: string; dispatchEvent(e: unknown): boolean }
      input.value = String(v)
      input.dispatchEvent(new Event('input', { bubbles: true }))
    }, values[i % 2]!)
    await page.waitForFunction((s) => {
      const r = (globalThis as unknown as { document: { getElementById(id: string): { getAttribute(n: string): string | null } } }).document.getElementById('whatif')
      return r.getAttribute('data-state') === 'done' && Number(r.getAttribute('data-seq')) === s
    }, i + 1, { timeout: 120_000 })
    const t0 = performance.now()
    simulate(models[i % 2]!)
    const ref = performance.now() - t0
    if (i >= 2) {
      refMs.push(ref)
      chartMs = (await page.locator('#whatif').getAttribute('data-chart-ms')) ?? ''
      ms.push(Number(await page.locator('#whatif').getAttribute('data-ms')))
      simMs.push(Number(await page.locator('#whatif').getAttribute('data-sim-ms')))
      answerMs.push(Number(await page.locator('#whatif').getAttribute('data-answer-ms')))
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  console.log(JSON.stringify({ file, moves, moveMs: median(ms), workerMs: median(simMs), answerMs: median(answerMs), referenceMs: median(refMs), ratio: median(ms) / median(refMs), load: [loadBefore, loadavg()[0]!], chartMs, reportBytes, seconds: median(ms) / 1000 }))
} finally {
  await browser.close()
  rmSync(dir, { recursive: true, force: true })
}
