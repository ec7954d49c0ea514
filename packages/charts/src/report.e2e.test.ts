// The report in a real browser: headless Chromium opens the file offline, draws the four charts
// with no error and no network request, shows hostile names as text (no alert), has tooltips,
// zooms the time axis, and filters the event log.
//
// Needs /usr/bin/chromium (Debian: apt-get install chromium). Without it the suite is skipped
// locally and fails under CI (CI set), so CI cannot pass without running it.

import { describe, expect, it } from 'vitest'
import { renderReport } from './index.ts'
import { chromiumSuite, openHtml as open, skipWithoutChromium } from './chromium.test-helpers.ts'
import { ctx, overlapResult, riskInputs } from './fixtures.test-helpers.ts'

const skip = skipWithoutChromium('report.e2e.test.ts')

const TITLE = '<script>alert(1)</script>'
const VM = '<img src=x onerror=alert(2)>'
const JOB = '"><script>alert(3)</script>'

describe.skipIf(skip)('the report in Chromium', () => {
  const suite = chromiumSuite('snapsim-e2e-')
  const result = overlapResult(VM, JOB)

  it('draws the four interactive charts offline, with no error and hostile names as text', async () => {
    const html = await renderReport({ title: TITLE, result, context: ctx, summaryLines: ['Summary <b>line</b>.'] })
    const { page, watch } = await open(suite.browser, html, suite.dir, 'interactive.html')
    for (const id of ['use', 'backups', 'deltas', 'states']) {
      await page.waitForSelector(`#chart-${id} svg.marks`, { timeout: 20_000 })
      expect(await page.locator(`#chart-${id} svg path`).count(), id).toBeGreaterThan(0)
    }
    expect(await page.title()).toBe(`snapsim report: ${TITLE}`)
    expect(await page.locator('h1').textContent()).toBe(`snapsim report: ${TITLE}`)
    expect(await page.locator('#summary').textContent()).toContain('Summary <b>line</b>.')
    expect(await page.locator('img').count()).toBe(0)
    expect(await page.locator('#chart-use svg.marks').textContent()).toContain('capacity 1 TiB')
    expect(await page.locator('#chart-backups svg.marks').textContent()).toContain(VM)
    expect(watch.dialogs).toEqual([])
    expect(watch.errors).toEqual([])
    expect(watch.violations).toEqual([])
    expect(watch.requests).toEqual([])
    await page.close()
  }, 60_000)

  it('shows tooltips and zooms the time axis', async () => {
    const html = await renderReport({ title: 't', result, context: ctx, summaryLines: [] })
    const { page, watch } = await open(suite.browser, html, suite.dir, 'zoom.html')
    await page.waitForSelector('#chart-states svg.marks', { timeout: 20_000 })
    const bar = page.locator('#chart-states svg.marks .mark-rect path').first()
    await bar.scrollIntoViewIfNeeded()
    const box = (await bar.boundingBox())!
    await page.mouse.move(box.x + 2, box.y + 2)
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    const tooltip = page.locator('#vg-tooltip-element')
    await expect.poll(async () => (await tooltip.isVisible()) && ((await tooltip.textContent()) ?? '')).toContain('running')
    const labels = () => page.locator('#chart-states svg.marks .role-axis-label text').allTextContents()
    const before = await labels()
    await page.mouse.wheel(0, -400)
    await expect.poll(labels).not.toEqual(before)
    expect(watch.errors).toEqual([])
    expect(watch.violations).toEqual([])
    await page.close()
  }, 60_000)

  it('filters the event log by type and by text', async () => {
    const html = await renderReport({ title: 't', result, context: ctx, summaryLines: [], static: true })
    const { page, watch } = await open(suite.browser, html, suite.dir, 'static.html')
    expect(await page.locator('.chart svg').count()).toBe(4)
    const visible = () => page.locator('#log tbody tr:not([hidden])').count()
    expect(await visible()).toBe(result.log.length)
    await page.selectOption('#log-type', 'snapshot-removed')
    expect(await visible()).toBe(result.log.filter((e) => e.type === 'snapshot-removed').length)
    await page.selectOption('#log-type', '')
    await page.fill('#log-filter', 'onerror')
    const withVm = result.log.filter((e) => 'vm' in e && e.vm === VM).length
    expect(withVm).toBeGreaterThan(0)
    expect(await visible()).toBe(withVm)
    expect(await page.locator('#log-count').textContent()).toBe(`${withVm} of ${result.log.length} events shown`)
    expect(watch.dialogs).toEqual([])
    expect(watch.errors).toEqual([])
    expect(watch.violations).toEqual([])
    expect(watch.requests).toEqual([])
    await page.close()
  }, 60_000)

  it('draws the risk section of a Monte Carlo report: CDF, histogram, fan chart and sweep heatmap', async () => {
    const { risk, sweep } = riskInputs(result, TITLE, JOB)
    const html = await renderReport({ title: TITLE, result, context: ctx, summaryLines: [], risk, sweep })
    const { page, watch } = await open(suite.browser, html, suite.dir, 'risk.html')
    for (const id of ['sweep-heatmap', 'risk-fullByDay', 'risk-timeToFull', 'risk-fan', 'use']) {
      await page.waitForSelector(`#chart-${id} svg.marks`, { timeout: 20_000 })
      expect(await page.locator(`#chart-${id} svg path`).count(), id).toBeGreaterThan(0)
    }
    expect(await page.locator('#risk h2').textContent()).toBe('Risk over 3 replications')
    expect(await page.locator('#sweep th').nth(1).textContent()).toBe(JOB)
    expect(await page.locator('#chart-sweep-heatmap svg.marks').textContent()).toContain(JOB)
    expect(await page.locator('#chart-risk-fullByDay svg.marks').textContent()).toContain('P(full)')
    expect(watch.dialogs).toEqual([])
    expect(watch.errors).toEqual([])
    expect(watch.violations).toEqual([])
    expect(watch.requests).toEqual([])
    await page.close()
  }, 60_000)
})
