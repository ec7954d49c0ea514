// A fleet's report in a real browser: the overview comes first with its datastores sorted by
// headroom and a click on one opens its detail; the backup table is virtual (only the rows in
// view are in the DOM) and reads, filters and sorts as the same tasks format on the Node side.
//
// Needs /usr/bin/chromium, as report.e2e.test.ts (skipped locally without it, fails under CI).

import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { chromiumSuite, openHtml, skipWithoutChromium, type Watch } from './chromium.test-helpers.ts'
import { ctx, fleetResult } from './fixtures.test-helpers.ts'
import { datastoresByRisk } from './overview.ts'
import { renderReport } from './report.ts'
import { formatBytes } from './units.ts'
import { formatDuration, formatWall, wallClock } from './time.ts'

const skip = skipWithoutChromium('fleet.e2e.test.ts')

describe.skipIf(skip)('a fleet report in Chromium', () => {
  const suite = chromiumSuite('snapsim-fleet-')
  let page: Page
  let watch: Watch
  const result = fleetResult()
  const context = { ...ctx, maxRows: 10 }
  const clock = wallClock(ctx.startEpochMs, ctx.timezone)

  beforeAll(async () => {
    // the backup table cut into pieces of 7 rows: the page joins them (pieces.ts, unpack.ts)
    // before the table tests below read it
    const html = await renderReport({ title: 'fleet', result, context, summaryLines: [], tablePieceRows: 7 })
    expect(html).toContain('id="snapsim-table-1"')
    ;({ page, watch } = await openHtml(suite.browser, html, suite.dir, 'fleet.html'))
    await page.waitForSelector('body[data-charts-drawn], body[data-error]', { timeout: 60_000 })
    await page.waitForSelector('body[data-tables-ready]', { timeout: 60_000 })
  }, 120_000)

  it('draws the overview first, its small charts sorted by headroom (least first)', async () => {
    expect(watch.errors).toEqual([])
    expect(watch.violations).toEqual([])
    const sections = await page.locator('section h2').allTextContents()
    expect(sections.indexOf('Fleet overview')).toBeGreaterThanOrEqual(0)
    expect(sections.indexOf('Fleet overview')).toBeLessThan(sections.findIndex((t) => t.startsWith('Datastore')))
    const expected = datastoresByRisk(result).map((d) => d.id)
    // by hand: 20 GiB fixed + 4 thick 20 GiB disks = 100 GiB, plus deltas of at most a few GiB
    // on each datastore: the free share rises with the capacity (150, 200, 250, 300, 350, 400 GiB)
    expect(expected).toEqual(['ds0', 'ds2', 'ds4', 'ds5', 'ds3', 'ds1'])
    // the cells' titles, in the order the cells are laid out (row by row)
    const headers = await page.locator('#chart-overview svg.marks text').allTextContents()
    const shown = headers.filter((t) => / · /.test(t)).map((t) => t.split(' · ')[0])
    expect(shown).toEqual(expected)
  }, 60_000)

  it('opens a datastore’s detail when its small chart is clicked', async () => {
    const first = datastoresByRisk(result)[0]!.id
    expect(await page.locator('#detail-name').textContent()).toBe(first)
    const target = datastoresByRisk(result)[2]!.id
    // the third cell: its frame (one rect per cell, in rank order) and the area drawn in it
    const areas = page.locator('#chart-overview svg.marks .mark-rect path')
    expect(await areas.count()).toBe(result.datastores.length)
    await areas.nth(2).scrollIntoViewIfNeeded()
    const box = (await areas.nth(2).boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height - 2)
    await expect.poll(() => page.locator('#detail-name').textContent()).toBe(target)
    await expect.poll(() => page.locator('#chart-use svg.marks').textContent()).toContain(`Datastore ${target}: use over time`)
    await expect.poll(() => page.locator('#chart-deltas svg.marks').textContent()).toContain(`Snapshot deltas on ${target}`)
    expect(await page.locator('#detail-select').inputValue()).toBe(target)
    // a click on a cell's empty part (above its area) opens that one too
    const other = datastoresByRisk(result)[4]!.id
    await areas.nth(4).scrollIntoViewIfNeeded()
    const cell = (await areas.nth(4).boundingBox())!
    await page.mouse.click(cell.x + cell.width / 2, cell.y + 3)
    await expect.poll(() => page.locator('#detail-name').textContent()).toBe(other)
    await expect.poll(() => page.locator('#chart-use svg.marks').textContent()).toContain(`Datastore ${other}: use over time`)
    expect(watch.errors).toEqual([])
    expect(watch.violations).toEqual([])
  }, 60_000)

  it('frames the use chart’s y axis on the band, and a checkbox takes it back to zero', async () => {
    const box = page.locator('#chart-use input[type=checkbox]')
    expect(await box.count()).toBe(1)
    const ticks = async () => (await page.locator('#chart-use svg.marks .role-axis-label text').allTextContents()).filter((t) => /^\d+$/.test(t)).map(Number)
    await box.scrollIntoViewIfNeeded()
    const framed = await ticks()
    expect(Math.min(...framed)).toBeGreaterThan(0)
    await box.check()
    await expect.poll(async () => Math.min(...(await ticks()))).toBe(0)
    await box.uncheck()
    await expect.poll(async () => Math.min(...(await ticks()))).toBe(Math.min(...framed))
    expect(watch.errors).toEqual([])
    expect(watch.violations).toEqual([])
  }, 60_000)

  it('drills down from a job lane to the Gantt of its VMs, built from the table’s rows', async () => {
    expect(await page.locator('#drill').isHidden()).toBe(true)
    expect(await page.locator('#chart-backups svg.marks').textContent()).toContain('Backup runs per job')
    // the middle of the lane of nightly-ds2 (its y from the chart's own scale)
    await page.locator('#chart-backups').scrollIntoViewIfNeeded()
    const at = await page.evaluate((job) => {
      const view = (globalThis as any).snapsimViews.find((v: any) => v.container()?.closest('#chart-backups'))
      const y = view.scale('y')
      const svg = view.container().querySelector('svg').getBoundingClientRect()
      const [ox, oy] = view.origin()
      return { x: svg.left + ox + view.width() / 2, y: svg.top + oy + y(job) + y.bandwidth() / 2 }
    }, 'nightly-ds2')
    await page.mouse.click(at.x, at.y)
    await expect.poll(() => page.locator('#drill').isVisible()).toBe(true)
    expect(await page.locator('#drill-name').textContent()).toBe('nightly-ds2')
    await page.waitForSelector('#chart-drill svg.marks')
    const tasks = result.backups.filter((b) => b.job === 'nightly-ds2')
    expect(tasks).toHaveLength(40)
    expect(await page.locator('#drill-note').textContent()).toMatch(/^4 VMs, 40 tasks; shown: run 6 \(/)
    // a row per VM, a bar per task
    const labels = await page.locator('#chart-drill svg.marks .role-axis-label text').allTextContents()
    expect(labels.filter((t) => t.startsWith('vm')).sort()).toEqual(['vm2-0', 'vm2-1', 'vm2-2', 'vm2-3'])
    expect(await page.locator('#chart-drill svg.marks .mark-rect path').count()).toBe(tasks.filter((b) => b.start !== null).length)
    // It opens on one run, not the 11 days: the click was at 5 d 12 h; run 6 fires at 5 d 22 h
    // (10 h later), run 5 fired at 4 d 22 h and ended within minutes (4 tasks of at most 10 GiB
    // at 50 MiB/s: under 4 × 205 s), so run 6 is nearest. Its window is its span (under 14 min)
    // with 15 min on either side: 30–44 min, and its four bars are readable, not hairlines.
    expect(await page.locator('#chart-drill svg.marks').textContent()).toContain('VMs of job nightly-ds2, run 6')
    const drawn = await page.evaluate(() => {
      const view = (globalThis as any).snapsimViews.find((v: any) => v.container()?.closest('#chart-drill'))
      const [lo, hi] = view.scale('x').domain().map(Number)
      const bars: { run: number; width: number; x: number }[] = []
      const walk = (node: any) => {
        if (node?.marktype === 'rect') for (const i of node.items) if (i.datum?.run !== undefined) bars.push({ run: i.datum.run, width: i.width, x: i.x })
        for (const child of node?.items ?? []) if (child.items) walk(child)
      }
      walk(view.scenegraph().root)
      return { minutes: (hi - lo) / 60000, bars, plot: view.width() }
    })
    expect(drawn.minutes).toBeGreaterThanOrEqual(30)
    expect(drawn.minutes).toBeLessThanOrEqual(44)
    const run6 = drawn.bars.filter((b) => b.run === 6)
    expect(run6).toHaveLength(4)
    for (const bar of run6) {
      expect(bar.width).toBeGreaterThanOrEqual(4)
      expect(bar.x).toBeGreaterThanOrEqual(0)
      expect(bar.x + bar.width).toBeLessThanOrEqual(drawn.plot)
    }
    expect(watch.errors).toEqual([])
    expect(watch.violations).toEqual([])
  }, 60_000)

  it('keeps only the rows in view in the backup table’s DOM, and they read as on the Node side', async () => {
    const total = result.backups.length
    expect(total).toBe(240)
    await page.locator('#backups-table').scrollIntoViewIfNeeded()
    expect(await page.locator('#backups-count').textContent()).toBe(`${total} of ${total} tasks shown`)
    const rows = page.locator('#backups tbody tr:not(.vpad)')
    const inDom = await rows.count()
    expect(inDom).toBeGreaterThan(10)
    expect(inDom).toBeLessThan(60)
    // listed by fire time: the first row is a task of the first fire, with its words
    const cells = await rows.first().locator('td').allTextContents()
    const firstFire = Math.min(...result.backups.map((b) => b.firedAt))
    const task = result.backups.find((b) => b.firedAt === firstFire && b.vm === cells[2])!
    expect(task).toBeDefined()
    expect(cells[0]).toBe(task.job)
    expect(cells[1]).toBe(String(task.run + 1))
    expect(cells[3]).toBe(formatWall(clock(task.firedAt)))
    expect(cells[4]).toBe(formatWall(clock(task.start!)))
    expect(cells[5]).toBe(formatWall(clock(task.end!)))
    expect(cells[6]).toBe(formatDuration(task.end! - task.start!))
    expect(cells[7]).toBe(`${formatBytes(task.bytesRead)} / ${formatBytes(task.bytesToRead)}`)
    expect(cells[8]).toBe(task.outcome)
    // scrolled to the end: the last task by fire time is in the DOM, still only a screenful
    await page.locator('#backups-table .vscroll').evaluate((el) => (el.scrollTop = el.scrollHeight))
    const lastFire = Math.max(...result.backups.map((b) => b.firedAt))
    await expect.poll(async () => (await rows.last().locator('td').nth(3).textContent()) ?? '').toBe(formatWall(clock(lastFire)))
    expect(await rows.count()).toBeLessThan(60)
    await page.locator('#backups-table .vscroll').evaluate((el) => (el.scrollTop = 0))
  }, 60_000)

  it('filters the backup table by text and sorts it by a column', async () => {
    const rows = page.locator('#backups tbody tr:not(.vpad)')
    await page.fill('#backups-filter', 'vm2-3')
    const ofVm = result.backups.filter((b) => b.vm === 'vm2-3')
    expect(ofVm.length).toBe(10)
    await expect.poll(() => page.locator('#backups-count').textContent()).toBe(`10 of 240 tasks shown`)
    expect(await rows.count()).toBe(10)
    expect(new Set(await rows.locator('td:nth-child(3)').allTextContents())).toEqual(new Set(['vm2-3']))
    // sort by duration, longest first (two clicks), then shortest first
    const head = page.locator('#backups thead th', { hasText: 'duration' })
    await head.click()
    await head.click()
    const durations = ofVm.map((b) => b.end! - b.start!).sort((a, b) => b - a)
    expect(await rows.first().locator('td').nth(6).textContent()).toBe(formatDuration(durations[0]!))
    expect(await head.getAttribute('aria-sort')).toBe('descending')
    await head.click()
    expect(await rows.first().locator('td').nth(6).textContent()).toBe(formatDuration(durations.at(-1)!))
    await page.fill('#backups-filter', '')
    await expect.poll(() => page.locator('#backups-count').textContent()).toBe(`240 of 240 tasks shown`)
    expect(watch.errors).toEqual([])
    expect(watch.violations).toEqual([])
  }, 60_000)
})
