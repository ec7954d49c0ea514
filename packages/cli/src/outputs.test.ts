// The data files at any size: the summary stays a summary, large tables are compressed and read
// the same, the saved run comes back whole (and a damaged one is bad input with file and line),
// wall-clock columns read as isoLocal does, runs are counted from 1 in every file.

import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { simulate } from '@snapsim/core'
import { isoLocal, loadScenarioFile } from '@snapsim/scenario'
import { describeRun } from './human.ts'
import { BadInput } from './io.ts'
import { savedRun, writeRunFolder } from './outputs.ts'
import { readSavedRun } from './saved-run.ts'
import { summarize } from './summary.ts'
import { isoClock } from './wall-time.ts'

const dir = mkdtempSync(join(tmpdir(), 'snapsim-outputs-'))

// Two VMs, a nightly job over three days: 6 tasks (runs 1-3 of the job), 6 snapshots.
const nightly = `name: nightly
start: 2026-03-27T00:00
timezone: Europe/Berlin
horizon: 3d
datastores:
  - { id: ds, capacity: 2000 GiB, consolidationThroughput: 100 MiB/s }
vms:
  - { id: a, datastore: ds, disk: 500 GiB, used: 400 GiB, writeRate: 10 MiB/s }
  - { id: b, datastore: ds, disk: 500 GiB, used: 300 GiB, writeRate: 10 MiB/s }
jobs:
  - { id: j, vms: [a, b], schedule: "0 22 * * *", streamThroughput: 200 MiB/s, type: incremental }
`

async function written(name: string, options: { plainRows?: number; records?: boolean } = {}) {
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, nightly)
  const scenario = loadScenarioFile(file)
  const result = simulate(scenario.model)
  const summary = summarize(scenario, result)
  const out = join(dir, name)
  const run = savedRun(scenario, result, describeRun(scenario, result, summary))
  await writeRunFolder(out, run, summary, options)
  return { out, run, result }
}

const csv = (text: string) => text.trim().split('\n').map((l) => l.split(','))

describe('the files of a run', () => {
  it('keep summary.json a summary; the records are in the CSVs (and in the JSON with records)', async () => {
    const { out, result } = await written('plain')
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
    expect(Object.keys(s)).toEqual(['scenario', 'file', 'seed', 'timezone', 'start', 'horizonSeconds', 'events', 'logEntries', 'totals', 'datastores', 'jobs'])
    expect(s.totals.backups).toBe(6)
    expect(s.logEntries).toBe(result.log.length)
    expect(csv(readFileSync(join(out, 'backups.csv'), 'utf8'))).toHaveLength(1 + 6)
    expect(csv(readFileSync(join(out, 'vms.csv'), 'utf8'))).toEqual([
      ['vm', 'datastore', 'downtimeSeconds', 'firstStopAt', 'firstStopTime', 'finalState'],
      ['a', 'ds', '0', '', '', 'running'],
      ['b', 'ds', '0', '', '', 'running'],
    ])
    const full = JSON.parse(readFileSync(join((await written('records', { records: true })).out, 'summary.json'), 'utf8'))
    expect(full.backups).toHaveLength(6)
    expect(full.snapshots).toHaveLength(6)
    expect(full.vms).toHaveLength(2)
  })

  it('count runs from 1 and write the wall clock beside seconds, in every file', async () => {
    const { out } = await written('numbering')
    const [head, ...rows] = csv(readFileSync(join(out, 'backups.csv'), 'utf8'))
    const col = (name: string) => head!.indexOf(name)
    // the job fires at 22:00 on 27, 28, 29 March; Berlin changes to summer time on the 29th at 02:00
    expect(rows.map((r) => [r[col('vm')], r[col('run')], r[col('firedTime')]])).toEqual([
      ['a', '1', '2026-03-27T22:00:00+01:00'],
      ['b', '1', '2026-03-27T22:00:00+01:00'],
      ['a', '2', '2026-03-28T22:00:00+01:00'],
      ['b', '2', '2026-03-28T22:00:00+01:00'],
      ['a', '3', '2026-03-29T22:00:00+02:00'],
      ['b', '3', '2026-03-29T22:00:00+02:00'],
    ])
    expect(rows[0]![col('firedAt')]).toBe(String(22 * 3600))
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(events.filter((e) => e.type === 'job-fire').map((e) => e.run)).toEqual([1, 2, 3])
    expect(events.filter((e) => e.type === 'backup-start').map((e) => e.run)).toEqual([1, 1, 2, 2, 3, 3])
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    expect(html).toContain('engine events')
  })

  it('compress a table or the log above the row limit, with the same content', async () => {
    const plain = await written('small-limit-plain')
    const gz = await written('small-limit', { plainRows: 5 })
    const files = readdirSync(gz.out).sort()
    expect(files).toEqual(['backups.csv.gz', 'datastore-use.csv.gz', 'events.jsonl.gz', 'manifest.json', 'report.html', 'result.jsonl.gz', 'snapshots.csv.gz', 'summary.json', 'vm-states.csv', 'vms.csv'])
    for (const name of ['backups.csv', 'snapshots.csv', 'datastore-use.csv', 'events.jsonl']) {
      expect(gunzipSync(readFileSync(join(gz.out, `${name}.gz`))).toString('utf8')).toBe(readFileSync(join(plain.out, name), 'utf8'))
    }
  })

  it('save the run whole: result.jsonl.gz and the tables read back to the same run, plain or compressed', async () => {
    for (const plainRows of [undefined, 3]) {
      const { out, run } = await written(`saved-${plainRows}`, plainRows === undefined ? {} : { plainRows })
      const back = await readSavedRun(out)
      expect(back).toEqual(JSON.parse(JSON.stringify(run)))
      expect(back.result.log.length).toBeGreaterThan(10)
      expect(back.result.backups).toHaveLength(6)
    }
  })

  it('read hostile ids back through the CSV quoting', async () => {
    const file = join(dir, 'hostile.yaml')
    writeFileSync(file, nightly.replaceAll('id: a,', 'id: "a,\\"b\\"\\nc",').replace('vms: [a, b]', 'vms: ["a,\\"b\\"\\nc", b]'))
    const scenario = loadScenarioFile(file)
    expect(scenario.model.vms[0]!.id).toBe('a,"b"\nc')
    const result = simulate(scenario.model)
    const out = join(dir, 'hostile')
    const run = savedRun(scenario, result, [])
    await writeRunFolder(out, run, summarize(scenario, result))
    const back = await readSavedRun(out)
    expect(back.result.backups.map((b) => b.vm)).toEqual(result.backups.map((b) => b.vm))
    expect(back).toEqual(JSON.parse(JSON.stringify(run)))
  })

  it('read a damaged saved run as bad input with the file and line', async () => {
    const { out } = await written('damaged')
    const path = join(out, 'result.jsonl.gz')
    const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n')
    const damage = async (edit: (lines: string[]) => string[], message: RegExp) => {
      writeFileSync(path, gzipSync(edit([...lines]).join('\n')))
      const e = await readSavedRun(out).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(BadInput)
      expect((e as Error).message).toMatch(message)
    }
    await damage((l) => l.map((x, i) => (i === 3 ? x.replace('"downtime":0', '"downtime":"0"') : x)), /result\.jsonl\.gz:4: downtime: expected number, got "0"/)
    await damage((l) => [...l.slice(0, 2), '{"kind":"__proto__"}', ...l.slice(2)], /:3: kind: .*got "__proto__"/)
    await damage((l) => [...l.slice(0, 2), '{"kind":"backup", "job": 1', ...l.slice(2)], /:3:27: not valid JSON/)
    await damage((l) => l.slice(1), /:1: the first line must be the run/)
    writeFileSync(path, gzipSync(lines.join('\n')))
    const table = async (name: string, edit: (text: string) => string, message: RegExp) => {
      const file = join(out, name)
      const before = readFileSync(file, 'utf8')
      writeFileSync(file, edit(before))
      await expect(readSavedRun(out)).rejects.toThrow(message)
      writeFileSync(file, before)
    }
    await table('backups.csv', (t) => t.replace(',success,', ',succes,'), /backups\.csv:2: outcome: expected .*"success".*, got "succes"/)
    await table('backups.csv', (t) => t.replace(/,true,|,false,/, ',maybe,'), /backups\.csv:2: column incremental: true or false expected/)
    await table('snapshots.csv', (t) => t.replace('\na,j,79200,', '\na,j,x,'), /snapshots\.csv:2: column takenAt: a finite number expected, got "x"/)
    await table('snapshots.csv', (t) => t.replace('vm,job,', 'vm,jab,'), /snapshots\.csv:1: the header must be vm,job,/)
    await table('events.jsonl', (t) => t.replace('"type":"alarm"', '"type":"alarum"').replace('"type":"job-fire"', '"type":"job-fyre"'), /events\.jsonl:1: type: expected .*"job-fire".*, got "job-fyre"/)
    await expect(readSavedRun(out)).resolves.toBeTruthy()
    writeFileSync(path, readFileSync(path).subarray(0, 40))
    await expect(readSavedRun(out)).rejects.toThrow(/cannot be read|the run line/)
    await expect(readSavedRun(join(dir, 'nowhere'))).rejects.toThrow(/not found/)
  })
})

describe('isoClock', () => {
  it('reads as isoLocal, through daylight-saving changes and odd offsets', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns']
    const start = Date.UTC(2026, 2, 1, 0, 0, 0)
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.double({ min: 0, max: 400 * 86400, noNaN: true }), (zone, t) => {
        expect(isoClock(start, zone)(t)).toBe(isoLocal(start + t * 1000, zone))
      }),
      { seed: 77, numRuns: process.env.SNAPSIM_DEEP ? 20000 : 500 },
    )
    expect(isoClock(start, 'UTC')(null)).toBeNull()
  })
})
