// The fuzz suite of issue 15: generated scenarios over the whole format, and mutations of the
// shipped scenarios, each loaded the way `snapsim validate` and `run` load it (in-process, for
// speed). The oracle:
//   - accepted: every number of the model finite, ids unique, every job member a VM, fires
//     ascending within the horizon; a small model also passes core's model check and simulates
//     without an exception, with finite totals;
//   - refused: a ScenarioError whose every line is `FILE:line:col: …` (line, column >= 1) or a
//     `--set …:` line, one line each, no stack trace, no `[object Object]`, no internal marker;
//   - anything else (another exception) fails the test: it would be exit 3.
// Object.prototype is checked to be untouched after every case. Fixed seeds; SNAPSIM_DEEP=1
// (`pnpm test:deep`) runs 25 times as many.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { simulate } from '@snapsim/core'
import { describe, expect, it } from 'vitest'
import { isMap, isPair, isScalar, isSeq, parseDocument, stringify, type Node } from 'yaml'
import { ScenarioError, formatIssues } from './errors.ts'
import { checkScenario, type CheckOptions } from './sweep-check.ts'

const DEEP = process.env.SNAPSIM_DEEP === '1'
const runs = (n: number) => (DEEP ? n * 25 : n)

/** Counts of the cases each outcome had, reported at the end (and checked to be mixed). */
const tally = { accepted: 0, refused: 0, simulated: 0 }

const PROTO_KEYS = ['polluted', 'x', 'safeParse', 'yes']
function prototypeIntact(): void {
  for (const k of PROTO_KEYS) if (Object.hasOwn(Object.prototype, k)) throw new Error(`Object.prototype.${k} was set`)
  if (Object.getPrototypeOf(Object.prototype) !== null) throw new Error('Object.prototype has a prototype')
}

/** Fields where Infinity means "unlimited" (core's own convention). */
const UNLIMITED = new Set(['streamThroughput', 'maxChain'])

function finiteEverywhere(v: unknown, path = 'model'): void {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${path} is ${v}`)
  } else if (Array.isArray(v)) v.forEach((x, i) => finiteEverywhere(x, `${path}[${i}]`))
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) if (!(UNLIMITED.has(k) && x === Number.POSITIVE_INFINITY)) finiteEverywhere(x, `${path}.${k}`)
  }
}

const LINE = /^(fuzz\.yaml:[1-9]\d*:[1-9]\d*: |--set [^\n]*?: )/

/** The oracle for one text (and --set values); throws on a violation. */
function oracle(text: string, options: CheckOptions = {}): 'accepted' | 'refused' {
  let outcome: 'accepted' | 'refused'
  try {
    const { scenario } = checkScenario(text, 'fuzz.yaml', options)
    const m = scenario.model
    finiteEverywhere(m)
    const ids = new Set(m.vms.map((v) => v.id))
    if (ids.size !== m.vms.length) throw new Error('duplicate VM ids accepted')
    for (const j of m.jobs) {
      if (j.vms.length === 0) throw new Error(`job ${j.id} has no VMs`)
      for (const id of j.vms) if (!ids.has(id)) throw new Error(`job ${j.id} names VM ${id} that does not exist`)
      for (let i = 0; i < j.fires.length; i++) {
        const f = j.fires[i]!
        if (!(f >= 0 && f < m.horizon) || (i > 0 && !(f > j.fires[i - 1]!))) throw new Error(`job ${j.id} fire ${i} at ${f}`)
      }
    }
    // Small models run: the loader's output is something the engine takes.
    const backups = m.jobs.reduce((n, j) => n + j.fires.length * j.vms.length, 0)
    if (backups <= 2000 && m.vms.length <= 200 && m.horizon <= 40 * 86400) {
      const r = simulate(m, { log: false, detail: 'summary' })
      finiteEverywhere(r.totals, 'totals')
      tally.simulated++
    }
    outcome = 'accepted'
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e
    if (e.issues.length === 0) throw new Error('a ScenarioError without issues')
    const printed = formatIssues(e.issues)
    for (const line of printed.split('\n')) {
      if (!LINE.test(line)) throw new Error(`not positioned: ${JSON.stringify(line.slice(0, 200))}`)
      if (/\[object Object\]|\u0000|snapsim:invalid|\n\s+at /.test(line)) throw new Error(`internal detail: ${JSON.stringify(line.slice(0, 200))}`)
      if (line.length > 3000) throw new Error(`a line of ${line.length} characters`)
    }
    outcome = 'refused'
  }
  prototypeIntact()
  tally[outcome]++
  return outcome
}

// ---------------------------------------------------------------------------------------------
// Values that are valid, borderline and hostile, per kind of field.
const hostile = [
  '', ' ', '*', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '1e400', '-1', '0', '-0', '1e308', '.inf', '-.inf', '.nan',
  '10:00:61', 'x'.repeat(300), '{a: 1}', '[1, 2]', '[]', '{}', 'null', '~', 'true', '"\\u0000"', '"a\\nb"', '1e400 B', '-5 GiB', '150%', '-10%',
  '2000 PiB', '1 EiB', '* * * * * *', '0 0 31 2 *', 'Europe/Nowhere', '2026-13-01', 'web-[1', '{web', 'a}', '\\', '"*"', '"a/b"', '".x"', '"数据"',
  '0x10', '0o7', '1_000', '"10 TiB"', '1e-400', '{uniform: [1, 2]}', '{lognormal: {mean: 1 MiB/s, cv: -1}}', '{normal: {mean: 1, sd: 1}, per: day}',
  '{empirical: []}', '{constant: 1e400}', '{uniform: [2, 1]}', '{triangular: [1, 2]}', '{__proto__: 1}', '*nothing', '!!binary aGVsbG8=', '!!str 3',
]
const sizes = ['400 GiB', '1.5 TB', '512 B', '10 TiB', '1 PiB', '0', '100', '1 GiB', '20 GiB', '2 MiB', '4 KiB', '0 B', '100 MiB']
const rates = ['150 MiB/s', '1 GiB/d', '20 GB/h', '0', '5 MiB/s', '100 MiB/s', '1 MiB/min', '0.5 MiB/s', '10 GiB/w']
const durations = ['2d', '36h', '1h30min', '90 s', '3d', '1w', '12h', '0', '5min', '10d']
const shares = ['30%', '0.3', '100%', '0', '1', '75 %', '0.5']
const crons = ['0 20 * * *', '0 */6 * * *', '30 1 * * 1-5', '0 0 1 * *', '*/30 * * * *', '0 12 * * SUN', '0 0 5 1 *', '0 22 * * *']
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs)
const raw = (s: string) => ({ __raw: s })

/** A value: usually one of the field's kind, sometimes any hostile one. */
const val = (good: readonly string[]) => fc.oneof({ weight: 6, arbitrary: pick(good) }, { weight: 1, arbitrary: pick(hostile).map(raw) }, { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.double({ noNaN: false })) })

const idArb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom('web', 'db', 'app', 'a/b', '.hidden', 'with space', 'Größe', 'x') }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 1, arbitrary: pick(hostile).map(raw) })

const datastoreArb = fc.record(
  {
    id: fc.constantFrom('ds1', 'ds2', 'ds3'),
    capacity: val(['10 TiB', '1 PiB', '500 GiB', '100 TiB']),
    otherData: val(sizes),
    consolidationThroughput: val(rates),
    platform: fc.constantFrom('generic', 'vmware-vmfs6', 'hyperv-2016', 'hyperv-2012r2', 'qemu-kvm', 'lvm-thin', 'nope'),
    platformOptions: fc.record({ grain: val(sizes), deltaOverhead: val(sizes), maxChain: fc.integer({ min: -1, max: 40 }), stopBelowFree: val(sizes), resumeDelay: val(durations), queueTimeout: val(durations), crashAfter: val(durations) }, { requiredKeys: [] }),
    alarms: fc.array(fc.oneof(val(shares), fc.record({ name: fc.string({ maxLength: 6 }), level: val(shares) })), { maxLength: 3 }),
  },
  { requiredKeys: ['id', 'capacity'] },
)
const vmArb = fc.record(
  {
    id: idArb,
    count: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constantFrom(0, -1, 1.5, 1_000_000_000, 250_000)),
    datastore: fc.constantFrom('ds1', 'ds2', 'dsX'),
    disk: val(sizes),
    used: val(sizes),
    provisioning: fc.constantFrom('thick', 'thin', 'fat'),
    dataGrowth: val(rates),
    writeRate: fc.oneof(val(rates), fc.constant(raw('{lognormal: {mean: 8 MiB/s, cv: 0.4}, per: day}')), fc.constant(raw('{uniform: [1 MiB/s, 2 MiB/s]}'))),
    dailyProfile: fc.oneof(fc.constantFrom('office', 'nope'), fc.array(fc.oneof(fc.double({ min: 0, max: 3, noNaN: true }), fc.constant(1e308), fc.constant(-1)), { minLength: 23, maxLength: 25 })),
    footprint: val(shares),
  },
  { requiredKeys: ['id', 'disk'] },
)
const jobArb = fc.record(
  {
    id: fc.constantFrom('nightly', 'weekly', 'j'),
    vms: fc.oneof(fc.constantFrom<unknown>(['*'], '*', [], [''], ['web-*', 'db'], ['a/*', '.*'], ['{web,db}*'], ['[w]*'], ['nope*']), fc.array(idArb, { maxLength: 3 })),
    schedule: fc.oneof({ weight: 5, arbitrary: pick(crons) }, { weight: 1, arbitrary: pick(hostile).map(raw) }),
    type: fc.constantFrom('full', 'incremental', 'diff'),
    streamThroughput: val(rates),
    sharedThroughput: val(rates),
    concurrency: fc.integer({ min: -1, max: 8 }),
    overlap: fc.constantFrom('start', 'skip', 'queue', 'cancel', 'later'),
    window: val(durations),
    failure: fc.record({ ratePerHour: fc.oneof(fc.double({ min: 0, max: 2, noNaN: true }), fc.constant(-1)), orphaned: val(shares) }, { requiredKeys: ['ratePerHour'] }),
  },
  { requiredKeys: ['id', 'vms', 'schedule'] },
)
const scenarioArb = fc.record(
  {
    name: fc.string({ maxLength: 10 }),
    start: fc.constantFrom('2026-01-05T00:00', '2026-03-29T01:30', '2026-10-25 02:30', '2026-01-05T10:00:61', '2026-02-30', 'tomorrow'),
    timezone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Mars/Olympus'),
    horizon: val(['2d', '3d', '1w', '10d', '36h']),
    seed: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })),
    platform: fc.constantFrom('generic', 'vmware-vmfs6', 'lvm-thin'),
    datastores: fc.array(datastoreArb, { minLength: 0, maxLength: 3 }),
    vms: fc.array(vmArb, { minLength: 0, maxLength: 4 }),
    profiles: fc.dictionary(fc.constantFrom('office', 'night', '__proto__', 'constructor', 'toString'), fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 24, maxLength: 24 }), { maxKeys: 2 }),
    jobs: fc.array(jobArb, { maxLength: 3 }),
    policies: fc.record({ maxSnapshotAge: val(durations), minFreeForSnapshot: val([...shares, ...sizes]), abortRunningBelowMinFree: fc.boolean() }, { requiredKeys: [] }),
    expect: fc.array(fc.record({ metric: fc.constantFrom('vmsStopped', 'constructor', 'datastore.ds1.peakUsedFraction'), equals: fc.integer(), below: fc.double() }, { requiredKeys: ['metric'] }), { maxLength: 2 }),
    sweep: fc.record(
      {
        parameters: fc.dictionary(fc.constantFrom('jobs.nightly.concurrency', 'datastores.ds1.capacity', 'vms.web.writeRate', 'horizon', 'jobs.nope.x', '__proto__', 'a..b', 'policies.maxSnapshotAge'), fc.array(fc.oneof(fc.integer({ min: -2, max: 8 }), pick([...sizes, ...rates, ...durations, '{uniform: [1 MiB/s, 2 MiB/s]}'])), { minLength: 0, maxLength: 3 }), { maxKeys: 2 }),
        replications: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.constant(2_000_000)),
        target: fc.constantFrom('P(full) < 1%', 'P(full) <= 0.05', 'garbage', 'P(full) < 200%'),
      },
      { requiredKeys: ['parameters'] },
    ),
    extra: fc.constantFrom('unknownKey', '__proto__', 'constructor', 'toString', 'valueOf'),
  },
  { requiredKeys: ['horizon', 'datastores', 'vms'] },
)

/** YAML text of a generated scenario; `{ __raw }` values are written as they are. */
function toYaml(s: Record<string, unknown>): string {
  const holes: string[] = []
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk)
    if (v !== null && typeof v === 'object') {
      if (Object.hasOwn(v, '__raw')) {
        holes.push((v as { __raw: string }).__raw)
        return `@@HOLE${holes.length - 1}@@`
      }
      const out: Record<string, unknown> = {}
      for (const [k, x] of Object.entries(v)) if (k !== 'extra') Object.defineProperty(out, k, { value: walk(x), enumerable: true, writable: true, configurable: true })
      return out
    }
    return v
  }
  let text = stringify(walk(s), { lineWidth: 0 })
  if (typeof s.extra === 'string') text += `${s.extra}: 1\n`
  return text.replace(/@@HOLE(\d+)@@/g, (_m, i: string) => holes[Number(i)]!)
}

// ---------------------------------------------------------------------------------------------
// Mutations of the shipped scenarios.
const root = join(import.meta.dirname, '../../../scenarios')
const shipped: { file: string; text: string }[] = []
for (const dir of readdirSync(root)) for (const f of readdirSync(join(root, dir)).filter((x) => x.endsWith('.yaml'))) shipped.push({ file: `${dir}/${f}`, text: readFileSync(join(root, dir, f), 'utf8') })

/** Key paths of every scalar value of a document (where a mutation can put a hostile value). */
function scalarPaths(node: Node | null, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (isMap(node)) for (const p of node.items) if (isPair(p) && isScalar(p.key)) scalarPaths(p.value as Node | null, [...prefix, String(p.key.value)], out)
  if (isSeq(node)) node.items.forEach((x, i) => scalarPaths(x as Node, [...prefix, i], out))
  if (isScalar(node)) out.push(prefix)
  return out
}

type Mutation =
  | { kind: 'value'; at: number; value: string }
  | { kind: 'key'; at: number; key: string }
  | { kind: 'delete'; at: number }
  | { kind: 'line'; at: number; op: 'drop' | 'dup' | 'cut' }
  | { kind: 'chars'; at: number; text: string }

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('value' as const), at: fc.nat(), value: fc.oneof(pick(hostile), pick([...sizes, ...rates, ...durations, ...shares, ...crons])) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('key' as const), at: fc.nat(), key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'footprnt', 'count', 'vms', 'id', '"a.b"') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('line' as const), at: fc.nat(), op: fc.constantFrom('drop' as const, 'dup' as const, 'cut' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('chars' as const), at: fc.nat(), text: fc.constantFrom('&a ', '*a', '*nothing', ': ', '- ', '{', ']', '"', '\t', '\u0000', '#', '? ', '!!', '%YAML 1.1\n---\n', '<<: *a\n') }) },
)

function mutate(text: string, ms: readonly Mutation[]): string {
  for (const m of ms) {
    if (m.kind === 'line' || m.kind === 'chars') {
      const lines = text.split('\n')
      if (m.kind === 'chars') {
        const at = m.at % (text.length + 1)
        text = text.slice(0, at) + m.text + text.slice(at)
      } else {
        const i = m.at % lines.length
        if (m.op === 'drop') lines.splice(i, 1)
        else if (m.op === 'dup') lines.splice(i, 0, lines[i]!)
        else lines[i] = lines[i]!.slice(0, Math.floor(lines[i]!.length / 2))
        text = lines.join('\n')
      }
      continue
    }
    const doc = parseDocument(text, { uniqueKeys: false })
    if (doc.errors.length > 0) continue
    const paths = scalarPaths(doc.contents as Node | null)
    if (paths.length === 0) continue
    const path = paths[m.at % paths.length]!
    // The yaml library refuses some edits (a path through a scalar after an earlier one): skip.
    try {
      if (m.kind === 'value') doc.setIn(path, doc.createNode(`@@RAW@@`))
      else if (m.kind === 'delete') doc.deleteIn(path)
      else {
        const parent = path.slice(0, -1)
        const node = doc.getIn(parent, true)
        if (isMap(node)) node.set(doc.createNode(m.key), doc.createNode(1))
      }
    } catch {
      continue
    }
    text = doc.toString({ lineWidth: 0 }).replace(/@@RAW@@/g, m.kind === 'value' ? m.value : '')
  }
  return text
}

describe('fuzz: the loader refuses with positions or accepts a model core runs', () => {
  it('generated scenarios over the whole format', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        oracle(toYaml(s))
      }),
      { seed: 1515, numRuns: runs(1000) },
    )
  }, 600_000)

  it('mutations of the shipped scenarios', () => {
    fc.assert(
      fc.property(fc.nat({ max: shipped.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (i, ms) => {
        oracle(mutate(shipped[i]!.text, ms))
      }),
      { seed: 1516, numRuns: runs(800) },
    )
  }, 600_000)

  it('--set values on the shipped scenarios', () => {
    const paths = ['jobs.nightly.concurrency', 'vms.web.writeRate', 'datastores.ds1.capacity', 'horizon', 'policies.maxSnapshotAge', '__proto__.x', 'constructor', 'jobs.nightly.__proto__', 'toString.x', 'vms.web', 'name', 'jobs.nightly.vms']
    fc.assert(
      fc.property(fc.nat({ max: shipped.length - 1 }), pick(paths), fc.oneof(pick(hostile), pick([...sizes, ...rates, ...durations])), (i, path, value) => {
        oracle(shipped[i]!.text, { set: { [path]: value } })
      }),
      { seed: 1517, numRuns: runs(200) },
    )
  }, 600_000)

  it('reached both outcomes and the engine', () => {
    // The generators must reach accepted models (some simulated) as well as refusals.
    expect(tally.accepted).toBeGreaterThan(50)
    expect(tally.simulated).toBeGreaterThan(20)
    expect(tally.refused).toBeGreaterThan(500)
    console.log(`fuzz: ${tally.accepted + tally.refused} cases, ${tally.accepted} accepted (${tally.simulated} simulated), ${tally.refused} refused`)
  })
})
