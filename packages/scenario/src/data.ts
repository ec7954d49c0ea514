// A parsed YAML document -> plain data, treating every key and value as data. Instead of the
// yaml library's toJS this walk
//   - builds mappings as objects without a prototype, and refuses the keys `__proto__`,
//     `constructor` and `prototype` (which name JavaScript internals: a user key must never
//     reach Object.prototype or an inherited property), and keys that are lists or mappings;
//   - resolves aliases itself, so an undefined alias, an alias inside the node it names, and
//     aliases that expand to more values than a limit allows (an "alias bomb") are reported at
//     the alias, with line and column;
//   - refuses numbers that are not finite (`1e400`, `.inf`, `.nan`).
// Every problem is reported with the offset of the node it concerns.

import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Alias, type Document, type Node } from 'yaml'
import { howToRaise } from './limits.ts'

/** Keys that would reach JavaScript object internals. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.has(key)
}

export const RESERVED_MESSAGE = 'is reserved (`__proto__`, `constructor` and `prototype` cannot be keys or key path segments)'

/** Where a problem is: an offset into the text. */
export type DataReport = (offset: number, message: string) => void

export interface DataOptions {
  /** How many values aliases may expand to in all. */
  readonly aliasValues: number
}

/** The document's data, or undefined when a problem was reported. */
export function documentData(doc: Document, text: string, report: DataReport, options: DataOptions): unknown {
  // Each alias names the last node before it with that anchor (YAML 1.2, 3.2.2.2): one pass in
  // document order records it.
  const targets = new Map<Alias, Node>()
  const anchors = new Map<string, Node>()
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source)
        if (target) targets.set(node, target)
      } else if (node.anchor) anchors.set(node.anchor, node)
    },
  })
  let ok = true
  const fail = (node: { range?: readonly number[] | null } | null | undefined, message: string) => {
    ok = false
    report(node?.range?.[0] ?? 0, message)
  }
  let expanded = 0
  let budgetReported = false
  // The alias written in the document whose expansion is being built: a bomb is reported there.
  let outerAlias: Alias | null = null
  const open = new Set<Node>()
  const convert = (node: unknown, viaAlias: boolean): unknown => {
    if (node === null || node === undefined) return null
    if (viaAlias && ++expanded > options.aliasValues) {
      if (!budgetReported) {
        budgetReported = true
        fail(outerAlias ?? (node as Node), `aliases expand to more than ${options.aliasValues} values (an alias bomb?); ${howToRaise('aliasValues')}`)
      }
      return null
    }
    if (isAlias(node) && !viaAlias) {
      outerAlias = node
      const out = convertAlias(node)
      outerAlias = null
      return out
    }
    if (isAlias(node)) return convertAlias(node)
    return convertNode(node, viaAlias)
  }
  const convertAlias = (node: Alias): unknown => {
    {
      const target = targets.get(node)
      if (!target) {
        fail(node, `undefined alias \`*${node.source}\`: no anchor \`&${node.source}\` before it`)
        return null
      }
      if (open.has(target)) {
        fail(node, `alias \`*${node.source}\` refers to a node that contains it`)
        return null
      }
      return budgetReported ? null : convert(target, true)
    }
  }
  const convertNode = (node: unknown, viaAlias: boolean): unknown => {
    if (isScalar(node)) {
      const v = node.value
      if (typeof v === 'number' && !Number.isFinite(v)) {
        const written = node.range ? text.slice(node.range[0], node.range[1]).trim() : String(v)
        fail(node, `\`${written.length > 40 ? `${written.slice(0, 40)}…` : written}\` is not a finite number`)
        return null
      }
      if (typeof v === 'bigint') return Number(v)
      return v
    }
    if (isSeq(node)) {
      open.add(node)
      const out = node.items.map((item) => convert(item, viaAlias))
      open.delete(node)
      return out
    }
    if (isMap(node)) {
      open.add(node)
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>
      for (const pair of node.items) {
        if (!isPair(pair)) continue
        const k = pair.key
        if (!isScalar(k) || !(typeof k.value === 'string' || typeof k.value === 'number' || typeof k.value === 'boolean')) {
          fail(k as Node | null, isAlias(k) ? 'a key cannot be an alias' : 'a key must be a word or a number, not a list, a mapping or empty')
          continue
        }
        const key = String(k.value)
        if (isReservedKey(key)) {
          fail(k, `key \`${key}\` ${RESERVED_MESSAGE}`)
          continue
        }
        out[key] = convert(pair.value, viaAlias)
      }
      open.delete(node)
      return out
    }
    fail(node as Node, 'unsupported YAML node')
    return null
  }
  const data = convert(doc.contents, false)
  return ok ? data : undefined
}

/** A deep copy of data from documentData: mappings stay without a prototype. */
export function cloneData(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cloneData)
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>
    for (const [k, x] of Object.entries(v)) out[k] = cloneData(x)
    return out
  }
  return v
}
