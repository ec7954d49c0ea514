// Every kind of report under its strict Content-Security-Policy, in Chromium: no 'unsafe-eval' and
// no 'unsafe-inline' for scripts, so the report runs no code but its own hashed inline scripts
// (vega's expressions are interpreted, expressions.ts; the what-if engine is a blob: worker).
// Each report is written by the command line as a user writes it, opened offline, and must draw
// every chart, show a tooltip when the pointer rests on a mark of each interactive chart, and
// raise no `securitypolicyviolation` event, page error, console error, dialog or request.
//
// Kinds: the BSI growth run with its narration and what-if panel (a slider moved: the Web
// Worker simulates), the same run rebuilt by `snapsim report DIR`, a fleet (overview, one
// datastore's detail, job lanes on a canvas, drill-down to a job's VMs, virtual table), Monte
// Carlo, the 05-risk sweep, and `compare` (static SVG, no script at all).
//
// Needs /usr/bin/chromium (skipped locally without it, a failure under CI).

import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumSuite, openFile, policyOf, skipWithoutChromium, type Watch } from '@snapsim/charts/chromium'
import { snapsim, writeIn } from './snapsim.test-helpers.ts'

const skip = skipWithoutChromium('csp.e2e.test.ts')

// 6 datastores of 12 VMs (72 > the 60 rows of a per-VM Gantt: one lane per job), one job per
// datastore firing every hour for 21 days: 6 × 504 = 3,024 runs, more than the 3,000 bars the
// report draws as SVG (the lanes go on a canvas)
const FLEET = `name: csp fleet
start: 2026-03-02T00:00
timezone: Europe/Berlin
horizon: 21d
seed: 7
datastores:
${[0, 1, 2, 3, 4, 5].map((i) => `  - { id: ds${i}, capacity: ${4 + i} TiB, otherData: 100 GiB }`).join('\n')}
vms:
${[0, 1, 2, 3, 4, 5].map((i) => `  - { id: vm${i}, count: 12, datastore: ds${i}, disk: 400 GiB, used: 100 GiB, provisioning: thin, dataGrowth: 5 GiB/d, writeRate: 2 MiB/s }`).join('\n')}
jobs:
${[0, 1, 2, 3, 4, 5].map((i) => `  - { id: hourly-${i}, vms: ["vm${i}-*"], schedule: "0 * * * *", streamThroughput: 400 MiB/s }`).join('\n')}
`

/** The policy of the report at FILE: none of the two unsafe keywords for scripts, no eval anywhere. */
function expectStrictPolicy(file: string): string {
  const policy = policyOf(readFileSync(file, 'utf8'))
  expect(policy).not.toBeNull()
  expect(policy).not.toContain("'unsafe-eval'")
  const scripts = policy!.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'))
  // no script-src: default-src 'none' holds for scripts (the compare page)
  if (scripts !== undefined) expect(scripts).not.toContain("'unsafe-inline'")
  return policy!
}

function expectClean(watch: Watch): void {
  expect(watch.violations).toEqual([])
  expect(watch.errors).toEqual([])
  expect(watch.dialogs).toEqual([])
  expect(watch.requests).toEqual([])
}

// The page side: of drawn view k (window.snapsimViews), the marks that carry a tooltip, with
// their centre (a line's or an area's item: its point) in the viewport (the view's element, its
// origin and padding, the groups' offsets), inside their group by a pixel (a line along the
// plot's edge is clipped there); the i-th of six spread over them, or null. Computed afresh for
// each try: the layout can still move (the what-if panel above the charts grows when its run
// arrives).
const TOOLTIP_TARGET = `(function (k, i) {
  var view = window.snapsimViews[k];
  var el = view.container().querySelector('canvas, svg.marks');
  el.scrollIntoView({ block: 'center' });
  var box = el.getBoundingClientRect(), origin = view.origin(), pad = view.padding(), out = [];
  function mark(m, ox, oy, w, h) {
    (m.items || []).forEach(function (item) {
      if (m.marktype === 'group') (item.items || []).forEach(function (c) { mark(c, ox + (item.x || 0), oy + (item.y || 0), item.width || w, item.height || h); });
      else if (item.tooltip != null && item.bounds && !item.bounds.empty()) {
        var point = m.marktype === 'line' || m.marktype === 'area' || m.marktype === 'trail';
        var x = point ? item.x : (item.bounds.x1 + item.bounds.x2) / 2;
        var y = point ? item.y : (item.bounds.y1 + item.bounds.y2) / 2;
        if (!(x >= 1 && x <= w - 1 && y >= 1 && y <= h - 1)) return;
        x += box.left + pad.left + origin[0] + ox;
        y += box.top + pad.top + origin[1] + oy;
        if (y > 0 && y < window.innerHeight) out.push([x, y]);
      }
    });
  }
  mark(view.scenegraph().root, 0, 0, Infinity, Infinity);
  return out.length === 0 ? null : out[Math.floor((i * (out.length - 1)) / 5)];
})`

const TOOLTIP_SHOWN = "(function () { var t = document.getElementById('vg-tooltip-element'); return (t && t.classList.contains('visible') && t.textContent) || ''; })()"

/** Every drawn chart shows a tooltip where the pointer rests on one of its marks; the count of charts. */
async function expectTooltips(page: Page): Promise<number> {
  const n = (await page.evaluate('window.snapsimViews.length')) as number
  expect(n).toBeGreaterThan(0)
  for (let k = 0; k < n; k++) {
    const id = await page.evaluate(`window.snapsimViews[${k}].container().closest('[id^="chart-"]').id`)
    let shown = ''
    for (let i = 0; i < 6 && !shown; i++) {
      const at = (await page.evaluate(`${TOOLTIP_TARGET}(${k}, ${i})`)) as [number, number] | null
      expect(at, `${id} has marks with tooltips`).not.toBeNull()
      await page.mouse.move(at![0] - 3, at![1])
      await page.mouse.move(at![0], at![1])
      // polled with evaluate: waitForFunction compiles its predicate in the page, an eval the policy refuses
      for (let tries = 0; tries < 10 && !shown; tries++) {
        shown = (await page.evaluate(TOOLTIP_SHOWN)) as string
        if (!shown) await page.waitForTimeout(100)
      }
    }
    expect(shown, `${id}: a tooltip on hover`).not.toBe('')
    await page.mouse.move(1, 1)
  }
  return n
}

/** Waits for every chart drawn; the ids of the chart elements drawn. */
async function drawn(page: Page): Promise<string[]> {
  await page.waitForSelector('body[data-charts-drawn], body[data-error]', { timeout: 120_000 })
  expect(await page.locator('body').getAttribute('data-error')).toBeNull()
  expect(await page.locator('.chart').filter({ hasText: 'could not be drawn' }).count()).toBe(0)
  return page.locator('[id^="chart-"][data-drawn]').evaluateAll((els) => els.map((e) => e.id))
}

describe.skipIf(skip)('every kind of report under the strict CSP in Chromium', () => {
  const suite = chromiumSuite('snapsim-csp-')

  it('the BSI growth run: narration, charts, tooltips, the what-if panel and its worker; then rebuilt by snapsim report DIR', async () => {
    const out = join(suite.dir, 'bsi')
    expect((await snapsim('run', 'scenarios/bsi-g478/02-growth.yaml', '--out', out, '--lang', 'de', '--quiet')).code).toBe(0)
    const first = join(suite.dir, 'bsi.html')
    copyFileSync(join(out, 'report.html'), first)
    expect(expectStrictPolicy(first)).toContain('worker-src blob:')
    const { page, watch } = await openFile(suite.browser, first)
    expect(await drawn(page)).toEqual(expect.arrayContaining(['chart-use', 'chart-backups', 'chart-deltas', 'chart-states']))
    await page.waitForSelector('#whatif[data-state="ready"]', { timeout: 60_000 })
    expect(await expectTooltips(page)).toBe(4)
    // the narration's mark: a signal set through the View API, drawn by interpreted expressions
    await page.locator('#narration a.mark').nth(1).click()
    await expect.poll(() => page.locator('#chart-use svg.marks line[stroke="#c51b8a"]').count()).toBeGreaterThan(0)
    // the panel: both canvases drawn, a move simulated by the worker and drawn
    await page.evaluate(`(function () {
      var el = document.querySelector('#whatif [data-key="writeRate"]');
      el.value = '2';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    })()`)
    await page.waitForSelector('#whatif[data-state="done"]', { timeout: 60_000 })
    expect(await page.locator('#whatif-error').isHidden()).toBe(true)
    const [base, whatIf] = ((await page.locator('#whatif').getAttribute('data-drawn')) ?? '0,0').split(',').map(Number)
    expect(base).toBeGreaterThan(0)
    expect(whatIf).toBeGreaterThan(0)
    expectClean(watch)
    await page.close()

    // rebuilt from the run folder
    expect((await snapsim('report', out, '--quiet')).code).toBe(0)
    const rebuilt = join(out, 'report.html')
    expectStrictPolicy(rebuilt)
    const again = await openFile(suite.browser, rebuilt)
    expect(await drawn(again.page)).toEqual(expect.arrayContaining(['chart-use', 'chart-backups', 'chart-deltas', 'chart-states']))
    expect(await expectTooltips(again.page)).toBe(4)
    expectClean(again.watch)
    await again.page.close()
  }, 300_000)

  it('a fleet: overview, detail, job lanes on a canvas, drill-down and virtual table', async () => {
    const out = join(suite.dir, 'fleet')
    expect((await snapsim('run', writeIn(suite.dir, 'fleet.yaml', FLEET), '--out', out, '--quiet')).code).toBe(0)
    const file = join(out, 'report.html')
    expectStrictPolicy(file)
    const { page, watch } = await openFile(suite.browser, file)
    expect(await drawn(page)).toEqual(expect.arrayContaining(['chart-overview', 'chart-use', 'chart-deltas', 'chart-backups', 'chart-states']))
    expect(await page.locator('#chart-backups canvas').count()).toBe(1)
    await page.waitForSelector('body[data-tables-ready]', { timeout: 60_000 })
    // the virtual table: 72 VMs × 504 fires, a screenful of rows in the DOM
    expect(await page.locator('#backups-table .vcount').textContent()).toBe('36288 of 36288 tasks shown')
    expect(await page.locator('#backups-table tbody tr:not(.vpad)').count()).toBeLessThan(60)
    // a click on a job's lane (on the canvas) draws its VMs
    const lane = (await page.evaluate(`(function () {
      var view = window.snapsimViews.find(function (v) { return v.container().closest('#chart-backups'); });
      var el = view.container().querySelector('canvas'); el.scrollIntoView({ block: 'center' });
      var box = el.getBoundingClientRect(), o = view.origin(), pad = view.padding(), hit = null;
      function mark(m, ox, oy) {
        (m.items || []).forEach(function (item) {
          if (hit) return;
          if (m.marktype === 'group') (item.items || []).forEach(function (c) { mark(c, ox + (item.x || 0), oy + (item.y || 0)); });
          else if (item.datum && typeof item.datum.job === 'string' && item.bounds && !item.bounds.empty()) hit = [box.left + pad.left + o[0] + ox + (item.bounds.x1 + item.bounds.x2) / 2, box.top + pad.top + o[1] + oy + (item.bounds.y1 + item.bounds.y2) / 2];
        });
      }
      mark(view.scenegraph().root, 0, 0);
      return hit;
    })()`)) as [number, number]
    await page.mouse.click(lane[0], lane[1])
    await page.waitForSelector('#chart-drill[data-drawn]', { timeout: 60_000 })
    expect(await page.locator('#drill-note').textContent()).toContain('12 VMs, 6048 tasks')
    expect(await expectTooltips(page)).toBeGreaterThanOrEqual(6)
    expectClean(watch)
    await page.close()
  }, 300_000)

  it('Monte Carlo and the 05-risk sweep: risk charts, heatmap, tooltips', async () => {
    const mc = join(suite.dir, 'mc')
    const sweep = join(suite.dir, 'sweep')
    const risk = 'scenarios/bsi-g478/05-risk.yaml'
    expect((await snapsim('run', risk, '--set', 'jobs.nightly.overlap=start', '--set', 'datastores.ds1.capacity=20 TiB', '--replications', '2', '--workers', '1', '--out', mc, '--quiet')).code).toBe(0)
    expect((await snapsim('run', risk, '--replications', '2', '--workers', '1', '--out', sweep, '--quiet')).code).toBe(0)
    for (const [folder, charts] of [
      [mc, ['chart-risk-fullByDay', 'chart-risk-timeToFull', 'chart-risk-fan', 'chart-use']],
      [sweep, ['chart-sweep-heatmap', 'chart-risk-fullByDay', 'chart-risk-fan', 'chart-use']],
    ] as const) {
      const file = join(folder, 'report.html')
      expectStrictPolicy(file)
      const { page, watch } = await openFile(suite.browser, file)
      expect(await drawn(page)).toEqual(expect.arrayContaining([...charts]))
      expect(await expectTooltips(page)).toBeGreaterThanOrEqual(charts.length)
      expectClean(watch)
      await page.close()
    }
  }, 300_000)

  it('compare: static charts and no script at all', async () => {
    const out = join(suite.dir, 'compare')
    expect((await snapsim('compare', 'scenarios/bsi-g478/01-baseline.yaml', 'scenarios/bsi-g478/02-growth.yaml', '--out', out)).code).toBe(0)
    const file = join(out, 'compare.html')
    const policy = expectStrictPolicy(file)
    expect(policy).toContain("default-src 'none'")
    expect(readFileSync(file, 'utf8')).not.toContain('<script')
    const { page, watch } = await openFile(suite.browser, file)
    expect(await page.locator('figure svg .mark-line path').count()).toBeGreaterThan(0)
    expectClean(watch)
    await page.close()
  }, 120_000)
})
