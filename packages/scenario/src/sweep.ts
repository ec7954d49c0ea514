// Parameter sweeps: values of scenario keys, addressed by dotted paths through ids
// (`jobs.nightly.schedule`, `datastores.ds1.capacity`, `vms.web.writeRate`, `policies.maxSnapshotAge`,
// `horizon`), set on the parsed document before it is validated, so a swept value is checked
// exactly like a written one.

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

/** All combinations, the first parameter varying slowest. */
export function grid(spec: SweepSpec): GridPoint[] {
  let points: { values: Record<string, SweepValue>; cost: number }[] = [{ values: {}, cost: 0 }]
  for (const { path, values } of spec.parameters) {
    points = points.flatMap((p) => values.map((v, i) => ({ values: { ...p.values, [path]: v }, cost: p.cost + i })))
  }
  return points.map((p, index) => ({ index, ...p }))
}

const BY_ID = new Set(['datastores', 'vms', 'jobs'])

/**
 * Set `value` at a dotted path of a scenario document (a plain object from YAML), in place.
 * Collections are addressed by id. Throws an Error naming the path when it leads nowhere.
 */
export function setPath(doc: Record<string, unknown>, path: string, value: SweepValue): void {
  const keys = path.split('.')
  let node: unknown = doc
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!
    if (Array.isArray(node)) {
      const items = node as { id?: unknown }[]
      const hit = items.find((x) => x !== null && typeof x === 'object' && x.id === key)
      if (!hit) throw new Error(`--set ${path}: no entry with id \`${key}\`${didYouMean(key, items.map((x) => String(x?.id)))}`)
      node = hit
      continue
    }
    if (node === null || typeof node !== 'object') throw new Error(`--set ${path}: \`${keys.slice(0, i).join('.')}\` is not a mapping`)
    const obj = node as Record<string, unknown>
    if (!(key in obj)) {
      // `scale` may be absent from the file: `--set scale.writeRate=1.3` (and `--scale`) create it.
      if (BY_ID.has(keys[i - 1] ?? '') || (i === 0 && key !== 'scale')) throw new Error(`--set ${path}: no key \`${key}\`${didYouMean(key, Object.keys(obj))}`)
      obj[key] = {}
    }
    node = obj[key]
  }
  const last = keys[keys.length - 1]!
  if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new Error(`--set ${path}: \`${keys.slice(0, -1).join('.')}\` is not a mapping`)
  ;(node as Record<string, unknown>)[last] = value
}

/** `--set jobs.nightly.concurrency=2,4,8` -> a parameter (numbers where the text is a number). */
export function parseSetOption(text: string): { path: string; values: SweepValue[] } {
  const eq = text.indexOf('=')
  if (eq <= 0 || eq === text.length - 1) throw new Error(`--set: expected key.path=value[,value…], got \`${text}\``)
  const path = text.slice(0, eq).trim()
  const values = text
    .slice(eq + 1)
    .split(',')
    .map((v) => v.trim())
    .map((v) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v))
  return { path, values }
}
