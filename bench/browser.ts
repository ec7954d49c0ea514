// The benches' Chromium (/usr/bin/chromium, launched by the browser tests' launchChromium),
// opened on a blank page and left until its own start-up work is done,
// so that what a bench then times is the report and not the browser starting.
//
// Why: Chromium 156 started headless spends its first two seconds on its own work. In its
// processes, read from /proc during a BSI report's opening on this 2-core machine: a renderer
// with `--top-chrome-webui` (the omnibox popup, chrome://omnibox-popup.top-chrome/, which a
// headless browser never shows) used 1.8 s of CPU and the page's renderer 2.8 s in the 2.6 s to
// "drawn". The page had half the machine: the same report was drawn in 2.67-3.04 s opened at
// once and in 1.59-1.73 s opened once the browser was idle (docs/performance.md). A user's
// browser is running before they open a report; the report's own work is what we measure.
//
// "Idle": every process below this one (the browser is our child, its renderers its children)
// together used at most IDLE_MS of CPU in each of two windows of WINDOW_MS, read from
// /proc/PID/stat (Linux, as /usr/bin/chromium is). At most MAX_SETTLE_MS; how long it took and
// whether it settled are given with each measurement.

import { readdirSync, readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../packages/charts/src/chromium-launch.test-helpers.ts'

const WINDOW_MS = 250
const IDLE_MS = 20
const MAX_SETTLE_MS = 20_000
/** Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

/** CPU milliseconds used so far by every process descended from `root` (not `root` itself). */
export function descendantsCpuMs(root = process.pid): number {
  const parent = new Map<number, number>()
  const ticks = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8')
    } catch {
      continue // ended while we read
    }
    // fields after the command name, which is in parentheses and may hold spaces
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    parent.set(Number(name), Number(f[1]))
    ticks.set(Number(name), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]))
  }
  let total = 0
  for (const [pid, t] of ticks) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        total += t
        break
      }
    }
  }
  return (total * 1000) / TICKS_PER_SECOND
}

export interface SettledBrowser {
  readonly browser: Browser
  readonly page: Page
  /** Milliseconds from launch until the browser was idle (or MAX_SETTLE_MS). */
  readonly settleMs: number
  /** False when it was still busy after MAX_SETTLE_MS (another browser running, a busy machine). */
  readonly settled: boolean
}

/**
 * Chromium launched, a 1300×900 page open on about:blank, and its start-up work done; with
 * `settle: false` at once (what the benches did until session 7, for comparison).
 */
export async function settledBrowser(settle = true): Promise<SettledBrowser> {
  const t0 = Date.now()
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } })
  let quiet = 0
  let last = descendantsCpuMs()
  while (settle && quiet < 2 && Date.now() - t0 < MAX_SETTLE_MS) {
    await new Promise((r) => setTimeout(r, WINDOW_MS))
    const now = descendantsCpuMs()
    quiet = now - last <= IDLE_MS ? quiet + 1 : 0
    last = now
  }
  return { browser, page, settleMs: Date.now() - t0, settled: quiet >= 2 }
}
