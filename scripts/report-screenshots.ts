// Screenshots of a report in Chromium for the docs (docs/img/fleet-1000-*.png): the fleet
// overview, one datastore's detail, the job lanes with one job drilled down to its VMs, and the
// virtual backup table.
//
//   node --import tsx scripts/report-screenshots.ts DIR/report.html [--out docs/img] [--prefix fleet-1000]
//
// Needs /usr/bin/chromium (playwright-core drives it, as the report's browser tests do).

import { parseArgs } from 'node:util'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { launchChromium } from '../packages/charts/src/chromium-launch.test-helpers.ts'

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string', default: 'docs/img' }, prefix: { type: 'string', default: 'fleet-1000' } } })
const file = positionals[0]
if (file === undefined) {
  process.stderr.write('usage: report-screenshots.ts REPORT.html [--out DIR] [--prefix NAME]\n')
  process.exit(2)
}
const shot = (name: string) => join(values.out!, `${values.prefix}-${name}.png`)
const browser = await launchChromium()
try {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } })
  await page.goto(pathToFileURL(resolve(file)).href, { timeout: 600_000 })
  await page.waitForSelector('body[data-charts-drawn]', { timeout: 600_000 })
  await page.waitForSelector('body[data-tables-ready]', { timeout: 600_000 })
  await page.locator('#chart-overview').screenshot({ path: shot('overview') })
  await page.locator('#detail').screenshot({ path: shot('detail') })
  // the drill-down: a click in the middle of the first job lane
  await page.locator('#chart-backups').scrollIntoViewIfNeeded()
  const at = await page.evaluate(() => {
    const view = (globalThis as any).snapsimViews.find((v: any) => v.container()?.closest('#chart-backups'))
    const y = view.scale('y')
    const box = view.container().querySelector('canvas, svg').getBoundingClientRect()
    const [ox, oy] = view.origin()
    return { x: box.left + ox + view.width() / 2, y: box.top + oy + y(y.domain()[0]) + y.bandwidth() / 2 }
  })
  await page.mouse.click(at.x, at.y)
  await page.waitForSelector('#chart-drill[data-drawn]', { timeout: 600_000 })
  await page.locator('#drill').screenshot({ path: shot('drill') })
  await page.locator('#backups-table').scrollIntoViewIfNeeded()
  await page.locator('#backups-table').screenshot({ path: shot('table') })
  console.log(['overview', 'detail', 'drill', 'table'].map(shot).join('\n'))
} finally {
  await browser.close()
}
