// The narration section in a real browser: clicking a turning point marks its time on every chart
// (a vega signal set through the View API draws a rule on each time axis), a second click moves
// the mark, and hostile text in the sentences stays text.
//
// Needs /usr/bin/chromium, as report.e2e.test.ts (skipped locally without it, fails under CI).

import { describe, expect, it } from 'vitest'
import { chromiumSuite, openHtml, skipWithoutChromium } from './chromium.test-helpers.ts'
import { HOUR, ctx, overlapResult, wall } from './fixtures.test-helpers.ts'
import { MARK_COLOR, MARK_PARAM } from './narration.ts'
import { renderReport } from './report.ts'

const skip = skipWithoutChromium('narration.e2e.test.ts')

describe.skipIf(skip)('the narration in Chromium', () => {
  const suite = chromiumSuite('snapsim-narration-')

  it('marks the clicked turning point’s time on every chart', async () => {
    const result = overlapResult()
    const narration = {
      lang: 'de',
      heading: 'Der Lauf erzählt',
      hint: 'Ein Klick markiert die Zeit.',
      items: [
        { t: 0, label: 'Mo. 01:00', sentences: ['Der Zeitplan beginnt.'] },
        { t: HOUR, label: 'Mo. 02:00', sentences: ['Ein neuer Lauf <img src=x onerror=alert(1)> beginnt, bevor der vorherige abgeschlossen ist.'] },
      ],
    }
    const html = await renderReport({ title: 't', result, context: ctx, summaryLines: [], narration })
    const { page, watch } = await openHtml(suite.browser, html, suite.dir, 'narration.html')
    for (const id of ['use', 'backups', 'deltas', 'states']) await page.waitForSelector(`#chart-${id} svg.marks`, { timeout: 20_000 })
    // polled with evaluate: waitForFunction compiles its predicate in the page, an eval the policy refuses
    await expect.poll(() => page.evaluate(() => ((globalThis as unknown as { snapsimViews?: unknown[] }).snapsimViews ?? []).length)).toBe(4)

    // the narration is the first section, in its language, with its text as text
    expect(await page.locator('body > section').first().getAttribute('id')).toBe('narration')
    expect(await page.locator('#narration').getAttribute('lang')).toBe('de')
    expect(await page.locator('#narration li').nth(1).textContent()).toContain('<img src=x onerror=alert(1)>')

    const rules = (id: string) => page.locator(`#chart-${id} svg.marks line[stroke="${MARK_COLOR}"]`)
    const signals = () => page.evaluate((name) => (globalThis as unknown as { snapsimViews: { signal(n: string): unknown }[] }).snapsimViews.map((v) => v.signal(name)), MARK_PARAM)
    for (const id of ['use', 'backups', 'deltas', 'states']) expect(await rules(id).count(), id).toBe(0)
    expect(await signals()).toEqual([null, null, null, null])

    await page.locator('#narration a.mark').nth(1).click()
    await expect.poll(signals).toEqual([wall(HOUR), wall(HOUR), wall(HOUR), wall(HOUR)])
    const xs: Record<string, number> = {}
    for (const id of ['use', 'backups', 'deltas', 'states']) {
      await expect.poll(() => rules(id).count(), { message: id }).toBeGreaterThan(0)
      xs[id] = (await rules(id).first().boundingBox())!.x
    }
    expect(await page.locator('#narration li.marked').count()).toBe(1)

    // the first turning point lies an hour earlier: every rule moves left
    await page.locator('#narration a.mark').first().click()
    await expect.poll(signals).toEqual([wall(0), wall(0), wall(0), wall(0)])
    for (const id of ['use', 'backups', 'deltas', 'states']) await expect.poll(async () => (await rules(id).first().boundingBox())!.x, { message: id }).toBeLessThan(xs[id]!)

    expect(watch.dialogs).toEqual([])
    expect(watch.errors).toEqual([])
    expect(watch.violations).toEqual([])
    await page.close()
  }, 90_000)

  it('shows the narration without links in a static report', async () => {
    const html = await renderReport({ title: 't', result: overlapResult(), context: ctx, summaryLines: [], static: true, narration: { lang: 'en', heading: 'The run, told', hint: 'h', items: [{ t: 0, label: 'Mon 01:00', sentences: ['It starts.'] }] } })
    expect(html).toContain('<section id="narration" lang="en">')
    expect(html).not.toContain('class="mark"')
    expect(html).not.toContain(MARK_PARAM)
  }, 60_000)
})
