// whatif.json read back as hostile input (whatif-source.ts through @snapsim/results): each way the
// file can be wrong is refused with the file and the field, as every file read back is; a good
// file comes back with its --set paths in a record without a prototype. The CLI's exit code 2 for
// these is covered in whatif.test.ts (`snapsim report DIR`).

import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, setActiveLimits } from '@snapsim/scenario'
import { BadInput } from './io.ts'
import { scratchDir } from './snapsim.test-helpers.ts'
import { readWhatIfSource } from './whatif-source.ts'

const root = scratchDir('snapsim-whatif-source-')
let folders = 0

/** A run folder holding only whatif.json with `text`. */
function folderWith(text: string): string {
  const dir = join(root, String(folders++))
  mkdirSync(dir)
  writeFileSync(join(dir, 'whatif.json'), text)
  return dir
}

/** readWhatIfSource's refusal: the BadInput message with the folder cut off, or 'accepted'. */
function refusal(text: string): string {
  const dir = folderWith(text)
  try {
    readWhatIfSource(dir)
    return 'accepted'
  } catch (e) {
    if (!(e instanceof BadInput)) throw e
    return e.message.split(`${dir}/`).join('')
  }
}

const good = { file: 'scenarios/bsi-g478/01-growth.yaml', text: 'horizon: 1d\n', set: { 'jobs.nightly.concurrency': 4, 'datastores.ds1.capacity': '20 TiB', 'policies.hunter': true }, seed: 'abc', replication: 3, note: 'the worst' }
const edit = (change: Record<string, unknown>, drop: readonly string[] = []): string => {
  const o: Record<string, unknown> = { ...good, ...change }
  for (const k of drop) delete o[k]
  return JSON.stringify(o)
}
const long = 'x'.repeat(4097)

afterEach(() => {
  setActiveLimits([])
})

describe('whatif.json read back', () => {
  it('a good file: every field, the --set paths in a record without a prototype; none: null', () => {
    const source = readWhatIfSource(folderWith(JSON.stringify(good)))!
    expect(source).toEqual(good)
    expect(Object.getPrototypeOf(source.set)).toBe(null)
    expect(readWhatIfSource(folderWith(JSON.stringify({ file: 'a.yaml', text: '' })))).toEqual({ file: 'a.yaml', text: '' })
    expect(readWhatIfSource(join(root, 'none'))).toBe(null)
  })

  // every refusal the hand check before @snapsim/results made, and those of every file read back
  const cases: [string, string][] = [
    // not an object of the known fields
    ['{"file": ', 'whatif.json:1:10: not valid JSON (it ends too early: truncated?)'],
    ['', 'whatif.json: empty, expected JSON'],
    ['[1]', 'whatif.json: expected object, got [1]'],
    ['null', 'whatif.json: expected object, got null'],
    [edit({ extra: 1 }), 'whatif.json: unknown key "extra"'],
    [edit({ constructor: 1 }), 'whatif.json: constructor: a reserved name (__proto__, constructor, prototype) is not a key'],
    // file and text: required text, bounded
    [edit({}, ['file']), 'whatif.json: file: expected string, got nothing'],
    [edit({}, ['text']), 'whatif.json: text: expected string, got nothing'],
    [edit({ file: 7 }), 'whatif.json: file: expected string, got 7'],
    [edit({ text: ['horizon: 1d'] }), 'whatif.json: text: expected string, got ["horizon: 1d"]'],
    [edit({ file: long }), 'whatif.json: file: longer than 4096 characters (4097)'],
    // seed and note: optional text, bounded
    [edit({ seed: 42 }), 'whatif.json: seed: expected string, got 42'],
    [edit({ note: long }), 'whatif.json: note: longer than 4096 characters (4097)'],
    [edit({ note: null }), 'whatif.json: note: expected string, got null'],
    // replication: a whole number from 0, a safe integer
    [edit({ replication: -1 }), 'whatif.json: replication: must be >= 0, got -1'],
    [edit({ replication: 1.5 }), 'whatif.json: replication: expected int, got 1.5'],
    [edit({ replication: '3' }), 'whatif.json: replication: expected number, got "3"'],
    [edit({ replication: 2 ** 53 }), 'whatif.json: replication: must be <= 9007199254740991, got 9007199254740992'],
    // set: an object of --set paths to text, finite numbers or true/false
    [edit({ set: ['a.b=1'] }), 'whatif.json: set: expected record, got ["a.b=1"]'],
    [edit({ set: 'a.b=1' }), 'whatif.json: set: expected record, got "a.b=1"'],
    [edit({ set: { 'a..b': 1 } }), 'whatif.json: set.a..b: not a --set path (names of letters, digits, _ and - joined by dots; not __proto__, constructor or prototype), got "a..b"'],
    [edit({ set: { '': 1 } }), 'whatif.json: set.: not a --set path (names of letters, digits, _ and - joined by dots; not __proto__, constructor or prototype), got ""'],
    [edit({ set: { 'a b': 1 } }), 'whatif.json: set.a b: not a --set path (names of letters, digits, _ and - joined by dots; not __proto__, constructor or prototype), got "a b"'],
    [edit({ set: { 'jobs.prototype.x': 1 } }), 'whatif.json: set.jobs.prototype.x: not a --set path (names of letters, digits, _ and - joined by dots; not __proto__, constructor or prototype), got "jobs.prototype.x"'],
    ['{"file":"a","text":"","set":{"__proto__":{"polluted":1}}}', 'whatif.json: set.__proto__: a reserved name (__proto__, constructor, prototype) is not a key'],
    // a long key is cut in the message
    [edit({ set: { [`a.${'b'.repeat(4095)}`]: 1 } }), `whatif.json: set.a.${'b'.repeat(75)}...: longer than 4096 characters (4097)`],
    [edit({ set: { 'a.b': null } }), 'whatif.json: set.a.b: not a valid value: null'],
    [edit({ set: { 'a.b': { uniform: [1, 2] } } }), 'whatif.json: set.a.b: not a valid value: {"uniform":[1,2]}'],
    [edit({ set: { 'a.b': long } }), 'whatif.json: set.a.b: longer than 4096 characters (4097)'],
    [edit({ set: { 'a.b': 1 } }).replace('"a.b":1', '"a.b":1e400'), 'whatif.json: set.a.b: not a valid value: Infinity'],
    [edit({ set: { 'a.b': 1 } }).replace('"a.b":1', '"a.b":-1e400'), 'whatif.json: set.a.b: not a valid value: -Infinity'],
  ]
  it.each(cases.map(([text, message]) => [message.slice(0, 120), text, message]))('refuses: %s', (_, text, message) => {
    expect(refusal(text)).toBe(message)
  })

  it('a folder or a FIFO named whatif.json: refused before it is opened (the hand check threw EISDIR on a folder and waited forever on a FIFO)', () => {
    const dir = join(root, String(folders++))
    mkdirSync(join(dir, 'whatif.json'), { recursive: true })
    expect(() => readWhatIfSource(dir)).toThrow(new BadInput(`${dir}/whatif.json: not a file (a folder or a device)`))
    const fifo = join(root, String(folders++))
    mkdirSync(fifo)
    execFileSync('mkfifo', [join(fifo, 'whatif.json')])
    expect(() => readWhatIfSource(fifo)).toThrow(new BadInput(`${fifo}/whatif.json: not a file (a folder or a device)`))
  })

  it('the scenario text within the file-size limit (--limit file-size=), the file before it is read', () => {
    setActiveLimits(['file-size=1000'])
    expect(refusal(edit({ text: 'x'.repeat(1001) }))).toBe('whatif.json: text: longer than 1000 characters (1001)')
    expect(refusal(edit({ text: 'x'.repeat(1000) }))).toBe('accepted')
    // twice the text plus 64 KiB of JSON around it: a larger file is refused by its size alone
    expect(refusal(`${edit({})}${' '.repeat(2000 + 65_536)}`)).toBe(`whatif.json: ${(JSON.stringify(good).length + 2000 + 65_536).toLocaleString('en-US')} bytes, more than a scenario's text of at most 1,000 bytes can take (--limit file-size=…, docs/limits.md)`)
    expect(refusal(`${edit({})}${' '.repeat(2000 + 65_536 - JSON.stringify(good).length)}`)).toBe('accepted')
    setActiveLimits([])
    expect(DEFAULT_LIMITS.fileSize).toBe(8 * 2 ** 20)
    expect(refusal(edit({ text: 'x'.repeat(1001) }))).toBe('accepted')
  })

  it('generated files: accepted exactly when the format allows, else refused at the file; set paths never reach a prototype', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('x'.repeat(4096), 'x'.repeat(4097)),
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(0.5, 2 ** 53, 1e300),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 2 }),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
    )
    const path = fc.oneof(fc.constantFrom('a.b', 'jobs.nightly.concurrency', '__proto__', 'constructor', 'x.prototype', 'toString', 'hasOwnProperty', 'a..b', '', '.a', 'a-b_c.9', '9'), fc.string({ maxLength: 5 }))
    const field = fc.constantFrom('file', 'text', 'seed', 'replication', 'note', 'other')
    const file = fc.record({
      fields: fc.oneof({ arbitrary: fc.constant({}), weight: 2 }, { arbitrary: fc.dictionary(field, value, { maxKeys: 2 }), weight: 1 }),
      drop: fc.oneof({ arbitrary: fc.constant<string[]>([]), weight: 2 }, { arbitrary: fc.subarray(['file', 'text', 'seed', 'replication', 'note', 'set']), weight: 1 }),
      // set: --set entries written as JSON text (so `__proto__` is a key as a user could write it), or any value
      set: fc.oneof({ arbitrary: fc.array(fc.tuple(path, value), { maxLength: 3 }), weight: 3 }, { arbitrary: fc.record({ value }), weight: 1 }),
      // 1e300 in the file written as 1e400, which JSON.parse reads as Infinity
      infinite: fc.boolean(),
    })
    // what docs/cli.md says whatif.json holds
    const short = (v: unknown) => typeof v === 'string' && v.length <= 4096
    const isSetValue = (v: unknown) => short(v) || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
    const isSetPath = (k: string) => /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(k) && k.length <= 4096 && !k.split('.').some((p) => ['__proto__', 'constructor', 'prototype'].includes(p))
    const sorted = (entries: [string, unknown][]) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    let accepted = 0
    let refused = 0
    fc.assert(
      fc.property(file, ({ fields, drop, set, infinite }) => {
        const o: Record<string, unknown> = { ...good, ...fields }
        delete o.set
        for (const k of drop) delete o[k]
        const withSet = !drop.includes('set')
        const read = (v: unknown) => (infinite && v === 1e300 ? Infinity : v)
        const body = Object.entries(o).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
        if (withSet) body.push(`"set":${Array.isArray(set) ? `{${set.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}` : JSON.stringify(set.value)}`)
        let text = `{${body.join(',')}}`
        if (infinite) text = text.replaceAll('1e+300', '1e400')
        // the set as JSON.parse reads it (the last of a repeated key), or null if not an object
        const setRead = Array.isArray(set) ? [...new Map(set.map(([k, v]) => [k, read(v)])).entries()] : set.value !== null && typeof set.value === 'object' && !Array.isArray(set.value) ? Object.entries(set.value) : null
        const valid =
          Object.keys(o).every((k) => ['file', 'text', 'seed', 'replication', 'note'].includes(k)) &&
          short(o.file) &&
          typeof o.text === 'string' &&
          (!Object.hasOwn(o, 'seed') || short(o.seed)) &&
          (!Object.hasOwn(o, 'note') || short(o.note)) &&
          (!Object.hasOwn(o, 'replication') || (Number.isSafeInteger(read(o.replication)) && (o.replication as number) >= 0)) &&
          (!withSet || (setRead !== null && setRead.every(([k, v]) => isSetPath(k) && isSetValue(v))))
        const dir = folderWith(text)
        let got
        try {
          got = readWhatIfSource(dir)
        } catch (e) {
          if (!(e instanceof BadInput)) throw e
          expect(e.message.startsWith(`${dir}/whatif.json: `), e.message).toBe(true)
          expect(valid, `${text.slice(0, 300)} refused: ${e.message}`).toBe(false)
          refused++
          return
        }
        expect(valid, text.slice(0, 300)).toBe(true)
        accepted++
        expect(got).toEqual({ ...o, ...(withSet ? { set: Object.fromEntries(setRead!) } : {}) })
        if (withSet) {
          expect(Object.getPrototypeOf(got!.set)).toBe(null)
          expect(sorted(Object.entries(got!.set!))).toEqual(sorted(setRead!))
        }
        expect(({} as Record<string, unknown>).polluted).toBe(undefined)
      }),
      { seed: 14, numRuns: 500 },
    )
    // both sides reached
    expect(accepted).toBeGreaterThan(40)
    expect(refused).toBeGreaterThan(40)
  })
})
