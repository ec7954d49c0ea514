// The set-up every browser test shares: the system Chromium (/usr/bin/chromium, Debian's package,
// driven by playwright-core: no browser download), launched headless and offline, and a page
// that opens a report from a file:// URL while it records what must not happen: page errors,
// console errors, dialogs (an injected alert), requests leaving the machine, and Content
// Security Policy violations (the report's policy refuses a script or an eval: the browser
// fires `securitypolicyviolation`, which a listener installed before the page's own scripts
// reports).
//
// Without /usr/bin/chromium a browser suite is skipped locally with a message, and fails under
// CI (CI set), so CI cannot pass without running it (.ci/run installs chromium with apt-get).

import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { CHROMIUM, launchChromium } from './chromium-launch.test-helpers.ts'
import { afterAll, beforeAll } from 'vitest'

export { CHROMIUM, launchChromium } from './chromium-launch.test-helpers.ts'

/** Whether a browser suite is skipped: no Chromium here and not under CI (a warning names the suite). */
export function skipWithoutChromium(suite: string): boolean {
  const skip = !existsSync(CHROMIUM) && !process.env.CI
  if (skip) console.warn(`${suite} skipped: ${CHROMIUM} not found (apt-get install chromium); under CI this fails instead`)
  return skip
}

/**
 * A browser suite's set-up, called in its describe block: Chromium launched and a scratch folder
 * (under the system's temporary directory, named PREFIX…) made before its tests, both gone after.
 */
export function chromiumSuite(prefix: string): { readonly browser: Browser; readonly dir: string } {
  let browser: Browser | undefined
  let dir = ''
  beforeAll(async () => {
    browser = await launchChromium()
    dir = await mkdtemp(path.join(tmpdir(), prefix))
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })
  return {
    get browser() {
      if (!browser) throw new Error('Chromium is not launched yet (use the suite in a test or a later beforeAll)')
      return browser
    },
    get dir() {
      return dir
    },
  }
}

/** What a page did that a report must not do (each a list of messages; all empty is clean). */
export interface Watch {
  readonly errors: string[]
  readonly dialogs: string[]
  readonly requests: string[]
  readonly violations: string[]
}

// the marker of a violation on the console: the listener runs in the page, the test reads it there
const VIOLATION = 'snapsim-csp-violation:'
const LISTENER = `document.addEventListener('securitypolicyviolation', function (e) {
  console.log(${JSON.stringify(VIOLATION)} + ' ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber + (e.sample ? ': ' + e.sample : ''));
});`

/** A new 1300 × 900 page that records into a Watch (dialogs are dismissed). */
export async function watchedPage(browser: Browser): Promise<{ page: Page; watch: Watch }> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } })
  const watch: Watch = { errors: [], dialogs: [], requests: [], violations: [] }
  // an init script runs before the document's own scripts and is not subject to its policy
  await page.addInitScript({ content: LISTENER })
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message())
    void d.dismiss()
  })
  page.on('pageerror', (e) => watch.errors.push(`page error: ${e.message}`))
  page.on('console', (m) => {
    if (m.text().startsWith(VIOLATION)) watch.violations.push(m.text().slice(VIOLATION.length + 1))
    else if (m.type() === 'error') watch.errors.push(`console: ${m.text()}`)
  })
  page.on('request', (r) => {
    if (!/^(file|data|blob|about):/.test(r.url())) watch.requests.push(r.url())
  })
  return { page, watch }
}

/** Opens an HTML file (by path) in a watched page. */
export async function openFile(browser: Browser, file: string): Promise<{ page: Page; watch: Watch }> {
  const opened = await watchedPage(browser)
  await opened.page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
  return opened
}

/** Writes `html` to DIR/NAME and opens it in a watched page. */
export async function openHtml(browser: Browser, html: string, dir: string, name: string): Promise<{ page: Page; watch: Watch }> {
  const file = path.join(dir, name)
  await writeFile(file, html)
  return openFile(browser, file)
}

/** The Content-Security-Policy of an HTML document (its meta element), or null. */
export function policyOf(html: string): string | null {
  return /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? null
}
