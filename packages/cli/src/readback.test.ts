// Files read back are hostile until checked: result.jsonl.gz and the tables beside it, an older
// result.json (`report`), shard folders (`merge`).
// And an output folder holds one complete run: a new run replaces every file of the old one.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { simulate } from '@snapsim/core'
import { loadScenarioFile } from '@snapsim/scenario'
import { describeRun } from './human.ts'
import { savedRun } from './outputs.ts'
import { outputSchemas, SAVED_RUN_VERSION } from '@snapsim/results'
import { summarize } from './summary.ts'
import { scenarioFiles } from './commands/check.ts'
import { jsonErrorOffset } from './readback.ts'
import { editLines, tamper } from './test/tamper.ts'
import { scratchDir, snapsim, writeIn } from './snapsim.test-helpers.ts'

const dir = scratchDir('snapsim-readback-')
const root = new URL('../../../', import.meta.url).pathname

const file = (name: string, text: string): string => writeIn(dir, name, text)

const PAYLOAD = '<img src=x onerror=alert(1)>'

// 6 replications of a small uncertain scenario (every shard of 3 holds 2).
const uncertain = `name: uncertain
horizon: 5d
datastores: [{ id: ds, capacity: 2 TiB, otherData: { uniform: [50 GiB, 150 GiB] } }]
vms:
  - { id: v, count: 2, datastore: ds, disk: 400 GiB, used: { triangular: [100 GiB, 200 GiB, 300 GiB] }, writeRate: 4 MiB/s }
jobs:
  - { id: nightly, vms: ["v-*"], schedule: "0 20 * * *", streamThroughput: 40 MiB/s, failure: { ratePerHour: 0.05, orphaned: 50% } }
`

const one = `name: one
horizon: 1d
datastores: [{ id: ds, capacity: 1 TiB }]
vms: [{ id: a, datastore: ds, disk: 100 GiB, used: 50 GiB, writeRate: 1 MiB/s }]
jobs: [{ id: j, vms: [a], schedule: "0 1 * * *", streamThroughput: 100 MiB/s }]
`

describe('where JSON goes wrong', () => {
  it('agrees with JSON.parse on valid JSON and on cut and mutated JSON (fast-check, fixed seed)', () => {
    const runs = process.env.SNAPSIM_DEEP ? 20_000 : 1_000
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.constantFrom('', '}', ']', ',', '"', ':', 'x', '\\', '0', ' ', '\n'), (v, at, ch) => {
        const text = JSON.stringify(v, null, at % 2 === 0 ? 0 : 1)
        expect(jsonErrorOffset(text)).toBe(-1)
        const cut = at % text.length
        for (const t of [text.slice(0, cut), text.slice(0, cut) + ch + text.slice(cut + 1)]) {
          let ok = true
          try {
            JSON.parse(t)
          } catch {
            ok = false
          }
          const offset = jsonErrorOffset(t)
          expect(offset === -1, t).toBe(ok)
          if (!ok) {
            // the text before the offset is a prefix of some valid JSON: the offset is the first wrong character
            expect(offset).toBeLessThanOrEqual(t.length)
          }
        }
      }),
      { seed: 15, numRuns: runs },
    )
    expect(jsonErrorOffset('{"a": }')).toBe(6)
    expect(jsonErrorOffset('[1, 2')).toBe(5)
    expect(jsonErrorOffset('{"a": 1}\n{')).toBe(9)
  })
})

describe('a run read back (result.jsonl.gz, the tables, an older result.json)', () => {
  it('every shipped scenario round-trips through the schemas (they know every field core writes)', () => {
    const files = scenarioFiles([join(root, 'scenarios')])
    expect(files.length).toBeGreaterThan(5)
    const { savedRunSchema, savedRunHeaderSchema, savedLineSchema } = outputSchemas()
    for (const f of files) {
      const s = loadScenarioFile(f)
      const result = simulate(s.model)
      const run = JSON.parse(JSON.stringify(savedRun(s, result, describeRun(s, result, summarize(s, result)))))
      const parsed = savedRunSchema.safeParse(run)
      expect(parsed.success ? [] : parsed.error.issues.slice(0, 3), f).toEqual([])
      // the lines of result.jsonl.gz as writeSavedRun writes them
      const { datastores, vms, backups: _b, snapshots: _s, log: _l, ...scalars } = run.result
      const header = savedRunHeaderSchema.safeParse({ kind: 'run', version: SAVED_RUN_VERSION, ...run, result: scalars })
      expect(header.success ? [] : header.error.issues.slice(0, 3), f).toEqual([])
      for (const line of [...datastores.map((d: object) => ({ kind: 'datastore', ...d })), ...vms.map((v: object) => ({ kind: 'vm', ...v }))]) {
        const parsed = savedLineSchema.safeParse(line)
        expect(parsed.success ? [] : parsed.error.issues.slice(0, 3), f).toEqual([])
      }
    }
  }, 120_000)

  it('report refuses markup in a number field, an unknown key, a non-finite number, a reserved key, a stray id or index, with file, line and field', async () => {
    const out = join(dir, 'tampered')
    expect((await snapsim('run', file('one.yaml', one), '--out', out, '--quiet')).code).toBe(0)
    const before = readFileSync(join(out, 'report.html'), 'utf8')
    const gz = 'result.jsonl.gz'
    const header = (edit: (r: Record<string, any>) => void) => (t: string) => editLines(t, (l) => edit(l[0]!))
    const cases: [string, string, (text: string) => string, string][] = [
      ['run markup', 'backups.csv', (t) => t.replace('\nj,a,1,', `\nj,a,${PAYLOAD},`), `backups.csv:2: column run: a finite number expected, got "<img src=x onerror=alert(1)>"`],
      ['run zero', 'backups.csv', (t) => t.replace('\nj,a,1,', '\nj,a,0,'), 'backups.csv:2: run: expected a whole number >= 1'],
      ['chainDepth', 'events.jsonl', (t) => editLines(t, (l) => (l.find((e) => e.type === 'backup-start')!.chainDepth = -1)), 'events.jsonl:3: chainDepth: must be >= 0, got -1'],
      ['type', 'events.jsonl', (t) => editLines(t, (l) => (l[0]!.type = PAYLOAD)), `events.jsonl:1: type: expected "job-fire" or "backup-start"`],
      ['maxBytes', 'snapshots.csv', (t) => t.replace(/^(a,j,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,)[^,]*/m, '$11e400'), 'snapshots.csv:2: column maxBytes: a finite number expected, got "1e400"'],
      ['unknown key', gz, header((r) => (r.result.extra = 1)), `${gz}:1: result: unknown key "extra"`],
      ['big', gz, header((r) => (r.result.horizon = '1e400')), `${gz}:1: result.horizon: expected number, got "1e400"`],
      ['proto', gz, header((r) => (r.alarms = JSON.parse('{"__proto__": [{"name": "x", "fraction": 0.5}]}'))), `${gz}:1: alarms.__proto__: a reserved name`],
      ['constructor', gz, (t) => editLines(t, (l) => (l[2]!['constructor'] = 1)), `${gz}:3: constructor: a reserved name`],
      ['state time', gz, (t) => editLines(t, (l) => (l[2]!.states[0].from = -1)), `${gz}:3: states[0].from: must be >= 0, got -1`],
      ['stray alarm key', gz, header((r) => (r.alarms = { other: [] })), `${gz}: alarms: "other" is not a datastore of the result`],
      ['past the horizon', gz, (t) => editLines(t, (l) => (l[1]!.series.t[l[1]!.series.t.length - 1] = 1e9)), `${gz}: datastore "ds": a use point lies past the horizon (86400 s)`],
      ['stray VM', 'backups.csv', (t) => t.replace('\nj,a,1,', '\nj,zz,1,'), `${gz}: backup 1: VM "zz" is not in the result`],
      ['stray snapshot', 'backups.csv', (t) => t.replace(/^(j,a,1,(?:[^,]*,){14})0,/m, '$199,'), `${gz}: backup 1: snapshot 99 is not a row of the snapshots (1 rows)`],
    ]
    for (const [what, name, edit, message] of cases) {
      const copy = join(dir, `tampered-${what.replace(/ /g, '-')}`)
      rmSync(copy, { recursive: true, force: true })
      expect((await snapsim('run', join(dir, 'one.yaml'), '--out', copy, '--quiet')).code).toBe(0)
      const text = readFileSync(join(copy, name))
      tamper(copy, name, edit)
      expect(readFileSync(join(copy, name)), what).not.toEqual(text)
      const r = await snapsim('report', copy)
      expect(r.code, what).toBe(2)
      expect(r.err, what).toContain(`${copy}/${message}`)
      expect(r.err).not.toMatch(/\n\s+at /)
    }
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(before)
  }, 120_000)

  it('report refuses an empty, malformed or missing result.jsonl.gz, a changed file, a folder of other files without manifest, a file for a folder: exit 2', async () => {
    const out = join(dir, 'broken')
    expect((await snapsim('run', join(dir, 'one.yaml'), '--out', out, '--quiet')).code).toBe(0)
    tamper(out, 'result.jsonl.gz', () => '')
    let r = await snapsim('report', out)
    expect([r.code, r.err]).toEqual([2, `snapsim: ${out}/result.jsonl.gz: empty\n`])
    tamper(out, 'result.jsonl.gz', () => '{"kind":"run",\n')
    r = await snapsim('report', out)
    expect([r.code, r.err]).toEqual([2, `snapsim: ${out}/result.jsonl.gz:1:15: not valid JSON\n`])
    // changed without the manifest: not the run that was written
    writeFileSync(join(out, 'result.jsonl.gz'), 'not gzip')
    r = await snapsim('report', out)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${out}/result.jsonl.gz: differs from manifest.json`)
    rmSync(join(out, 'manifest.json'))
    // without a manifest (an older snapsim's folder) every file is still checked as it is read
    r = await snapsim('report', out)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${out}/result.jsonl.gz: cannot be read`)
    writeFileSync(join(out, 'notes.txt'), 'mine')
    r = await snapsim('report', out)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${out}/manifest.json: not found`)
    r = await snapsim('report', join(dir, 'one.yaml'))
    expect([r.code, r.err]).toEqual([2, `snapsim: ${join(dir, 'one.yaml')}: is a file; expected the --out folder of a \`snapsim run\`\n`])
    r = await snapsim('report', join(dir, 'nowhere'))
    expect(r.code).toBe(2)
  })

  it('report reads an older folder (result.json, no manifest) through the same schema, and gives it a manifest', async () => {
    const older = join(dir, 'older')
    const copy = join(dir, 'older-src')
    rmSync(older, { recursive: true, force: true })
    expect((await snapsim('run', join(dir, 'one.yaml'), '--out', copy, '--quiet')).code).toBe(0)
    const s = loadScenarioFile(join(dir, 'one.yaml'))
    const result = simulate(s.model)
    const run = savedRun(s, result, describeRun(s, result, summarize(s, result)))
    mkdirSync(older)
    for (const f of ['summary.json', 'events.jsonl', 'backups.csv', 'snapshots.csv', 'vm-states.csv', 'datastore-use.csv']) writeFileSync(join(older, f), readFileSync(join(copy, f)))
    writeFileSync(join(older, 'result.json'), JSON.stringify({ ...run, result: { ...run.result, backups: [{ ...run.result.backups[0], run: PAYLOAD }] } }))
    let r = await snapsim('report', older)
    expect([r.code, r.err.split('\n').slice(-2)[0]]).toEqual([2, `snapsim: ${older}/result.json: result.backups[0].run: expected number, got "<img src=x onerror=alert(1)>"`])
    expect(existsSync(join(older, 'manifest.json'))).toBe(false)
    writeFileSync(join(older, 'result.json'), JSON.stringify(run))
    r = await snapsim('report', older)
    expect(r.code, r.err).toBe(0)
    expect(r.err).toContain('has no manifest.json (written by an older snapsim)')
    expect(JSON.parse(readFileSync(join(older, 'manifest.json'), 'utf8')).command).toBe('report')
    expect(readFileSync(join(older, 'report.html'), 'utf8')).toContain('<title>snapsim report: one</title>')
  }, 60_000)

  it('report rebuilds a Monte Carlo folder: same files, new report, a manifest that checks', async () => {
    const out = join(dir, 'mc-report')
    expect((await snapsim('run', file('uncertain.yaml', uncertain), '--replications', '6', '--workers', '1', '--out', out, '--quiet')).code).toBe(0)
    const names = readdirSync(out).sort()
    const risk = readFileSync(join(out, 'risk.json'), 'utf8')
    expect((await snapsim('report', out, '--static', '--quiet')).code).toBe(0)
    expect(readdirSync(out).sort()).toEqual(names)
    expect(readFileSync(join(out, 'risk.json'), 'utf8')).toBe(risk)
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Risk over 6 replications')
    expect((await snapsim('report', out, '--quiet')).code).toBe(0)
  }, 60_000)
})

describe('merge checks every shard', () => {
  async function shards(tag: string): Promise<string[]> {
    const f = join(dir, 'uncertain.yaml')
    writeFileSync(f, uncertain)
    const dirs = []
    for (const s of ['1/3', '2/3', '3/3']) {
      const out = join(dir, `${tag}-shard${s[0]}`)
      rmSync(out, { recursive: true, force: true })
      const r = await snapsim('run', f, '--replications', '6', '--workers', '1', '--shard', s, '--out', out, '--quiet')
      expect(r.code, r.err).toBe(0)
      dirs.push(out)
    }
    return dirs
  }

  it('merges untouched shards, and refuses tampered records with the line and field', async () => {
    const dirs = await shards('rec')
    expect((await snapsim('merge', ...dirs, '--json')).code).toBe(0)
    const cases: [string, (line: Record<string, any>) => void, string][] = [
      ['markup index', (l) => (l.replication = PAYLOAD), `replications.jsonl:1: replication: expected number, got "<img src=x onerror=alert(1)>"`],
      ['99 of 6', (l) => (l.replication = 99), 'replications.jsonl:1: replication: 99 is not in a run of 6 replications (0 to 5)'],
      ['other shard', (l) => (l.replication = 1), 'replications.jsonl:1: replication: 1 is not in shard 1/3'],
      ['seed', (l) => (l.seed = PAYLOAD), 'replications.jsonl:1: seed: expected "1/r0"'],
      ['grid', (l) => l.datastores[0].use.pop(), 'replications.jsonl:1: datastores[0].use: 200 values, the grid has 201'],
      ['unknown key', (l) => (l.note = 'x'), 'replications.jsonl:1: unknown key "note"'],
      ['negative', (l) => (l.downtimeSeconds = -5), 'replications.jsonl:1: downtimeSeconds: must be >= 0, got -5'],
    ]
    for (const [what, edit, message] of cases) {
      const [a, b, c] = await shards('rec')
      tamper(a!, 'replications.jsonl', (t) => {
        const lines = t.trim().split('\n').map((l) => JSON.parse(l))
        edit(lines[0])
        return lines.map((l) => JSON.stringify(l)).join('\n') + '\n'
      })
      const r = await snapsim('merge', a!, b!, c!, '--out', join(dir, 'merged'))
      expect(r.code, what).toBe(2)
      expect(r.err, what).toContain(`${a}/${message}`)
      expect(existsSync(join(dir, 'merged')), what).toBe(false)
    }
  }, 120_000)

  it('refuses missing, truncated and duplicated records, a shard twice, and shards of an edited scenario', async () => {
    let [a, b, c] = await shards('set')
    // truncated without the manifest knowing
    writeFileSync(join(a!, 'replications.jsonl'), readFileSync(join(a!, 'replications.jsonl'), 'utf8').slice(0, 100))
    let r = await snapsim('merge', a!, b!, c!)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${a}/replications.jsonl: differs from manifest.json`)
    // truncated, manifest rewritten: the last line does not end
    ;[a, b, c] = await shards('set')
    tamper(a!, 'replications.jsonl', (t) => t.slice(0, 100))
    r = await snapsim('merge', a!, b!, c!)
    expect([r.code, r.err]).toEqual([2, `snapsim: ${a}/replications.jsonl:1: the last line does not end: the file is truncated\n`])
    // a whole line dropped, manifest rewritten: fewer records than shard.json says
    ;[a, b, c] = await shards('set')
    tamper(a!, 'replications.jsonl', (t) => t.split('\n').slice(1).join('\n'))
    r = await snapsim('merge', a!, b!, c!)
    expect([r.code, r.err]).toEqual([2, `snapsim: ${a}/replications.jsonl: 1 records, but shard.json says 2: truncated or edited\n`])
    // missing
    ;[a, b, c] = await shards('set')
    rmSync(join(a!, 'replications.jsonl'))
    r = await snapsim('merge', a!, b!, c!)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${a}/replications.jsonl: listed in manifest.json but missing`)
    // a shard given twice
    ;[a, b, c] = await shards('set')
    r = await snapsim('merge', a!, b!, a!)
    expect(r.code).toBe(2)
    expect(r.err).toContain('shard 1/3 again')
    // a shard made after the scenario file was edited
    writeFileSync(join(dir, 'uncertain.yaml'), uncertain.replace('horizon: 5d', 'horizon: 5d\n# edited'))
    const edited = join(dir, 'set-edited')
    rmSync(edited, { recursive: true, force: true })
    expect((await snapsim('run', join(dir, 'uncertain.yaml'), '--replications', '6', '--workers', '1', '--shard', '3/3', '--out', edited, '--quiet')).code).toBe(0)
    r = await snapsim('merge', a!, b!, edited)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${edited}: made from another version of ${join(dir, 'uncertain.yaml')}`)
    // all shards from the old file, but the file changed since: the worst replication cannot be replayed
    r = await snapsim('merge', a!, b!, c!)
    expect(r.code).toBe(2)
    expect(r.err).toContain('changed since the shards')
    writeFileSync(join(dir, 'uncertain.yaml'), uncertain)
    expect((await snapsim('merge', a!, b!, c!, '--json')).code).toBe(0)
  }, 120_000)

  it('keeps the --set flags in the printed replay command', async () => {
    const f = file('uncertain.yaml', uncertain)
    const r = await snapsim('run', f, '--replications', '3', '--workers', '1', '--set', 'jobs.nightly.streamThroughput=30 MiB/s', '--seed', '9')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(new RegExp(`replay it with \`snapsim run ${f} --seed 9 --set 'jobs.nightly.streamThroughput=30 MiB/s' --replication \\d\``))
  }, 60_000)
})

describe('an output folder holds one run', () => {
  it('a run into the folder of a Monte Carlo run leaves none of its files', async () => {
    const out = join(dir, 'reused')
    expect((await snapsim('run', file('uncertain.yaml', uncertain), '--replications', '3', '--workers', '1', '--out', out, '--quiet')).code).toBe(0)
    expect(existsSync(join(out, 'risk.json'))).toBe(true)
    expect((await snapsim('run', join(dir, 'one.yaml'), '--out', out, '--quiet')).code).toBe(0)
    const names = readdirSync(out).sort()
    expect(names).toEqual(['backups.csv', 'datastore-use.csv', 'events.jsonl', 'manifest.json', 'report.html', 'result.jsonl.gz', 'snapshots.csv', 'summary.json', 'vm-states.csv', 'vms.csv', 'whatif.json'])
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.command).toBe('run')
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual(names.filter((n) => n !== 'manifest.json'))
    expect(readdirSync(dir).filter((n) => n.includes('snapsim-'))).toEqual([])
  }, 60_000)

  it('refuses an --out that is a file, under a file, not writable, or a folder of other files: exit 2 before running', async () => {
    const f = join(dir, 'one.yaml')
    const plain = file('plain.txt', 'x')
    let r = await snapsim('run', f, '--out', plain)
    expect([r.code, r.err]).toEqual([2, `snapsim: --out ${plain}: is a file; give a folder (it is created if missing)\n`])
    r = await snapsim('run', f, '--out', join(plain, 'sub'))
    expect([r.code, r.err]).toEqual([2, `snapsim: --out ${join(plain, 'sub')}: is under a file, not a folder\n`])
    r = await snapsim('run', f, '--out', join(plain, 'sub', 'deeper'))
    expect(r.code).toBe(2)
    const home = join(dir, 'home')
    mkdirSync(home, { recursive: true })
    writeFileSync(join(home, 'thesis.tex'), 'precious')
    r = await snapsim('run', f, '--out', home)
    expect(r.code).toBe(2)
    expect(r.err).toContain('holds files snapsim did not write (thesis.tex)')
    expect(readFileSync(join(home, 'thesis.tex'), 'utf8')).toBe('precious')
    if (existsSync('/sys/kernel')) {
      // a read-only place even for root (sysfs)
      r = await snapsim('run', f, '--out', '/sys/kernel/snapsim-out')
      expect(r.code).toBe(2)
      expect(r.err).toMatch(/^snapsim: --out \/sys\/kernel\/snapsim-out: cannot (write|create)/)
    }
    r = await snapsim('check', f, '--junit', dir)
    expect([r.code, r.err.split('\n').at(-2)]).toEqual([2, `snapsim: --junit ${dir}: is a folder; give a file name`])
  })
})
