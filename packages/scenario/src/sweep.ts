// Parameter sweeps: values of scenario keys, addressed by dotted paths through ids
// (`jobs.nightly.schedule`, `datastores.ds1.capacity`, `vms.web.writeRate`, `policies.maxSnapshotAge`,
// `horizon`), set on the parsed document before it is validated, so a swept value is checked
// exactly like a written one. Paths and values are user data: a path segment is never used to
// reach an inherited property (own keys only, `__proto__`/`constructor`/`prototype` refused),
// and mappings created on the way have no prototype.

import { LineCounter, parseDocument } from 'yaml'
import { documentData, isReservedKey, RESERVED_MESSAGE } from './data.ts'
import { howToRaise } from './limits.ts'
import { didYouMean } from './suggest.ts'

export type SweepValue = string | number | boolean

export interface SweepSpec {
  /** Path -> values, cheapest first (the cost of a grid point is the sum of its value positions). */
  readonly parameters: readonly { readonly path: string; readonly values: readonly SweepValue[] }[]
  readonly replications?: number
  /** e.g. "P(full) < 1%". */
  readonly target?: string
}

export interface GridPoint {
  readonly index: number
  readonly values: Readonly<Record<string, SweepValue>>
  readonly cost: number
}

/** Points of the grid of `spec`: the product of the value counts (no grid is built). */
export function gridSize(spec: Pick<SweepSpec, 'parameters'>): number {
  return spec.parameters.reduce((n, p) => n * p.values.length, 1)
}

/** All combinations, the first parameter varying slowest; refuses grids above `maxPoints`. */
export function grid(spec: SweepSpec, maxPoints = Number.POSITIVE_INFINITY): GridPoint[] {
  const size = gridSize(spec)
  if (size > maxPoints) throw new Error(gridTooLarge(spec, maxPoints))
  let points: { values: Record<string, SweepValue>; cost: number }[] = [{ values: Object.create(null) as Record<string, SweepValue>, cost: 0 }]
  for (const { path, values } of spec.parameters) {
    points = points.flatMap((p) => values.map((v, i) => ({ values: Object.assign(Object.create(null) as Record<string, SweepValue>, p.values, { [path]: v }), cost: p.cost + i })))
  }
  return points.map((p, index) => ({ index, ...p }))
}

export function gridTooLarge(spec: Pick<SweepSpec, 'parameters'>, maxPoints: number): string {
  const counts = spec.parameters.map((p) => p.values.length).join(' x ')
  return `the sweep grid has ${gridSize(spec).toLocaleString('en-US')} points (${counts}), above the limit of ${maxPoints.toLocaleString('en-US')}; ${howToRaise('gridPoints')}`
}

const BY_ID = new Set(['datastores', 'vms', 'jobs', 'proxies', 'repositories'])

export class SetPathError extends Error {
  override name = 'SetPathError'
}

/** The segments of a dotted key path; throws SetPathError for empty or reserved segments. */
export function pathSegments(path: string): string[] {
  const keys = path.split('.')
  for (const k of keys) {
    if (k.trim() === '') throw new SetPathError(`\`${path}\` has an empty segment: expected key.path such as jobs.nightly.schedule`)
    if (isReservedKey(k)) throw new SetPathError(`\`${k}\` ${RESERVED_MESSAGE}`)
  }
  return keys
}

/**
 * Set `value` at a dotted path of a scenario document (plain data from YAML), in place.
 * Collections are addressed by id. Returns the key path reached (`['jobs', 0, 'schedule']`);
 * throws SetPathError naming what is wrong when the path leads nowhere.
 */
export function setPath(doc: Record<string, unknown>, path: string, value: SweepValue): (string | number)[] {
  const keys = pathSegments(path)
  const reached: (string | number)[] = []
  let node: unknown = doc
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!
    if (Array.isArray(node)) {
      const items = node as unknown[]
      const index = items.findIndex((x) => isRecord(x) && Object.hasOwn(x, 'id') && x.id === key)
      if (index < 0) throw new SetPathError(`no entry with id \`${key}\`${didYouMean(key, items.map((x) => (isRecord(x) && typeof x.id === 'string' ? x.id : '')))}`)
      reached.push(index)
      node = items[index]
      continue
    }
    if (!isRecord(node)) throw new SetPathError(`\`${keys.slice(0, i).join('.')}\` is not a mapping`)
    if (!Object.hasOwn(node, key)) {
      // `scale` and `policies` may be absent from the file: `--set scale.writeRate=1.3` (and
      // `--scale`) and `--set policies.maxSnapshotAge=72h` create them.
      if (BY_ID.has(keys[i - 1] ?? '') || (i === 0 && key !== 'scale' && key !== 'policies')) throw new SetPathError(`no key \`${key}\`${didYouMean(key, Object.keys(node))}`)
      node[key] = Object.create(null)
    }
    reached.push(key)
    node = node[key]
  }
  const last = keys[keys.length - 1]!
  if (!isRecord(node)) throw new SetPathError(`\`${keys.slice(0, -1).join('.')}\` is not a mapping`)
  node[last] = decodeValue(value)
  reached.push(last)
  return reached
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x)
}

/**
 * A value as set: text that starts with `{` is a YAML flow mapping (a distribution such as
 * `{lognormal: {mean: 8 MiB/s, cv: 0.4}}`), read as data like the file; anything else as is.
 */
export function decodeValue(value: SweepValue): unknown {
  if (typeof value !== 'string' || !value.trimStart().startsWith('{')) return value
  const lines = new LineCounter()
  const doc = parseDocument(value, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) throw new SetPathError(`\`${value}\` is not a YAML mapping: ${doc.errors[0]!.message.split('\n')[0]}`)
  const problems: string[] = []
  const data = documentData(doc, value, (offset, message) => problems.push(`character ${offset + 1}: ${message}`), { aliasValues: 1000 })
  if (problems.length > 0 || data === undefined) throw new SetPathError(`in \`${value}\`: ${problems.join('; ')}`)
  return data
}

/**
 * Split at the commas that separate values: not inside `{…}`, `[…]` or quotes, so a
 * distribution `{uniform: [1 MiB/s, 2 MiB/s]}` is one value.
 */
export function splitValues(text: string): string[] {
  const out: string[] = []
  let depth = 0
  let quote: string | null = null
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = null
    } else if (c === '"' || c === "'") quote = c
    else if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') depth = Math.max(0, depth - 1)
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i))
      start = i + 1
    }
  }
  if (quote !== null) throw new Error(`unclosed ${quote} in \`${text}\``)
  if (depth !== 0) throw new Error(`unclosed \`{\` or \`[\` in \`${text}\``)
  out.push(text.slice(start))
  return out
}

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/

/** One value as written after `=`: a number, true/false, a quoted string, or the text. */
export function parseSetValue(piece: string): SweepValue {
  const v = piece.trim()
  if (NUMBER.test(v)) {
    const n = Number(v)
    if (!Number.isFinite(n)) throw new Error(`\`${v}\` is not a finite number`)
    return n
  }
  if (v === 'true') return true
  if (v === 'false') return false
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) {
    const inner = v.slice(1, -1)
    return v[0] === '"' ? inner.replace(/\\(.)/g, '$1') : inner.replaceAll("''", "'")
  }
  return v
}

/**
 * `--set jobs.nightly.concurrency=2,4,8` -> a parameter. Values are separated by commas outside
 * braces, brackets and quotes; a value in braces is a distribution; `"a,b"` is the text a,b.
 */
export function parseSetOption(text: string): { path: string; values: SweepValue[] } {
  const eq = text.indexOf('=')
  if (eq <= 0 || eq === text.length - 1) throw new Error(`--set: expected key.path=value[,value…], got \`${text}\``)
  const path = text.slice(0, eq).trim()
  try {
    pathSegments(path)
    const values = splitValues(text.slice(eq + 1)).map(parseSetValue)
    if (values.some((v) => v === '')) throw new Error('an empty value')
    return { path, values }
  } catch (e) {
    throw new Error(`--set ${text}: ${(e as Error).message}`)
  }
}
