// Tampered output files, end to end in Chromium: `report` and `merge` refuse number fields
// holding markup (exit 2, no report written); text fields may hold any text (a VM named
// `<img …>` is legal), and the report rebuilt from them shows it as text and runs no script.
//
// Needs /usr/bin/chromium (skipped locally without it, fails under CI), as the charts' e2e tests.

import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumSuite, openFile, skipWithoutChromium } from '@snapsim/charts/chromium'
import { editLines, tamper } from './test/tamper.ts'
import { scratchDir, snapsim } from './snapsim.test-helpers.ts'

const skip = skipWithoutChromium('tampered.e2e.test.ts')
const dir = scratchDir('snapsim-tampered-')
const PAYLOAD = '<img src="data:x" onerror="alert(1)">'

const scenario = `name: tampered
horizon: 3d
datastores: [{ id: ds, capacity: 1 TiB, otherData: { uniform: [10 GiB, 20 GiB] } }]
vms: [{ id: a, datastore: ds, disk: 100 GiB, used: 50 GiB, writeRate: 1 MiB/s }]
jobs: [{ id: j, vms: [a], schedule: "0 1 * * *", streamThroughput: 100 MiB/s, failure: { ratePerHour: 0.2, orphaned: 50% } }]
`

describe.skipIf(skip)('tampered output files in Chromium', () => {
  const suite = chromiumSuite('snapsim-tampered-')

  it('refuses markup in number fields of the run files and replications.jsonl; shows markup in text fields as text, running no script', async () => {
    const file = join(dir, 's.yaml')
    writeFileSync(file, scenario)
    // a backups.csv or events.jsonl whose run number holds markup: refused, the old report stays
    const run = join(dir, 'run')
    expect((await snapsim('run', file, '--out', run, '--quiet')).code).toBe(0)
    const report = readFileSync(join(run, 'report.html'), 'utf8')
    tamper(run, 'backups.csv', (t) => t.replace('\nj,a,1,', `\nj,a,"${PAYLOAD.replaceAll('"', '""')}",`))
    let refused = await snapsim('report', run)
    expect(refused.code).toBe(2)
    expect(refused.err).toContain(`${run}/backups.csv:2: column run: a finite number expected`)
    expect(readFileSync(join(run, 'report.html'), 'utf8')).toBe(report)
    tamper(run, 'backups.csv', (t) => t.replace(`\nj,a,"${PAYLOAD.replaceAll('"', '""')}",`, '\nj,a,1,'))
    tamper(run, 'events.jsonl', (t) => editLines(t, (l) => (l.find((e) => e.type === 'backup-start')!.run = PAYLOAD)))
    refused = await snapsim('report', run)
    expect(refused.code).toBe(2)
    expect(refused.err).toContain(`${run}/events.jsonl:`)
    expect(refused.err).toContain('run: expected a whole number >= 1')
    expect(readFileSync(join(run, 'report.html'), 'utf8')).toBe(report)
    // a shard whose replication index holds markup: refused, nothing written
    const shards = []
    for (const s of ['1/2', '2/2']) {
      const out = join(dir, `shard${s[0]}`)
      expect((await snapsim('run', file, '--replications', '4', '--workers', '1', '--shard', s, '--out', out, '--quiet')).code).toBe(0)
      shards.push(out)
    }
    tamper(shards[0]!, 'replications.jsonl', (t) => t.replace('"replication":0', `"replication":${JSON.stringify(PAYLOAD)}`))
    const merged = join(dir, 'merged')
    const m = await snapsim('merge', ...shards, '--out', merged)
    expect(m.code).toBe(2)
    expect(m.err).toContain(`${shards[0]}/replications.jsonl:1: replication: expected number`)
    expect(existsSync(merged)).toBe(false)
    // markup in text fields is legal text: the rebuilt report shows it and runs nothing
    const text = join(dir, 'text')
    expect((await snapsim('run', file, '--replications', '4', '--workers', '1', '--out', text, '--quiet')).code).toBe(0)
    tamper(text, 'result.jsonl.gz', (t) =>
      editLines(t, ([r]) => {
        r!.scenario.name = PAYLOAD
        r!.summaryLines.push(PAYLOAD)
        r!.risk.seed = PAYLOAD
        r!.risk.worst.seed = PAYLOAD
      }),
    )
    tamper(text, 'events.jsonl', (t) => editLines(t, (l) => (l.find((e) => e.type === 'backup-end')!.reason = PAYLOAD)))
    expect((await snapsim('report', text, '--quiet')).code).toBe(0)
    const { page, watch } = await openFile(suite.browser, join(text, 'report.html'))
    await page.waitForSelector('#chart-use svg.marks', { timeout: 20_000 })
    expect(await page.locator('h1').textContent()).toBe(`snapsim report: ${PAYLOAD}`)
    expect(await page.locator('#risk-figures').textContent()).toContain(PAYLOAD)
    expect(await page.locator('img').count()).toBe(0)
    expect(watch.dialogs).toEqual([])
    expect(watch.violations).toEqual([])
    await page.close()
  }, 120_000)
})
