// The system Chromium as the browser tests and the benches launch it (/usr/bin/chromium, Debian's
// package, driven by playwright-core: no browser download), headless and offline. Apart from
// chromium.test-helpers.ts, which adds vitest's suite set-up, so that the benches (bench/browser.ts)
// launch the same browser without loading vitest.

import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

/** Headless Chromium with nothing that talks to the network on its own. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}
