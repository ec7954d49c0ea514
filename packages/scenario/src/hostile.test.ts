// Hostile and careless input (issue 15): keys that name JavaScript internals, selectors over
// unusual ids, values out of range, broken YAML aliases, oversized input. Each is refused with
// file, line, column and field, and leaves Object.prototype alone.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ScenarioError, formatIssues, type ScenarioIssue } from './errors.ts'
import { DEFAULT_LIMITS } from './limits.ts'
import { loadScenarioFile, parseScenario, readScenarioText } from './load.ts'
import { parseSetOption, setPath } from './sweep.ts'
import { checkScenario, type CheckOptions } from './sweep-check.ts'
import { issuesOf, refusal, rows, smallScenario } from './issues.test-helpers.ts'

const base = smallScenario({ horizon: '2d', capacity: '10 TiB' })

/** The issues `validate` finds (the sweep block too). */
function checkIssuesOf(text: string, options: CheckOptions = {}): ScenarioIssue[] {
  return refusal(() => checkScenario(text, 'bad.yaml', options))
}
const clean = () => {
  for (const k of ['polluted', 'x', 'safeParse']) expect(Object.hasOwn(Object.prototype, k), k).toBe(false)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
}
afterEach(clean)

describe('keys that name JavaScript internals are data, and refused', () => {
  const reserved = '`__proto__`, `constructor` and `prototype` cannot be keys or key path segments'
  it('as an unknown key at the top, in a datastore, in a distribution, in profiles', () => {
    expect(rows(issuesOf(`${base}__proto__:\n  polluted: 1\n`))).toEqual([[15, 1, '', `key \`__proto__\` is reserved (${reserved})`]])
    expect(rows(issuesOf(base.replace('    capacity: 10 TiB\n', '    capacity: 10 TiB\n    constructor: 3\n')))).toEqual([[5, 5, '', `key \`constructor\` is reserved (${reserved})`]])
    expect(rows(issuesOf(base.replace('writeRate: 1 MiB/s', 'writeRate: { uniform: [1, 2], prototype: 1 }')))).toEqual([[9, 35, '', `key \`prototype\` is reserved (${reserved})`]])
    expect(rows(issuesOf(`${base}profiles:\n  constructor: [${Array(24).fill(1).join(', ')}]\n`))).toEqual([[16, 3, '', `key \`constructor\` is reserved (${reserved})`]])
  })

  it('as a sweep parameter path', () => {
    expect(rows(issuesOf(`${base}sweep:\n  parameters:\n    __proto__: [1, 2]\n`))).toEqual([[17, 5, '', `key \`__proto__\` is reserved (${reserved})`]])
    expect(rows(checkIssuesOf(`${base}sweep:\n  parameters:\n    jobs.nightly.constructor: [1, 2]\n`))).toEqual([[17, 5, 'sweep.parameters.jobs.nightly.constructor', `\`constructor\` is reserved (${reserved})`]])
  })

  it('as a --set path, reported at the flag', () => {
    for (const path of ['__proto__.polluted', 'constructor.prototype.polluted', 'policies.__proto__.polluted', 'jobs.nightly.__proto__']) {
      const issues = issuesOf(base, { set: { [path]: 'yes' } })
      expect(issues.map((i) => [i.flag, i.message])).toEqual([[`--set ${path}=yes`, `\`${path.split('.').find((k) => ['__proto__', 'constructor', 'prototype'].includes(k))}\` is reserved (${reserved})`]])
      expect(formatIssues(issues)).toMatch(/^--set /)
    }
    expect(() => parseSetOption('__proto__.x=1')).toThrow(/reserved/)
  })

  it('an inherited property name is an ordinary unknown key, a missing id, or a unit that does not exist', () => {
    expect(rows(issuesOf(`${base}toString: 1\n`))).toEqual([[15, 1, 'toString', 'unknown key `toString`']])
    expect(issuesOf(base, { set: { 'toString.x': 1 } }).map((i) => i.message)).toEqual(['no key `toString`'])
    expect(issuesOf(base, { set: { 'jobs.hasOwnProperty.x': 1 } }).map((i) => i.message)).toEqual(['no entry with id `hasOwnProperty`'])
    expect(rows(issuesOf(base.replace('10 TiB', '10 constructor')))[0]![3]).toMatch(/^unknown unit `constructor` in `10 constructor`/)
    expect(rows(issuesOf(base.replace('1 MiB/s', '1 MiB/hasOwnProperty')))[0]![3]).toMatch(/^unknown time unit `hasOwnProperty`/)
  })

  it('setPath creates mappings without a prototype and never walks into inherited ones', () => {
    const doc = Object.create(null) as Record<string, unknown>
    doc.policies = Object.create(null)
    expect(setPath(doc, 'policies.maxSnapshotAge', '7d')).toEqual(['policies', 'maxSnapshotAge'])
    expect(() => setPath(doc, 'policies.constructor', 1)).toThrow(/reserved/)
    expect(() => setPath({}, 'valueOf.x', 1)).toThrow(/no key `valueOf`/)
  })
})

describe('a job selects exactly the VMs its patterns say', () => {
  const odd = `horizon: 2d
datastores:
  - id: ds1
    capacity: 10 TiB
vms:
  - { id: "a/b", disk: 1 GiB }
  - { id: ".hidden", disk: 1 GiB }
  - { id: "with space", disk: 1 GiB }
  - { id: "Größe-数据", disk: 1 GiB }
  - { id: "plain", disk: 1 GiB }
jobs:
  - id: all
    vms: ["*"]
    schedule: "0 20 * * *"
    streamThroughput: 100 MiB/s
`
  it('`*` matches ids with a slash, a leading dot, a space and unicode', () => {
    expect(parseScenario(odd, 'odd.yaml').model.jobs[0]!.vms).toEqual(['a/b', '.hidden', 'with space', 'Größe-数据', 'plain'])
  })
  it('patterns with `/`, `.`, `?`, classes and braces', () => {
    const sel = (p: string) => parseScenario(odd.replace('vms: ["*"]', `vms: ${p}`), 'odd.yaml').model.jobs[0]!.vms
    expect(sel('["a/*", ".*"]')).toEqual(['a/b', '.hidden'])
    expect(sel('["with?space"]')).toEqual(['with space'])
    expect(sel('["Größe-??"]')).toEqual(['Größe-数据'])
    expect(sel('["{plain,a/b}"]')).toEqual(['a/b', 'plain'])
    expect(sel('["[.p]*"]')).toEqual(['.hidden', 'plain'])
  })
  it('`vms: []`, `vms: [""]`, `vms: ""` and a malformed pattern are errors at their position', () => {
    expect(rows(issuesOf(base.replace('vms: ["*"]', 'vms: []')))).toEqual([[12, 10, 'jobs[0].vms', 'a job needs at least one VM id or pattern (`"*"` selects every VM)']])
    const empty = 'an empty pattern selects no VM: give a VM id or a pattern such as `web-*` (`"*"` selects every VM)'
    expect(rows(issuesOf(base.replace('vms: ["*"]', 'vms: ["web-01", ""]')))).toEqual([[12, 21, 'jobs[0].vms[1]', empty]])
    expect(rows(issuesOf(base.replace('vms: ["*"]', 'vms: ""')))).toEqual([[12, 10, 'jobs[0].vms', empty]])
    expect(rows(issuesOf(base.replace('vms: ["*"]', 'vms: ["web-[1"]')))).toEqual([[12, 11, 'jobs[0].vms[0]', '`web-[1`: unclosed `[` at character 5: write `\\[` for the character itself']])
  })
})

describe('every number is finite and within its documented range', () => {
  it('sizes, rates, durations beyond the format range, and numbers YAML reads as infinite', () => {
    expect(rows(issuesOf(base.replace('10 TiB', '1e400 B')))).toEqual([[4, 15, 'datastores[0].capacity', 'size `1e400 B` is out of range: at most 1 EiB (2^60 bytes)']])
    expect(rows(issuesOf(base.replace('1 MiB/s', '1e400 B/s')))).toEqual([[9, 16, 'vms[0].writeRate', 'rate `1e400 B/s` is out of range: at most 1 PiB/s']])
    expect(rows(issuesOf(base.replace('10 TiB', '2000 PiB')))).toEqual([[4, 15, 'datastores[0].capacity', 'size `2000 PiB` is out of range: at most 1 EiB (2^60 bytes)']])
    expect(rows(issuesOf(base.replace('2d', '1e20 s')))).toEqual([[1, 10, 'horizon', 'duration `1e20 s` is out of range: at most 1,000 years']])
    expect(rows(issuesOf(base.replace('10 TiB', '1e400')))).toEqual([[4, 15, '', '`1e400` is not a finite number']])
    expect(rows(issuesOf(base.replace('10 TiB', '.inf')))).toEqual([[4, 15, '', '`.inf` is not a finite number']])
    expect(rows(issuesOf(base.replace('count: 3', 'count: .nan')))).toEqual([[7, 12, '', '`.nan` is not a finite number']])
  })
  it('a profile multiplier of 1e308 and a negative one', () => {
    const profile = (m: string) => `${base.replace('    writeRate: 1 MiB/s\n', '    writeRate: 1 MiB/s\n    dailyProfile: busy\n')}profiles:\n  busy: [${[m, ...Array(23).fill(1)].join(', ')}]\n`
    expect(rows(issuesOf(profile('1e308')))).toEqual([[17, 10, 'profiles.busy[0]', 'a multiplier must be within 0..1000, got 1e+308']])
    expect(rows(issuesOf(profile('-0.5')))).toEqual([[17, 10, 'profiles.busy[0]', 'a multiplier must be within 0..1000, got -0.5']])
  })
  it('negative shares and sizes of the space guard', () => {
    const guard = (v: string) => `${base}policies:\n  minFreeForSnapshot: ${v}\n`
    expect(rows(issuesOf(guard('-10%')))[0]!.slice(0, 3)).toEqual([16, 23, 'policies.minFreeForSnapshot'])
    expect(rows(issuesOf(guard('-0.1')))).toEqual([[16, 23, 'policies.minFreeForSnapshot', 'minFreeForSnapshot must not be negative, got `-0.1`']])
    expect(rows(issuesOf(guard('"-5 GiB"')))).toEqual([[16, 23, 'policies.minFreeForSnapshot', 'minFreeForSnapshot must not be negative, got `-5 GiB`']])
    expect(rows(issuesOf(base.replace('writeRate: 1 MiB/s', 'writeRate: 1 MiB/s\n    footprint: -0.2')))[0]!.slice(0, 3)).toEqual([10, 16, 'vms[0].footprint'])
  })
  it('an invalid second in the start time', () => {
    expect(rows(issuesOf(`start: "2026-01-05T10:00:61"\n${base}`))).toEqual([[1, 8, 'start', 'not a valid date-time: `2026-01-05T10:00:61` (hours 00-23, minutes and seconds 00-59)']])
    expect(parseScenario(`start: "2026-01-05T10:00:59"\n${base}`, 'ok.yaml').startEpochMs).toBe(Date.UTC(2026, 0, 5, 10, 0, 59))
  })
})

describe('YAML aliases and long values', () => {
  it('an undefined alias and an alias inside its own anchor are positioned errors', () => {
    expect(rows(issuesOf(`${base}description: *nothing\n`))).toEqual([[15, 14, '', 'undefined alias `*nothing`: no anchor `&nothing` before it']])
    expect(rows(issuesOf(`${base}description: &a [1, *a]\n`))).toEqual([[15, 21, '', 'alias `*a` refers to a node that contains it']])
  })
  it('an alias bomb stops at the limit, at the alias that crosses it', () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n'
    for (let i = 1; i < 10; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`
    const t0 = Date.now()
    const issues = issuesOf(`${base}${bomb}`)
    expect(Date.now() - t0).toBeLessThan(60_000) // not a timing assertion: a bound against a hang
    expect(issues).toHaveLength(1)
    expect(issues[0]!.message).toBe(`aliases expand to more than ${DEFAULT_LIMITS.aliasValues} values (an alias bomb?); raise it with \`--limit alias-values=…\` (docs/limits.md)`)
    // *a0 expands to 11 values, *a(k) to 1 + 10 (1 + *a(k-1)): a1..a3 take 13,530, each *a3 12,221,
    // so the 8th alias of a4 (line 19, column 10 + 7 x 5) crosses 100,000.
    expect([issues[0]!.line, issues[0]!.column]).toEqual([19, 45])
  })
  it('aliases in ordinary use still work and are copies', () => {
    const s = parseScenario(base.replace('disk: 100 GiB', 'disk: &d 100 GiB').replace('jobs:', '  - { id: db, disk: *d }\njobs:'), 'a.yaml')
    expect(s.model.vms.map((v) => v.disk)).toEqual(Array(4).fill(100 * 2 ** 30))
  })
  it('a 100,000-character id is refused at its position, the message short', () => {
    const long = 'v'.repeat(100_000)
    const issues = issuesOf(base.replace('id: web', `id: ${long}`).replace('vms: ["*"]', `vms: ["${long}*"]`))
    expect(rows(issues)[0]).toEqual([6, 9, 'vms[0].id', `an id of 100,000 characters is longer than the limit of ${DEFAULT_LIMITS.idLength}; raise it with \`--limit id-length=…\` (docs/limits.md)`])
    for (const line of formatIssues(issues).split('\n')) expect(line.length).toBeLessThan(400)
  })
  it('keys that are lists or mappings are refused; a message never shows [object Object] or the internal marker', () => {
    expect(rows(issuesOf(`${base}? [a, b]\n: 1\n`))).toEqual([[15, 3, '', 'a key must be a word or a number, not a list, a mapping or empty']])
    const text = formatIssues(issuesOf(base.replace('writeRate: 1 MiB/s', 'writeRate: 1 MiB/s\n    provisioning: { a: 1 }').replace('schedule: "0 20 * * *"', 'schedule: [1]')))
    expect(text).not.toMatch(/object Object|\u0000|snapsim:invalid/)
    expect(text).toContain('expected one of `thick`, `thin`, got `{"a":1}`')
  })
})

describe('files that are not small regular scenario files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snapsim-hostile-'))
  it('a directory, a device, a missing file and a file above the size limit', () => {
    mkdirSync(join(dir, 'folder'))
    const one = (f: string, limits = DEFAULT_LIMITS) => {
      try {
        readScenarioText(f, limits)
      } catch (e) {
        return formatIssues((e as ScenarioError).issues)
      }
      return 'read'
    }
    expect(one(join(dir, 'folder'))).toBe(`${join(dir, 'folder')}:1:1: is a directory: expected a scenario file (\`snapsim check DIR\` runs every scenario in a folder)`)
    expect(one('/dev/zero')).toBe('/dev/zero:1:1: is not a regular file (a device, FIFO or socket): expected a scenario file')
    expect(one(join(dir, 'nope.yaml'))).toBe(`${join(dir, 'nope.yaml')}:1:1: cannot read the scenario: no such file`)
    writeFileSync(join(dir, 'big.yaml'), `# ${'x'.repeat(2000)}\n${base}`)
    expect(one(join(dir, 'big.yaml'), { ...DEFAULT_LIMITS, fileSize: 1000 })).toBe(`${join(dir, 'big.yaml')}:1:1: the file has ${(2003 + base.length).toLocaleString('en-US')} bytes, above the limit of 1,000 bytes; raise it with \`--limit file-size=…\` (docs/limits.md)`)
    expect(loadScenarioFile(join(dir, 'big.yaml')).model.vms).toHaveLength(3)
  })
})
