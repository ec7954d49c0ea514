// Hostile values in a real browser. The CLI refuses tampered output files before they reach the
// report (packages/cli/src/readback.ts); these tests take that check away and hand the renderer
// number fields that hold markup, as a tampered result.json or shard would: it must show them as
// text. And markup that got into the document anyway must not run: the Content-Security-Policy
// only admits the report's own inline scripts, by their sha256.
//
// Needs /usr/bin/chromium, as report.e2e.test.ts (skipped locally without it, fails under CI).

import { describe, expect, it } from 'vitest'
import type { Result } from '@snapsim/core'
import { aggregate, replicationRecord, timeGrid, type RiskSummary, type SweepSummary } from '@snapsim/risk'
import { contentSecurityPolicy, renderReport, scriptHashes } from './index.ts'
import { chromiumSuite, openHtml as open, skipWithoutChromium } from './chromium.test-helpers.ts'
import { ctx, overlapResult } from './fixtures.test-helpers.ts'

const skip = skipWithoutChromium('hostile.e2e.test.ts')

const PAYLOAD = '<img src="data:x" onerror="alert(1)">'

/** A deep copy with `value` put at `keys` (a tampered file's field). */
function tamper<T>(value: T, edits: readonly [readonly (string | number)[], unknown][]): T {
  const copy = structuredClone(value) as Record<string | number, unknown>
  for (const [keys, v] of edits) {
    let at = copy
    for (const k of keys.slice(0, -1)) at = at[k] as Record<string | number, unknown>
    at[keys.at(-1)!] = v
  }
  return copy as T
}

describe('the Content-Security-Policy', () => {
  it('lists the sha256 of each inline script and none of a JSON data block', () => {
    const html = '<script>a()</script><script type="application/json">{"x":1}</script><script>b()</script><script>a()</script>'
    // sha256("a()") and sha256("b()"), base64 (printf 'a()' | openssl dgst -sha256 -binary | base64)
    expect(scriptHashes(html)).toEqual(["'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='", "'sha256-cf242PFc/kb7xD0Qzhsmd9vvRkc+cWFmbi+k+YvtdKc='"])
    const csp = contentSecurityPolicy(html)
    expect(csp).toContain("script-src 'sha256-")
    expect(csp).not.toContain("'unsafe-eval'")
    expect(csp.split('; ').find((d) => d.startsWith('script-src'))).not.toContain('unsafe-inline')
    expect(contentSecurityPolicy('<p>no script</p>')).toContain("script-src 'none'")
  })
})

describe.skipIf(skip)('hostile values in Chromium', () => {
  const suite = chromiumSuite('snapsim-hostile-')
  const result = overlapResult()
  const grid = timeGrid(result.horizon, 20)
  const risk: RiskSummary = aggregate(
    {
      scenario: 's',
      file: 'x.yaml',
      seed: '1',
      timezone: ctx.timezone,
      start: '2024-01-15T01:00:00+01:00',
      startEpochMs: ctx.startEpochMs,
      horizonSeconds: result.horizon,
      grid,
      capacities: result.datastores.map((d) => ({ id: d.id, capacityBytes: d.capacity })),
    },
    [0, 1].map((r) => replicationRecord(result, r, `1/r${r}`, grid)),
  )

  it('shows number fields holding markup as text, in the backup table, the risk and the sweep', async () => {
    const bad = tamper<Result>(result, [
      [['backups', 0, 'run'], PAYLOAD],
      [['backups', 0, 'chainDepth'], PAYLOAD],
      [['backups', 1, 'outcome'], PAYLOAD],
    ])
    const badRisk = tamper<RiskSummary>(risk, [
      [['replications'], PAYLOAD],
      [['worst', 'replication'], PAYLOAD],
    ])
    const sweep = {
      scenario: 's',
      parameters: [{ path: 'jobs.nightly.concurrency', values: [1, 2] }],
      replications: PAYLOAD,
      points: [0, 1].map((i) => ({ index: i === 0 ? PAYLOAD : i, values: { 'jobs.nightly.concurrency': i + 1 }, cost: PAYLOAD, risk })),
      target: { text: 'P(full) < 99%', cheapest: null },
    } as unknown as SweepSummary
    for (const staticCharts of [true, false]) {
      const html = await renderReport({ title: 't', result: bad, context: ctx, summaryLines: [], risk: badRisk, sweep, static: staticCharts })
      expect(html).not.toContain(PAYLOAD)
      const { page, watch } = await open(suite.browser, html, suite.dir, `tampered-${staticCharts}.html`)
      expect(await page.locator('img').count()).toBe(0)
      expect(await page.locator('#backups tbody tr').first().textContent()).toContain(`${PAYLOAD}1`)
      expect(await page.locator('#risk h2').textContent()).toBe(`Risk over ${PAYLOAD} replications`)
      expect(await page.locator('#example-note').textContent()).toContain(PAYLOAD)
      expect(await page.locator('#sweep tbody tr').first().textContent()).toContain(PAYLOAD)
      if (!staticCharts) await page.waitForSelector('#chart-use svg.marks', { timeout: 20_000 })
      expect(watch.dialogs).toEqual([])
      expect(watch.violations).toEqual([])
      await page.close()
    }
  }, 90_000)

  it('runs no script that got into the document past the escaping, and still runs its own', async () => {
    const html = await renderReport({ title: 't', result, context: ctx, summaryLines: [] })
    const injected = html.replace('</header>', `</header>${PAYLOAD}<script>alert(2)</script><svg onload="alert(3)"></svg>`)
    const { page, watch } = await open(suite.browser, injected, suite.dir, 'injected.html')
    // the report's own scripts ran: the charts are drawn and the log filter counted the events
    await page.waitForSelector('#chart-use svg.marks', { timeout: 20_000 })
    expect(await page.locator('#log-count').textContent()).toBe(`${result.log.length} of ${result.log.length} events shown`)
    expect(watch.dialogs).toEqual([])
    // refused by the policy, each reported: the <script> element and the two handlers
    expect(watch.violations.filter((v) => v.startsWith('script-src-elem')).length).toBe(1)
    expect(watch.violations.filter((v) => v.startsWith('script-src-attr')).length).toBe(2)
    await page.close()
    // the same document without its policy runs all three: the check above can fail
    const bare = injected.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
    const control = await open(suite.browser, bare, suite.dir, 'control.html')
    await expect.poll(() => [...control.watch.dialogs].sort()).toEqual(['1', '2', '3'])
    expect(control.watch.violations).toEqual([])
    await control.page.close()
  }, 60_000)
})
