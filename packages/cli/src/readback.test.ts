// Files read back are hostile until checked: result.json (`report`), shard folders (`merge`).
// And an output folder holds one complete run: a new run replaces every file of the old one.

import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { simulate } from '@snapsim/core'
import { loadScenarioFile } from '@snapsim/scenario'
import { describeRun } from './human.ts'
import { savedRun } from './outputs.ts'
import { savedRunSchema } from './output-schemas.ts'
import { main } from './program.ts'
import { summarize } from './summary.ts'
import { scenarioFiles } from './commands/check.ts'
import { jsonErrorOffset } from './readback.ts'

const dir = mkdtempSync(join(tmpdir(), 'snapsim-readback-'))
const root = new URL('../../../', import.meta.url).pathname

async function snapsim(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) })
  return { code, out, err }
}

function file(name: string, text: string): string {
  const f = join(dir, name)
  writeFileSync(f, text)
  return f
}

/** An attacker who edits a file also rewrites manifest.json to match: the schema must catch it then. */
function tamper(folder: string, name: string, edit: (text: string) => string): void {
  const path = join(folder, name)
  const text = edit(readFileSync(path, 'utf8'))
  writeFileSync(path, text)
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'))
  const entry = manifest.files.find((f: { name: string }) => f.name === name)
  entry.bytes = Buffer.byteLength(text)
  entry.sha256 = createHash('sha256').update(text).digest('hex')
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest))
}

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

describe('result.json read back', () => {
  it('every shipped scenario round-trips through the schema (the schema knows every field core writes)', () => {
    const files = scenarioFiles([join(root, 'scenarios')])
    expect(files.length).toBeGreaterThan(5)
    for (const f of files) {
      const s = loadScenarioFile(f)
      const result = simulate(s.model)
      const run = savedRun(s, result, describeRun(s, result, summarize(s, result)))
      const parsed = savedRunSchema.safeParse(JSON.parse(JSON.stringify(run)))
      expect(parsed.success ? [] : parsed.error.issues.slice(0, 3), f).toEqual([])
    }
  }, 120_000)

  it('report refuses a number field holding markup, an unknown key, a non-finite number, a reserved key, with file and field', async () => {
    const out = join(dir, 'tampered')
    expect((await snapsim('run', file('one.yaml', one), '--out', out, '--quiet')).code).toBe(0)
    const before = readFileSync(join(out, 'report.html'), 'utf8')
    const cases: [string, (r: Record<string, any>) => void, string][] = [
      ['run', (r) => (r.result.backups[0].run = PAYLOAD), `result.backups[0].run: expected number, got "<img src=x onerror=alert(1)>"`],
      ['chainDepth', (r) => (r.result.log.find((e: { type: string }) => e.type === 'backup-start').chainDepth = -1), 'chainDepth: must be >= 0, got -1'],
      ['unknown key', (r) => (r.result.extra = 1), 'result: unknown key "extra"'],
      ["type", (r) => (r.result.log[0].type = PAYLOAD), `result.log[0].type: expected "job-fire" or "backup-start"`],
      ['big', (r) => (r.result.horizon = '1e400'), 'result.horizon: expected number, got "1e400"'],
      ['proto', (r) => (r.alarms = JSON.parse('{"__proto__": [{"name": "x", "fraction": 0.5}]}')), 'alarms.__proto__: a reserved name'],
      ['constructor', (r) => (r.result.vms[0].constructor = 1), 'result.vms[0].constructor: a reserved name'],
      ['stray alarm key', (r) => (r.alarms = { other: [] }), 'alarms: "other" is not a datastore of the result'],
    ]
    for (const [what, edit, message] of cases) {
      const copy = join(dir, `tampered-${what.replace(/ /g, '-')}`)
      rmSync(copy, { recursive: true, force: true })
      expect((await snapsim('run', join(dir, 'one.yaml'), '--out', copy, '--quiet')).code).toBe(0)
      tamper(copy, 'result.json', (t) => {
        const r = JSON.parse(t)
        edit(r)
        return JSON.stringify(r)
      })
      const r = await snapsim('report', copy)
      expect(r.code, what).toBe(2)
      expect(r.err, what).toContain(`${copy}/result.json: `)
      expect(r.err, what).toContain(message)
      expect(r.err).not.toMatch(/\n\s+at /)
    }
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(before)
  }, 60_000)

  it('report refuses an empty, malformed or missing result.json, a folder without manifest and a file for a folder: exit 2', async () => {
    const out = join(dir, 'broken')
    expect((await snapsim('run', join(dir, 'one.yaml'), '--out', out, '--quiet')).code).toBe(0)
    tamper(out, 'result.json', () => '')
    let r = await snapsim('report', out)
    expect([r.code, r.err]).toEqual([2, `snapsim: ${out}/result.json: empty, expected JSON\n`])
    tamper(out, 'result.json', () => '{"scenario":\n  {"name": }')
    r = await snapsim('report', out)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(new RegExp(`${out}/result.json:2:\\d+: not valid JSON`))
    // changed without the manifest: not the run that was written
    writeFileSync(join(out, 'result.json'), '{}')
    r = await snapsim('report', out)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${out}/result.json: differs from manifest.json`)
    rmSync(join(out, 'manifest.json'))
    r = await snapsim('report', out)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${out}/manifest.json: not found`)
    r = await snapsim('report', join(dir, 'one.yaml'))
    expect([r.code, r.err]).toEqual([2, `snapsim: ${join(dir, 'one.yaml')}: is a file; expected the --out folder of a \`snapsim run\`\n`])
    r = await snapsim('report', join(dir, 'nowhere'))
    expect(r.code).toBe(2)
  })

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
    expect(names).toEqual(['backups.csv', 'datastore-use.csv', 'events.jsonl', 'manifest.json', 'report.html', 'result.json', 'snapshots.csv', 'summary.json', 'vm-states.csv'])
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
