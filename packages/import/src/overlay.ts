// What an export cannot tell — write rates, footprints, schedules, capacities of datastores not
// in vDatastore — comes from an overlay file the planner keeps next to the export. Its rules are
// applied over every import in order (a later rule wins), so re-importing a newer export keeps
// them. VM rules select by name glob, folder, cluster, datacenter, power state or custom
// attribute; datastore rules by name or cluster. Keys are read from the YAML nodes into Maps:
// no overlay key ever becomes an object property.
//
//   scenario: { name: Prod, horizon: 90d, timezone: Europe/Berlin }
//   datastores:
//     - match: { name: "nfs-*" }
//       set: { capacity: 20 TiB }
//   vms:
//     - match: { folder: "/DC1/vm/Databases/**", attribute: { Owner: "dba*" } }
//       set: { writeRate: 6 MiB/s, footprint: 20% }
//   jobs: [ … ]        # copied into the scenario as written (also profiles, policies, expect)

import { readFileSync, statSync } from 'node:fs'
import picomatch from 'picomatch'
import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml'
import { parseDistribution, parseRate, parseShare, parseSize, ScenarioError, type ScenarioIssue } from '@snapsim/scenario'
import { ImportError, type ImportLimits } from './limits.ts'
import type { VmRecord } from './rvtools.ts'

export const SCENARIO_KEYS = ['name', 'description', 'start', 'timezone', 'horizon', 'seed', 'platform'] as const
export const PASSTHROUGH_KEYS = ['profiles', 'jobs', 'policies', 'expect'] as const
const VM_SET = ['writeRate', 'footprint', 'dataGrowth', 'dailyProfile'] as const
const DS_SET = ['capacity', 'otherData', 'platform', 'consolidationThroughput', 'platformOptions', 'alarms'] as const
const VM_MATCH = ['name', 'folder', 'cluster', 'datacenter', 'powerState', 'attribute'] as const
const DS_MATCH = ['name', 'cluster'] as const

type Matcher = (s: string) => boolean

export interface VmRule {
  readonly line: number
  readonly name?: Matcher
  readonly folder?: Matcher
  readonly cluster?: Matcher
  readonly datacenter?: Matcher
  readonly powerState?: Matcher
  readonly attributes: readonly (readonly [string, Matcher])[]
  /** Scenario keys and their YAML values (plain JS from the node). */
  readonly set: ReadonlyMap<string, unknown>
  readonly skip: boolean
  /** The rule's `match.name` when it is one exact name (rules written by `import changes`). */
  readonly exactName: string | undefined
}

export interface DatastoreRule {
  readonly line: number
  readonly name?: Matcher
  readonly cluster?: Matcher
  readonly set: ReadonlyMap<string, unknown>
}

export interface Overlay {
  readonly file: string
  readonly scenario: ReadonlyMap<string, unknown>
  /** profiles, jobs, policies, expect: their YAML text, to be copied into the scenario. */
  readonly passthrough: ReadonlyMap<string, string>
  readonly datastores: readonly DatastoreRule[]
  readonly vms: readonly VmRule[]
}

export const emptyOverlay: Overlay = { file: '', scenario: new Map(), passthrough: new Map(), datastores: [], vms: [] }

/** Names are globbed as plain strings (`*` crosses `/`); folders as paths (`**` for subfolders). */
const nameGlob = (p: string): Matcher => picomatch(p, { dot: true, bash: true })
const pathGlob = (p: string): Matcher => picomatch(p, { dot: true })

export function vmMatches(rule: VmRule, vm: VmRecord): boolean {
  if (rule.name && !rule.name(vm.name)) return false
  if (rule.folder && !rule.folder(vm.folder)) return false
  if (rule.cluster && !rule.cluster(vm.cluster)) return false
  if (rule.datacenter && !rule.datacenter(vm.datacenter)) return false
  if (rule.powerState && !rule.powerState(vm.powerState)) return false
  for (const [attr, m] of rule.attributes) if (!m(vm.attributes.get(attr) ?? '')) return false
  return true
}

export function datastoreMatches(rule: DatastoreRule, name: string, cluster: string): boolean {
  return (!rule.name || rule.name(name)) && (!rule.cluster || rule.cluster(cluster))
}

/** The `set` values of every matching rule, later rules overriding earlier ones. */
export function vmSettings(overlay: Overlay, vm: VmRecord): { set: Map<string, unknown>; skip: boolean } {
  const set = new Map<string, unknown>()
  let skip = false
  for (const r of overlay.vms) {
    if (!vmMatches(r, vm)) continue
    for (const [k, v] of r.set) set.set(k, v)
    if (r.skip) skip = true
  }
  return { set, skip }
}

export function datastoreSettings(overlay: Overlay, name: string, cluster: string): Map<string, unknown> {
  const set = new Map<string, unknown>()
  for (const r of overlay.datastores) if (datastoreMatches(r, name, cluster)) for (const [k, v] of r.set) set.set(k, v)
  return set
}

/** Parses an overlay text; every problem is collected and thrown as one ScenarioError. */
export function parseOverlay(text: string, file: string): Overlay {
  const lc = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false })
  const issues: ScenarioIssue[] = []
  const at = (node: Node | Pair | null | undefined, path: string, message: string) => {
    const range = node && 'range' in node && node.range ? node.range : node && 'key' in node && (node.key as Node | null)?.range ? (node.key as Node).range : undefined
    const pos = range ? lc.linePos(range[0]) : { line: 1, col: 1 }
    issues.push({ file, line: pos.line, column: pos.col, path, message })
  }
  for (const e of doc.errors) {
    const pos = e.linePos?.[0] ?? { line: 1, col: 1 }
    issues.push({ file, line: pos.line, column: pos.col, path: '', message: e.message.split('\n')[0]! })
  }
  const scenario = new Map<string, unknown>()
  const passthrough = new Map<string, string>()
  const vms: VmRule[] = []
  const datastores: DatastoreRule[] = []
  const root = doc.contents
  if (issues.length === 0 && root !== null && !isMap(root)) at(root, '', 'an overlay is a mapping (scenario, datastores, vms, jobs, …)')
  const pairs = (m: YAMLMap, path: string, allowed: readonly string[]): [string, Node | null, Pair][] => {
    const out: [string, Node | null, Pair][] = []
    for (const p of m.items) {
      const k = isScalar(p.key) ? String(p.key.value) : ''
      if (!allowed.includes(k)) {
        at(p.key as Node, `${path}${path === '' ? '' : '.'}${k}`, `unknown key \`${k}\` (allowed: ${allowed.join(', ')})`)
        continue
      }
      out.push([k, p.value as Node | null, p])
    }
    return out
  }
  const glob = (node: Node | null, path: string, make: (p: string) => Matcher): Matcher | undefined => {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return make(String(node.value))
    if (isSeq(node)) {
      const ms = node.items.map((n) => glob(n as Node, path, make)).filter((m): m is Matcher => m !== undefined)
      return (s) => ms.some((m) => m(s))
    }
    at(node, path, 'expected a glob pattern or a list of them')
    return undefined
  }
  const checkValue = (key: string, node: Node | null, path: string) => {
    const v = node === null ? null : node.toJSON()
    const unit = key === 'footprint' ? parseShare : key === 'capacity' || key === 'otherData' ? parseSize : key === 'writeRate' || key === 'dataGrowth' || key === 'consolidationThroughput' ? parseRate : undefined
    if (unit === undefined) return
    try {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) parseDistribution(v as Record<string, unknown>, unit)
      else unit(v)
    } catch (e) {
      at(node, path, (e as Error).message)
    }
  }
  const setOf = (node: Node | null, path: string, allowed: readonly string[]): Map<string, unknown> => {
    const set = new Map<string, unknown>()
    if (!isMap(node)) {
      at(node, path, `expected a mapping of ${allowed.join(', ')}`)
      return set
    }
    for (const [k, v] of pairs(node, path, allowed)) {
      checkValue(k, v, `${path}.${k}`)
      set.set(k, v === null ? null : v.toJSON())
    }
    return set
  }
  if (isMap(root)) {
    for (const [key, value] of pairs(root, '', ['scenario', 'datastores', 'vms', ...PASSTHROUGH_KEYS])) {
      if (key === 'scenario') {
        if (!isMap(value)) at(value, key, 'expected a mapping of scenario keys')
        else for (const [k, v] of pairs(value, key, SCENARIO_KEYS)) scenario.set(k, v === null ? null : v.toJSON())
      } else if ((PASSTHROUGH_KEYS as readonly string[]).includes(key)) {
        if (value !== null) passthrough.set(key, new Document(value).toString({ collectionStyle: 'block', lineWidth: 0 }).trimEnd())
      } else if (!isSeq(value)) {
        at(value, key, 'expected a list of rules `- { match: …, set: … }`')
      } else {
        value.items.forEach((item, i) => {
          const path = `${key}[${i}]`
          if (!isMap(item)) return at(item as Node, path, 'expected a rule `{ match: …, set: … }`')
          const line = lc.linePos(item.range?.[0] ?? 0).line
          const ruleKeys = key === 'vms' ? ['match', 'set', 'skip', 'fit'] : ['match', 'set']
          const got = new Map(pairs(item, path, ruleKeys).map(([k, v]) => [k, v] as const))
          const match = got.get('match') ?? null
          const m = new Map<string, Matcher>()
          const attributes: [string, Matcher][] = []
          let exactName: string | undefined
          if (match !== null) {
            if (!isMap(match)) at(match, `${path}.match`, 'expected a mapping of selectors')
            else
              for (const [k, v] of pairs(match, `${path}.match`, key === 'vms' ? VM_MATCH : DS_MATCH)) {
                if (k === 'attribute') {
                  if (!isMap(v)) at(v, `${path}.match.attribute`, 'expected a mapping: attribute name → glob')
                  else
                    for (const p of v.items) {
                      const g = glob(p.value as Node | null, `${path}.match.attribute`, nameGlob)
                      if (g) attributes.push([String(isScalar(p.key) ? p.key.value : ''), g])
                    }
                  continue
                }
                const g = glob(v, `${path}.match.${k}`, k === 'folder' ? pathGlob : nameGlob)
                if (g) m.set(k, g)
                if (k === 'name' && isScalar(v) && typeof v.value === 'string' && !picomatch.scan(v.value).isGlob) exactName = v.value
              }
          }
          const set = got.has('set') ? setOf(got.get('set')!, `${path}.set`, key === 'vms' ? VM_SET : DS_SET) : new Map<string, unknown>()
          if (key === 'vms') {
            const skipNode = got.get('skip')
            const skip = skipNode !== undefined && isScalar(skipNode) && skipNode.value === true
            if (skipNode !== undefined && !(isScalar(skipNode) && typeof skipNode.value === 'boolean')) at(skipNode, `${path}.skip`, 'expected true or false')
            vms.push({ line, name: m.get('name'), folder: m.get('folder'), cluster: m.get('cluster'), datacenter: m.get('datacenter'), powerState: m.get('powerState'), attributes, set, skip, exactName })
          } else {
            datastores.push({ line, name: m.get('name'), cluster: m.get('cluster'), set })
          }
        })
      }
    }
  }
  if (issues.length > 0) throw new ScenarioError(issues)
  return { file, scenario, passthrough, datastores, vms }
}

export function readOverlayFile(path: string, limits: ImportLimits): Overlay {
  let size: number
  try {
    size = statSync(path).size
  } catch {
    throw new ImportError(`${path}: no such overlay file`)
  }
  if (size > limits.maxFileBytes) throw new ImportError(`${path}: ${size} bytes, more than ${limits.maxFileBytes} (limit maxFileBytes, docs/limits.md)`)
  return parseOverlay(readFileSync(path, 'utf8'), path)
}
