// Datastores: capacity, other data, merge throughput, the platform profile with its overrides,
// alarm levels; and the check that the VMs placed on each fit at the start.

import { platforms, type AlarmLevel, type Datastore, type Platform, type Vm } from '@snapsim/core'
import { isInvalidMarker } from './invalid-marker.ts'
import { nonNegative, positive, value } from './quantities.ts'
import type { Resolution } from './resolution.ts'
import type { RawScenario } from './schema.ts'
import { showValue } from './show.ts'
import { formatBytes, parseDuration, parseRate, parseShare, parseSize } from './units.ts'

export const DEFAULT_CONSOLIDATION = 200 * 2 ** 20

type NumericField = 'grain' | 'deltaOverhead' | 'stopBelowFree' | 'resumeDelay' | 'queueTimeout' | 'crashAfter' | 'maxChain'

export interface ResolvedDatastores {
  readonly datastores: Datastore[]
  /** Ids in file order (a Set: ids are user text). */
  readonly ids: Set<string>
}

export function resolveDatastores(r: Resolution, raw: RawScenario): ResolvedDatastores {
  const datastores: Datastore[] = []
  const ids = new Set<string>()
  const defaultPlatform = raw.platform ?? 'generic'
  raw.datastores.forEach((d, i) => {
    const at = (...k: (string | number)[]) => ['datastores', i, ...k]
    if (ids.has(d.id) && !isInvalidMarker(d.id)) r.fail(at('id'), `duplicate datastore id \`${showValue(d.id)}\``)
    r.idFits(at('id'), d.id)
    ids.add(d.id)
    const entity = `datastore:${d.id}`
    const capacity = positive(r, at('capacity'), d.capacity, parseSize, 'capacity', entity)
    const fixedUse = nonNegative(r, at('otherData'), d.otherData ?? 0, parseSize, 'otherData', entity)
    const consolidationThroughput = d.consolidationThroughput === undefined ? DEFAULT_CONSOLIDATION : positive(r, at('consolidationThroughput'), d.consolidationThroughput, parseRate, 'consolidationThroughput', entity)
    // The name is one of the schema's enumeration; own keys only all the same.
    const name = d.platform ?? defaultPlatform
    const base = Object.hasOwn(platforms, name) ? platforms[name]! : platforms.generic!
    const o = d.platformOptions ?? {}
    const opt = (k: keyof typeof o, parse: (v: unknown) => number) => (o[k] === undefined ? undefined : nonNegative(r, at('platformOptions', k), o[k], parse, k, entity))
    const overrides: Partial<Record<NumericField, number>> = {}
    const put = (k: NumericField, v: number | undefined) => {
      if (v !== undefined) overrides[k] = v
    }
    put('grain', opt('grain', parseSize))
    put('deltaOverhead', opt('deltaOverhead', parseSize))
    put('stopBelowFree', opt('stopBelowFree', parseSize))
    put('resumeDelay', opt('resumeDelay', parseDuration))
    put('queueTimeout', opt('queueTimeout', parseDuration))
    put('crashAfter', opt('crashAfter', parseDuration))
    if (o.maxChain !== undefined) overrides.maxChain = o.maxChain
    const platform: Platform = { ...base, ...overrides }
    let alarms: AlarmLevel[] | undefined
    if (d.alarms) {
      alarms = d.alarms.map((a, j) => {
        const path = typeof a === 'object' ? at('alarms', j, 'level') : at('alarms', j)
        const fraction = value(r, path, typeof a === 'object' ? a.level : a, parseShare, Number.NaN, entity)
        if (fraction === 0) r.fail(path, 'an alarm level must be above 0%')
        const label = typeof a === 'object' ? a.name : `${Math.round(fraction * 1000) / 10} %`
        return { name: label, fraction }
      })
    }
    datastores.push({ id: d.id, capacity, fixedUse, consolidationThroughput, platform, ...(alarms ? { alarms } : {}) })
  })
  return { datastores, ids }
}

/** VMs that cannot fit at time 0 (a value that failed is NaN and makes the sum unknown). */
export function checkFit(r: Resolution, datastores: readonly Datastore[], vms: readonly Vm[]): void {
  const disks = new Map<string, { n: number; bytes: number }>()
  for (const v of vms) {
    const d = disks.get(v.datastore) ?? { n: 0, bytes: 0 }
    d.n++
    // Snapshots present at the start take their space from the first instant.
    d.bytes += (v.provisioning === 'thin' ? v.used : v.disk) + (v.snapshots ?? []).reduce((a, x) => a + x.bytes, 0)
    disks.set(v.datastore, d)
  }
  datastores.forEach((ds, i) => {
    // A delta carries its metadata from the start: a snapshot found smaller than that cannot be.
    const small = vms.find((v) => v.datastore === ds.id && (v.snapshots ?? []).some((x) => x.bytes < ds.platform.deltaOverhead))
    if (small) r.fail(['datastores', i], `VM \`${showValue(small.id)}\` has a snapshot (vms[].snapshots) smaller than the delta metadata of \`${showValue(ds.id)}\`'s platform (deltaOverhead ${formatBytes(ds.platform.deltaOverhead)}): give its size as found, metadata included`)
    const { n, bytes } = disks.get(ds.id) ?? { n: 0, bytes: 0 }
    if (ds.fixedUse + bytes > ds.capacity) {
      r.fail(
        ['datastores', i, 'capacity'],
        `the ${n} VMs on \`${showValue(ds.id)}\` do not fit at the start: otherData ${formatBytes(ds.fixedUse)} + disks ${formatBytes(bytes)} = ${formatBytes(ds.fixedUse + bytes)} > capacity ${formatBytes(ds.capacity)}`,
      )
    }
  })
}
