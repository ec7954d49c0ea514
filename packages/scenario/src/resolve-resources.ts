// Shared backup infrastructure: the top-level `proxies:` and `repositories:` (each `{ id, tasks,
// throughput }`) and the jobs' references to them (`proxy: ID`, `repository: ID`). Ids are
// unique within each list; a job's reference must name one of them.

import type { SharedResource } from '@snapsim/core'
import { isInvalidMarker } from './invalid-marker.ts'
import { positive } from './quantities.ts'
import type { Resolution } from './resolution.ts'
import type { RawScenario } from './schema.ts'
import { showValue } from './show.ts'
import { didYouMean } from './suggest.ts'
import { parseRate } from './units.ts'

export type ResourceKind = 'proxies' | 'repositories'

/** One list's resources; their ids in a Map (ids are user text). */
export function resolveResources(r: Resolution, raw: RawScenario, kind: ResourceKind): Map<string, SharedResource> {
  const byId = new Map<string, SharedResource>()
  ;(raw[kind] ?? []).forEach((x, i) => {
    const at = (...k: (string | number)[]) => [kind, i, ...k]
    if (byId.has(x.id) && !isInvalidMarker(x.id)) r.fail(at('id'), `duplicate ${singular(kind)} id \`${showValue(x.id)}\``)
    r.idFits(at('id'), x.id)
    const throughput = x.throughput === undefined ? undefined : positive(r, at('throughput'), x.throughput, parseRate, 'throughput', `${singular(kind)}:${x.id}`)
    if (!byId.has(x.id)) byId.set(x.id, { id: x.id, ...(x.tasks !== undefined ? { tasks: x.tasks } : {}), ...(throughput !== undefined ? { throughput } : {}) })
  })
  return byId
}

/**
 * A job's `proxy:` or `repository:` reference: the id if it names one of the list's resources,
 * else reported (with the closest id) and undefined.
 */
export function resolveReference(r: Resolution, path: (string | number)[], id: string | undefined, kind: ResourceKind, byId: ReadonlyMap<string, SharedResource>): SharedResource | undefined {
  if (id === undefined) return undefined
  if (isInvalidMarker(id)) {
    r.invalid()
    return undefined
  }
  const found = byId.get(id)
  if (found) return found
  const ids = [...byId.keys()]
  r.fail(path, ids.length === 0 ? `\`${showValue(id)}\`: no ${singular(kind)} is defined — declare it under top-level \`${kind}:\` as \`{ id: ${showValue(id)}, tasks, throughput }\`` : `unknown ${singular(kind)} \`${showValue(id)}\`${didYouMean(id, ids)}; ${kind}: ${ids.slice(0, 6).map(showValue).join(', ')}${ids.length > 6 ? ', …' : ''}`)
  return undefined
}

function singular(kind: ResourceKind): string {
  return kind === 'proxies' ? 'proxy' : 'repository'
}
