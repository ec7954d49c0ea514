import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeAtomic } from './atomic.ts'
import { toCsv } from './csv.ts'
import { toJUnit } from './junit.ts'
import { scratchDir, snapsim } from './snapsim.test-helpers.ts'

const dir = scratchDir('snapsim-cli-')

/** Run the program in-process, capturing stdout and stderr. */
function scenario(name: string, body: string): string {
  const file = join(dir, name)
  writeFileSync(file, body)
  return file
}

// A VM with a snapshot at 00:00 writes 100 MiB/s on R = 500 GiB with 50 GiB free: full at
// -R ln(0.9) / 100 MiB/s = 539.45 s; the backup (400 GiB at 50 MiB/s) ends at 8192 s, when the
// merge of its delta begins and the VM resumes (it no longer must allocate); the merge (50 GiB at
// 100 MiB/s) ends at 8704 s.
const fill = `name: <script>alert(1)</script> fill
start: 2026-01-05T00:00
timezone: Europe/Berlin
horizon: 1d
datastores:
  - { id: ds, capacity: 1050 GiB, consolidationThroughput: 100 MiB/s }
vms:
  - { id: a, datastore: ds, disk: 500 GiB, used: 400 GiB, writeRate: 100 MiB/s }
  - { id: b, datastore: ds, disk: 500 GiB, used: 400 GiB, writeRate: 100 MiB/s }
jobs:
  - { id: j, vms: [a], schedule: "0 0 * * *", streamThroughput: 50 MiB/s }
`

describe('snapsim run', () => {
  it('prints the summary JSON with the documented fields', async () => {
    const file = scenario('fill.yaml', fill)
    const { code, out } = await snapsim('run', file, '--json', '--records')
    expect(code).toBe(0)
    const s = JSON.parse(out)
    expect(Object.keys(s)).toEqual(['scenario', 'file', 'seed', 'timezone', 'start', 'horizonSeconds', 'events', 'logEntries', 'totals', 'datastores', 'jobs', 'vms', 'backups', 'snapshots'])
    expect(s.start).toBe('2026-01-05T00:00:00+01:00')
    expect(s.datastores[0].capacityBytes).toBe(1050 * 2 ** 30)
    expect(s.datastores[0].fullAt).toBeCloseTo(539.4458, 3)
    expect(s.datastores[0].peakUsedFraction).toBeCloseTo(1, 9)
    expect(s.vms[0]).toMatchObject({ id: 'a', datastore: 'ds', finalState: 'running' })
    // stopped at 539.4 s; runs again at 8192 s, when its backup ends and the merge of its only
    // delta begins (it no longer must allocate; docs/model.md, "Out of space")
    expect(s.vms[0].downtimeSeconds).toBeCloseTo(8192 - 539.4458, 2)
    expect(s.vms[1]).toEqual({ id: 'b', datastore: 'ds', downtimeSeconds: 0, firstStopAt: null, finalState: 'running' })
    expect(s.backups[0]).toMatchObject({ job: 'j', vm: 'a', run: 1, start: 0, end: 8192, outcome: 'success', bytesRead: 400 * 2 ** 30, overlapped: false })
    expect(s.snapshots[0]).toMatchObject({ vm: 'a', takenAt: 0, removedAt: 8704, orphaned: false })
    expect(s.totals).toMatchObject({ vmsStopped: 1, vmsCrashed: 0, firstStopAt: s.datastores[0].fullAt })
    // one successful backup at 0 in a 1-day horizon: the recovery point is a day old at the end
    expect(s.totals).toMatchObject({ worstRecoveryPointAgeSeconds: 86400, worstRecoveryPointVm: 'a' })
  })

  it('says what happened in words, in the scenario calendar', async () => {
    const { code, out } = await snapsim('run', scenario('fill.yaml', fill))
    expect(code).toBe(0)
    expect(out).toContain('FULL on Mon 2026-01-05 00:08 CET (day 1)')
    expect(out).toContain('1 of 2 VMs on ds (a) stopped, the first on Mon 2026-01-05 00:08 CET')
  })

  it('is deterministic: the same scenario and seed give byte-identical output', async () => {
    const file = scenario('fill.yaml', fill)
    const a = await snapsim('run', file, '--json', '--seed', '42')
    const b = await snapsim('run', file, '--json', '--seed', '42')
    expect(a.out).toBe(b.out)
    expect(JSON.parse(a.out).seed).toBe('42')
  })

  it('writes the data files and the report, with no temporary files left', async () => {
    const out = join(dir, 'out')
    const { code } = await snapsim('run', scenario('fill.yaml', fill), '--out', out)
    expect(code).toBe(0)
    expect(readdirSync(out).sort()).toEqual(['backups.csv', 'datastore-use.csv', 'events.jsonl', 'manifest.json', 'report.html', 'result.jsonl.gz', 'snapshots.csv', 'summary.json', 'vm-states.csv', 'vms.csv', 'whatif.json'])
    // the staging folder was swapped in: nothing beside it
    expect(readdirSync(dir).filter((n) => n.includes('snapsim-'))).toEqual([])
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(events.find((e) => e.type === 'datastore-full')).toMatchObject({ datastore: 'ds', stopped: 1 })
    expect(readFileSync(join(out, 'vm-states.csv'), 'utf8').split('\n')[0]).toBe('vm,state,from,fromTime,to,toTime,reason')
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;')
    // `report` rebuilds it from result.jsonl.gz
    const again = await snapsim('report', out)
    expect(again.code).toBe(0)
  })
})

describe('exit codes', () => {
  it('2 for bad input, with file, line and column and no stack trace', async () => {
    const bad = scenario('bad.yaml', fill.replace('capacity: 1050 GiB', 'capacity: 1050 Gib'))
    const r = await snapsim('run', bad)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${bad}:6:25: datastores[0].capacity: unknown unit \`Gib\``)
    expect(r.err).not.toMatch(/\n\s+at /)
    expect((await snapsim('run', join(dir, 'missing.yaml'))).code).toBe(2)
    expect((await snapsim('run', bad, '--frobnicate')).code).toBe(2)
    expect((await snapsim('validate', bad)).code).toBe(2)
  })

  it('check: 0 when every expectation holds, 1 when one fails, 2 for an unknown metric', async () => {
    const pass = scenario('pass.yaml', `${fill}expect:\n  - { metric: vmsStopped, equals: 1 }\n  - { metric: vm.b.firstStopAt, atLeast: 86400 }\n`)
    const fail = scenario('fail.yaml', `${fill}expect:\n  - { metric: vmsStopped, equals: 0 }\n`)
    const unknown = scenario('unknown.yaml', `${fill}expect:\n  - { metric: vmStopped, equals: 0 }\n`)
    expect((await snapsim('check', pass)).code).toBe(0)
    const f = await snapsim('check', fail)
    expect(f.code).toBe(1)
    expect(f.out).toContain('FAIL')
    expect(f.out).toContain('vmsStopped: VMs stopped 1, expected exactly 0')
    const u = await snapsim('check', unknown)
    expect(u.code).toBe(2)
    expect(u.err).toContain(`${unknown}:13:5: expect: unknown metric \`vmStopped\` (did you mean \`vmsStopped\`?)`)
    // bad input wins over a failure
    expect((await snapsim('check', fail, unknown)).code).toBe(2)
  })

  it('check: bounds with units, failures in units, a bound of the wrong kind is bad input at its value', async () => {
    // The datastore fills at -R ln(0.9) / 100 MiB/s = 539.446 s (above), at 100 % of 1050 GiB.
    const units = scenario(
      'units.yaml',
      `${fill}expect:\n  - { metric: firstFullAt, atLeast: 1h }\n  - { metric: datastore.ds.peakUsedFraction, atMost: 99% }\n  - { metric: datastore.ds.peakUsedBytes, atLeast: 1 TiB }\n  - { metric: firstFullAt, below: 10min }\n`,
    )
    const r = await snapsim('check', units)
    expect(r.code).toBe(1)
    expect(r.out).toContain('FAIL ' + units + ':13: firstFullAt: first fill 8 min 59.446 s, expected at least 1 h')
    expect(r.out).toContain('FAIL ' + units + ':14: datastore.ds.peakUsedFraction: datastore ds: peak use 100.0 %, expected at most 99.0 %')
    expect(r.out).toContain('pass ' + units + ':15: datastore.ds.peakUsedBytes atLeast 1.00 TiB (actual 1.03 TiB)')
    expect(r.out).toContain('pass ' + units + ':16: firstFullAt below 10 min (actual 8 min 59.446 s)')
    const wrong = scenario('wrong.yaml', `${fill}expect:\n  - { metric: firstFullAt, atLeast: 5 GiB }\n`)
    const w = await snapsim('check', wrong)
    expect(w.code).toBe(2)
    expect(w.err).toContain(`${wrong}:13:37: expect: atLeast: unknown unit \`GiB\``)
    expect(w.err).toContain('firstFullAt takes a time since the start')
  })

  it('check --junit writes JUnit XML', async () => {
    const fail = scenario('fail.yaml', `${fill}expect:\n  - { metric: vmsStopped, equals: 0 }\n`)
    const xml = join(dir, 'junit.xml')
    await snapsim('check', fail, '--junit', xml)
    const text = readFileSync(xml, 'utf8')
    expect(text).toContain('<testsuites name="snapsim check" tests="1" failures="1" errors="0">')
    expect(text).toContain('<failure message="VMs stopped 1, expected exactly 0"/>')
  })

  it('schema prints the JSON Schema; --help works on every command', async () => {
    const s = await snapsim('schema')
    expect(JSON.parse(s.out).properties.vms.type).toBe('array')
    for (const cmd of ['run', 'validate', 'check', 'report', 'schema']) {
      const h = await snapsim(cmd, '--help')
      expect(h.code).toBe(0)
      expect(h.out).toContain(`Usage: snapsim ${cmd}`)
    }
  })
})

describe('output helpers', () => {
  it('CSV quotes commas, quotes and line breaks', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [null, 'two\nlines']])).toBe('a,b\n"x,y","say ""hi"""\n,"two\nlines"\n')
  })

  it('JUnit XML escapes names and messages', () => {
    const xml = toJUnit([{ name: 'a<b>&"c"', timeSeconds: 0.5, cases: [{ name: "x'y", failure: '<bad>' }] }])
    expect(xml).toContain('name="a&lt;b&gt;&amp;&quot;c&quot;"')
    expect(xml).toContain('name="x&apos;y"')
    expect(xml).toContain('<failure message="&lt;bad&gt;"/>')
  })

  it('atomic writes replace the target and leave no temporary file', () => {
    const target = join(dir, 'atomic', 'f.txt')
    writeAtomic(target, 'one')
    writeAtomic(target, 'two')
    expect(readFileSync(target, 'utf8')).toBe('two')
    expect(readdirSync(join(dir, 'atomic'))).toEqual(['f.txt'])
    expect(existsSync(`${target}.tmp`)).toBe(false)
  })
})
