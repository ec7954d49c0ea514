// The what-if panel in Chromium, against the command line: `snapsim run` writes the BSI growth
// report; the test opens it offline, moves sliders, reads the figures the panel shows, and runs
// `snapsim run <file> --set … --json` with the flags the panel shows: the same fill time, VMs
// stopped, downtime and peak, to the second and the byte.
//
// Needs /usr/bin/chromium; skipped without it locally, a failure under CI (as report.e2e.test.ts).

import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatWall, wallClock } from '@snapsim/charts'

const CHROMIUM = '/usr/bin/chromium'
const present = existsSync(CHROMIUM)
const skip = !present && !process.env.CI
if (skip) console.warn(`whatif.e2e.test.ts skipped: ${CHROMIUM} not found (apt-get install chromium); under CI this fails instead`)

const root = fileURLToPath(new URL('../../../', import.meta.url))
const FILE = 'scenarios/bsi-g478/02-growth.yaml'

/** `snapsim …` as a user runs it (the source through tsx), from the repository root. */
function snapsim(...args: string[]): string {
  return execFileSync(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', path.join(root, 'packages/cli/src/bin.ts'), ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/** The page's document, typed as far as these callbacks (run in the browser) use it. */
interface El {
  value: string
  textContent: string | null
  getAttribute(name: string): string | null
  dispatchEvent(e: unknown): boolean
}
// (written out in each callback: page.evaluate sends the callback's source alone)
type Doc = { document: { querySelector(s: string): El; getElementById(id: string): El } }

interface Summary {
  start: string
  timezone: string
  totals: { firstFullAt: number | null; vmsStopped: number; downtimeSeconds: number }
  datastores: { id: string; fullAt: number | null; peakUsedBytes: number }[]
}

/** Move a control as a user does: set its value and fire `input`; wait for that request's answer. */
async function move(page: Page, key: string, value: number | string): Promise<void> {
  const seq = Number((await page.locator('#whatif').getAttribute('data-seq')) ?? 0)
  await page.evaluate(
    ([k, v]) => {
      const el = (globalThis as unknown as Doc).document.querySelector(`#whatif [data-key="${k}"]`)
      el.value = String(v)
      el.dispatchEvent(new Event('input', { bubbles: true }))
    },
    [key, value] as const,
  )
  await page.waitForFunction((s) => {
    const r = (globalThis as unknown as Doc).document.getElementById('whatif')
    return r.getAttribute('data-state') === 'done' && Number(r.getAttribute('data-seq')) > s
  }, seq, { timeout: 60_000 })
}

/** The key figures a report file holds (label, value), as its HTML writes them. */
function reportFigures(file: string): [string, string][] {
  const html = readFileSync(file, 'utf8')
  const block = /<dl class="figures" id="figures">([\s\S]*?)<\/dl>/.exec(html)![1]!
  const text = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
  return [...block.matchAll(/<dt>([\s\S]*?)<\/dt><dd>([\s\S]*?)<\/dd>/g)].map((m) => [text(m[1]!), text(m[2]!)])
}

/** The key figures the page shows: a changed one's what-if value, else the value as written. */
async function shownFigures(page: Page): Promise<[string, string][]> {
  return page.evaluate(() => {
    type Node = { textContent: string | null; nextElementSibling: Node; querySelector(s: string): Node | null }
    const dts = (globalThis as unknown as { document: { querySelectorAll(s: string): Node[] } }).document.querySelectorAll('#figures dt')
    return Array.from(dts).map((dt): [string, string] => {
      const dd = dt.nextElementSibling
      return [dt.textContent ?? '', (dd.querySelector('.whatif-now') ?? dd).textContent ?? '']
    })
  })
}

describe.skipIf(skip)('the what-if panel in Chromium', () => {
  let browser: Browser
  let dir: string

  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium)`)
    dir = await mkdtemp(path.join(tmpdir(), 'snapsim-whatif-e2e-'))
    snapsim('run', FILE, '--out', dir)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('moves capacity and write rate; the figures shown equal snapsim run with the flags shown', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } })
    const errors: string[] = []
    const requests: string[] = []
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`)
    })
    page.on('request', (r) => {
      if (!/^(file|data|blob|about):/.test(r.url())) requests.push(r.url())
    })
    await page.goto(pathToFileURL(path.join(dir, 'report.html')).href, { waitUntil: 'load' })
    await page.waitForSelector('#whatif[data-state="ready"]', { timeout: 60_000 })

    // the baseline the worker simulated is the run the report shows
    const run = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary
    // time 0 is summary.json's start (local ISO with its offset), in the scenario's zone
    const clock = wallClock(Date.parse(run.start), run.timezone)
    expect(await page.locator('[data-figure="full:ds1"] .base').textContent()).toBe(await page.locator('[data-figure="full:ds1"] .new').textContent())
    expect(Number(await page.locator('#whatif').getAttribute('data-first-full'))).toBe(run.totals.firstFullAt)
    expect(await page.locator('#whatif-command').textContent()).toBe(`snapsim run ${FILE}`)
    // nothing moved yet: the report's own charts, the what-if's (embedded, waiting) hidden
    expect(await page.locator('#chart-use').isVisible()).toBe(true)
    expect(await page.locator('#whatif-use').isHidden()).toBe(true)

    await move(page, 'capacity:ds1', 25600)
    await move(page, 'writeRate', 1.3)
    const args = JSON.parse((await page.locator('#whatif-command').getAttribute('data-args'))!) as string[]
    // in the panel's order of controls (fleet first), whatever the order of the moves
    expect(args).toEqual(['scale.writeRate=1.3', 'datastores.ds1.capacity=25600 GiB'])
    expect(await page.locator('#whatif-command').textContent()).toBe(`snapsim run ${FILE} --set scale.writeRate=1.3 --set 'datastores.ds1.capacity=25600 GiB'`)

    // the command line with the flags shown: its summary and its own report's key figures
    snapsim('run', FILE, ...args.flatMap((a) => ['--set', a]), '--out', path.join(dir, 'set'))
    const cli = JSON.parse(readFileSync(path.join(dir, 'set', 'summary.json'), 'utf8')) as Summary
    const attr = async (name: string) => (await page.locator('#whatif').getAttribute(name))!
    expect(Number(await attr('data-first-full'))).toBe(cli.totals.firstFullAt)
    expect(cli.totals.firstFullAt).not.toBe(run.totals.firstFullAt) // the move changed it
    expect(Number(await attr('data-stopped'))).toBe(cli.totals.vmsStopped)
    expect(Number(await attr('data-downtime'))).toBe(cli.totals.downtimeSeconds)
    expect(JSON.parse(await attr('data-peaks'))).toEqual(cli.datastores.map((d) => d.peakUsedBytes))
    expect(JSON.parse(await attr('data-fulls'))).toEqual(cli.datastores.map((d) => d.fullAt))
    // the fill date as the reader sees it: the CLI's time on the scenario's wall clock
    expect(await page.locator('[data-figure="full:ds1"] .new').textContent()).toBe(formatWall(clock(cli.totals.firstFullAt!)))
    expect(await page.locator('[data-figure="stopped"] .new').textContent()).toBe(String(cli.totals.vmsStopped))

    // the report's key figures now read as the report `snapsim run --set …` writes, the run's beside them
    expect(await shownFigures(page)).toEqual(reportFigures(path.join(dir, 'set', 'report.html')))
    expect(await page.locator('#figures dd.whatif-changed .whatif-was').count()).toBeGreaterThan(0)
    // the report's use chart gives way to the what-if's, which writes the CLI's fill time on it and
    // draws the run (faint) and the what-if: two lines
    expect(await page.locator('#chart-use').isHidden()).toBe(true)
    expect(await page.locator('#whatif-use').isVisible()).toBe(true)
    expect(JSON.parse((await page.locator('#whatif-use').getAttribute('data-full'))!)).toEqual([`what if: full ${formatWall(clock(cli.datastores[0]!.fullAt!))}`])
    const drawn = (await page.locator('#whatif-use').getAttribute('data-drawn'))!.split(',').map(Number)
    expect(drawn[0]).toBeGreaterThan(100)
    expect(drawn[1]).toBeGreaterThan(100)
    for (const id of ['use', 'deltas', 'backups', 'states']) {
      expect(await page.locator(`#chart-${id}`).isHidden()).toBe(true)
      expect(await page.locator(`#whatif-${id} canvas`).count()).toBe(1)
    }
    // "Copy as --set flags": to the clipboard, or (where a file:// page may not write it) selected
    await page.click('#whatif-copy')
    await page.waitForFunction(() => /^(copied|selected)/.test((globalThis as unknown as Doc).document.getElementById('whatif-status').textContent ?? ''))
    const copied = (await page.locator('#whatif-status').textContent())!
    if (copied.startsWith('copied')) expect(copied).toBe(`copied: snapsim run ${FILE} --set scale.writeRate=1.3 --set 'datastores.ds1.capacity=25600 GiB'`)
    else expect(await page.evaluate(() => String((globalThis as unknown as { getSelection(): unknown }).getSelection()))).toBe(`snapsim run ${FILE} --set scale.writeRate=1.3 --set 'datastores.ds1.capacity=25600 GiB'`)
    // "Back to the run" restores the run and its command
    await page.click('#whatif-reset')
    await page.waitForFunction(() => (globalThis as unknown as Doc).document.getElementById('whatif').getAttribute('data-state') === 'done' && (globalThis as unknown as Doc).document.getElementById('whatif-command').textContent === 'snapsim run scenarios/bsi-g478/02-growth.yaml')
    expect(Number(await attr('data-first-full'))).toBe(run.totals.firstFullAt)
    // … and the report as written: its own charts and key figures
    expect(await attr('data-showing')).toBe('0')
    expect(await shownFigures(page)).toEqual(reportFigures(path.join(dir, 'report.html')))
    expect(await page.locator('#figures .whatif-was').count()).toBe(0)
    for (const id of ['use', 'deltas', 'backups', 'states']) {
      expect(await page.locator(`#chart-${id}`).isVisible()).toBe(true)
      expect(await page.locator(`#whatif-${id}`).isHidden()).toBe(true)
    }
    expect(errors).toEqual([])
    expect(requests).toEqual([])
    await page.close()
  }, 180_000)
})
