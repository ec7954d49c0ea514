// VMs: `count` expanded (after the VM limit is checked, before anything is built), placement on
// a datastore, disk, used, growth (a rate or relative: `2%/w`), write rate and its relative growth (a per-day rate becomes a factor per day), daily
// profile and footprint. Each value is parsed once per entry and drawn per expanded VM, from its
// own stream.

import { MAX_GROWTH_EXPONENT, type Vm } from '@snapsim/core'
import { meanOf, sample, stream } from './distributions.ts'
import { isInvalidMarker } from './invalid-marker.ts'
import { howToRaise } from './limits.ts'
import { checked, nonNegative, quantity, within } from './quantities.ts'
import type { Resolution } from './resolution.ts'
import type { Profiles } from './resolve-profiles.ts'
import type { RawScenario } from './schema.ts'
import { showValue } from './show.ts'
import { didYouMean } from './suggest.ts'
import { formatBytes, formatDuration, isRelativeGrowth, parseDuration, parseRate, parseRelativeGrowth, parseShare, parseSize } from './units.ts'

export interface ResolvedVms {
  readonly vms: Vm[]
  /** VMs the file asks for (counts added up); above the limit, the rest were not built. */
  readonly total: number
}

export function resolveVms(r: Resolution, raw: RawScenario, dsIds: ReadonlySet<string>, profiles: Profiles, horizon: number): ResolvedVms {
  const vms: Vm[] = []
  const vmIds = new Set<string>()
  const limits = r.limits
  let total = 0
  let perDayValues = 0
  const days = Math.ceil(horizon / 86400) + 1
  raw.vms.forEach((v, i) => {
    const at = (...k: (string | number)[]) => ['vms', i, ...k]
    // The VM count is checked before `count` expands: a billion VMs must not be built to be refused.
    if (total > limits.vms) return
    total += v.count ?? 1
    if (total > limits.vms) {
      r.fail(v.count === undefined ? at('id') : at('count'), `the VMs number ${total > 1e15 ? 'more than 10^15' : total.toLocaleString('en-US')} with this entry, above the limit of ${limits.vms.toLocaleString('en-US')}; ${howToRaise('vms')}`)
      return
    }
    r.idFits(at('id'), v.id)
    // With one datastore, a VM may leave it out.
    const datastore = v.datastore ?? (dsIds.size === 1 ? [...dsIds][0]! : undefined)
    if (datastore === undefined) r.fail(at(), `missing required key \`datastore\`: there are ${dsIds.size} datastores (${[...dsIds].map(showValue).join(', ')})`)
    else if (!dsIds.has(datastore) && !isInvalidMarker(datastore)) r.fail(at('datastore'), `unknown datastore \`${showValue(datastore)}\`${didYouMean(datastore, dsIds)}; defined: ${[...dsIds].map(showValue).join(', ')}`)
    // Parsed once (problems reported once), drawn per expanded VM (each its own stream).
    const qDisk = checked(r, quantity(r, at('disk'), v.disk, parseSize), at('disk'), v.disk, 'disk', true)
    const qUsed = v.used === undefined ? qDisk : checked(r, quantity(r, at('used'), v.used, parseSize), at('used'), v.used, 'used', false)
    if (qDisk && qUsed && 'fixed' in qDisk && 'fixed' in qUsed && qUsed.fixed > qDisk.fixed && qDisk.fixed > 0) {
      r.fail(at('used'), `used (${formatBytes(qUsed.fixed)}) is larger than the disk (${formatBytes(qDisk.fixed)})`)
    }
    // `2%/w`: relative growth (a continuous rate per second), no distribution; else a rate.
    const relative = isRelativeGrowth(v.dataGrowth)
    const relativeDataGrowth = relative ? relativeGrowth(r, at('dataGrowth'), v.dataGrowth, horizon) : 0
    const qGrowth = v.dataGrowth === undefined || relative ? { fixed: 0 } : checked(r, quantity(r, at('dataGrowth'), v.dataGrowth, parseRate), at('dataGrowth'), v.dataGrowth, 'dataGrowth', false)
    const relativeWriteGrowth = v.writeGrowth === undefined ? 0 : relativeGrowth(r, at('writeGrowth'), v.writeGrowth, horizon)
    const qWrite = v.writeRate === undefined ? { fixed: 0 } : checked(r, quantity(r, at('writeRate'), v.writeRate, parseRate, ['replication', 'day']), at('writeRate'), v.writeRate, 'writeRate', false)
    const qFootprint = v.footprint === undefined ? { fixed: 1 } : quantity(r, at('footprint'), v.footprint, parseShare)
    if (qFootprint && 'fixed' in qFootprint && qFootprint.fixed === 0) r.fail(at('footprint'), 'footprint must be greater than 0%')
    let profile: number | undefined
    if (isInvalidMarker(v.dailyProfile)) r.invalid()
    else if (typeof v.dailyProfile === 'string') {
      profile = profiles.named.get(v.dailyProfile)
      if (profile === undefined && !Object.hasOwn(raw.profiles ?? {}, v.dailyProfile)) {
        const known = Object.keys(raw.profiles ?? {})
        r.fail(at('dailyProfile'), `unknown profile \`${showValue(v.dailyProfile)}\`${didYouMean(v.dailyProfile, known)}; ${known.length ? `defined under profiles: ${known.map(showValue).join(', ')}` : 'no profiles are defined'}`)
      }
    } else if (v.dailyProfile) {
      profile = profiles.add(v.dailyProfile, at('dailyProfile'))
    }
    // Snapshots that exist before the run: plain sizes and durations (no distributions).
    const snapshots = (v.snapshots ?? []).map((s, k) => ({
      bytes: nonNegative(r, at('snapshots', k, 'size'), s.size, parseSize, 'size'),
      age: nonNegative(r, at('snapshots', k, 'age'), s.age, parseDuration, 'age'),
    }))
    // A VM without `provisioning` takes its datastore's (planner: thin datastores).
    const provisioning = v.provisioning ?? raw.datastores.find((d) => d.id === datastore)?.provisioning ?? 'thick'
    const ids = expandedIds(v.id, v.count)
    const taken = ids.filter((id) => vmIds.has(id))
    if (taken.length > 0 && !isInvalidMarker(v.id)) r.fail(at('id'), `duplicate VM id${taken.length > 1 ? 's' : ''} ${taken.slice(0, 5).map((t) => `\`${showValue(t)}\``).join(', ')}${taken.length > 5 ? `, … (${taken.length})` : ''}: VM ids must be unique`)
    if (qWrite && 'spec' in qWrite && qWrite.spec.per === 'day') {
      // A factor per VM and day is kept: that memory counts against the event limit.
      perDayValues += ids.length * days
      if (perDayValues > limits.events) {
        r.fail(at('writeRate'), `per-day write rates need ${perDayValues.toLocaleString('en-US')} draws (VMs x days), above the event limit of ${limits.events.toLocaleString('en-US')}; ${howToRaise('events')}`)
        return
      }
    }
    for (const id of ids) {
      vmIds.add(id)
      const entity = `vm:${id}`
      // Fixed values as written (already checked); drawn ones clamped into the key's range: a
      // disk of at least a byte, used within the disk, a footprint within (0, 100 %].
      const disk = within(r, qDisk, entity, 'disk', 1)
      const used = qUsed && 'spec' in qUsed ? Math.min(disk, within(r, qUsed, entity, 'used', 0)) : within(r, qUsed, entity, 'used', 0)
      let writeRate: number
      let dayFactors: number[] | undefined
      if (qWrite && 'spec' in qWrite && qWrite.spec.per === 'day') {
        // A rate per day: the model keeps the mean and a factor for each day of the horizon.
        writeRate = meanOf(qWrite.spec.distribution)
        const rng = stream(r.baseSeed, r.replication, entity, 'writeRate/day')
        dayFactors = Array.from({ length: days }, () => (writeRate > 0 ? Math.max(0, sample(qWrite.spec.distribution, rng)) / writeRate : 0))
      } else writeRate = within(r, qWrite, entity, 'writeRate', 0)
      vms.push({
        id,
        datastore: datastore ?? '',
        disk,
        used,
        provisioning,
        dataGrowth: within(r, qGrowth, entity, 'dataGrowth', 0),
        ...(relativeDataGrowth > 0 ? { relativeDataGrowth } : {}),
        writeRate,
        ...(relativeWriteGrowth > 0 ? { relativeWriteGrowth } : {}),
        footprint: qFootprint === null ? 1 : Math.min(1, within(r, qFootprint, entity, 'footprint', 1e-6)),
        ...(profile !== undefined ? { profile } : {}),
        ...(dayFactors ? { dayFactors } : {}),
        ...(snapshots.length > 0 ? { snapshots } : {}),
      })
    }
  })
  return { vms, total }
}

/** `web` with count 12 -> web-01 … web-12 (at least two digits); without count, the id itself. */
export function expandedIds(id: string, count: number | undefined): string[] {
  const n = count ?? 0
  const width = Math.max(2, String(n).length)
  return n > 0 ? Array.from({ length: n }, (_, k) => `${id}-${String(k + 1).padStart(width, '0')}`) : [id]
}

/**
 * A relative growth (`2%/w`) as a continuous rate per second; 0 when reported. Over the horizon it
 * may grow a quantity at most e^MAX_GROWTH_EXPONENT times (about 10^12: the engine holds the
 * factor as a float).
 */
function relativeGrowth(r: Resolution, path: (string | number)[], v: unknown, horizon: number): number {
  if (isInvalidMarker(v)) {
    r.invalid()
    return 0
  }
  let rate: number
  try {
    rate = parseRelativeGrowth(v)
  } catch (e) {
    r.fail(path, (e as Error).message)
    return 0
  }
  if (horizon > 0 && rate * horizon > MAX_GROWTH_EXPONENT) {
    r.fail(path, `\`${showValue(v)}\` over the horizon of ${formatDuration(horizon)} multiplies by e^${(rate * horizon).toFixed(1)}, above the limit of e^${MAX_GROWTH_EXPONENT} (about 10^12): a shorter horizon or a smaller growth`)
    return 0
  }
  return rate
}
