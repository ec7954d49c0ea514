// From a structurally valid scenario document to a core Model: units, defaults, `count`
// expansion, references (datastores, profiles, VM globs), cron fire times, the local hour grid,
// and the checks that need several values at once (used > disk, VMs that do not fit).
// Every problem becomes an issue at its key path; all of them are collected.

import { platforms, type AlarmLevel, type Datastore, type Job, type Model, type PlatformProfile, type Vm } from '@snapsim/core'
import picomatch from 'picomatch'
import { hourGrid, isTimeZone, wallToEpoch } from './calendar.ts'
import { cronFires } from './cron.ts'
import { isDistributionObject, meanOf, parseDistribution, sample, stream, type Per, type UncertainSpec } from './distributions.ts'
import { isInvalidMarker } from './invalid-marker.ts'
import type { RawScenario } from './schema.ts'
import { applyScale } from './scale.ts'
import { didYouMean } from './suggest.ts'
import { formatBytes, parseDuration, parseRate, parseShare, parseSize } from './units.ts'

/**
 * A bound is a number or text with a unit; the CLI parses it by the metric's kind (a duration,
 * a size, a share), which only it knows.
 */
export interface Expectation {
  readonly metric: string
  readonly equals?: number | string
  readonly below?: number | string
  readonly above?: number | string
  readonly atMost?: number | string
  readonly atLeast?: number | string
  readonly line: number
  readonly column: number
  /** Where each comparison's value is, to point at a bound of the wrong kind. */
  readonly positions: Readonly<Partial<Record<'equals' | 'below' | 'above' | 'atMost' | 'atLeast', { readonly line: number; readonly column: number }>>>
}

export interface Resolved {
  readonly name: string
  readonly description: string | null
  readonly timezone: string
  readonly startEpochMs: number
  readonly seed: string
  /** The seed replications derive theirs from (`${baseSeed}/r${replication}`). */
  readonly baseSeed: string
  /** Some value is a distribution: replications differ in more than their failure draws. */
  readonly uncertain: boolean
  readonly model: Model
  /** Expectations with their key paths; the loader adds positions. */
  readonly expect: { readonly raw: NonNullable<RawScenario['expect']>[number]; readonly path: (string | number)[] }[]
}

export type Report = (path: (string | number)[], message: string) => void

export const DEFAULT_START = '2026-01-05T00:00'
export const DEFAULT_CONSOLIDATION = 200 * 2 ** 20

export interface ResolveOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string
  /** Key paths set before validation (a sweep's grid point, `--set`): see sweep.ts. */
  readonly set?: Readonly<Record<string, string | number | boolean>>
  /**
   * A Monte Carlo replication: its uncertain inputs are drawn from streams named
   * `${seed}/r${replication}/${entity}/${purpose}`, and its model seed (failure draws) is
   * `${seed}/r${replication}`. Without it, uncertain inputs take replication 0's draws.
   */
  readonly replication?: number
  /** The scenario's name when the file gives none (the loader passes the file's base name). */
  readonly defaultName?: string
}

/** A value as written: a number, or a distribution and how often it is drawn. */
type Quantity = { readonly fixed: number } | { readonly spec: UncertainSpec }

/** `vms[3].writeRate` -> `writeRate`: the purpose of a draw within its entity. */
function purposeOf(path: readonly (string | number)[]): string {
  const rest = typeof path[1] === 'number' ? path.slice(2) : path
  return rest.join('.')
}

/** Resolve, reporting problems through `report`; returns null when any value was unusable. */
export function resolve(raw: RawScenario, report: Report, overrides: ResolveOptions = {}): Resolved | null {
  let ok = true
  const fail: Report = (path, message) => {
    ok = false
    report(path, message)
  }
  const baseSeed = overrides.seed ?? String(raw.seed ?? 1)
  let uncertain = false
  const replication = overrides.replication ?? 0
  const show = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))

  /** A number or a distribution (with the `per` values this key allows); null if reported. */
  const quantity = (path: (string | number)[], v: unknown, parse: (v: unknown) => number, allow: readonly Per[] = ['replication']): Quantity | null => {
    if (isInvalidMarker(v)) {
      ok = false // already reported by the structural check
      return null
    }
    try {
      if (!isDistributionObject(v)) return { fixed: parse(v) }
      uncertain = true
      const spec = parseDistribution(v, parse)
      if (!allow.includes(spec.per)) {
        fail(path, `per: ${spec.per} is not supported for this key (it allows per: ${allow.join(', ')})`)
        return null
      }
      return { spec }
    } catch (e) {
      fail(path, (e as Error).message)
      return null
    }
  }
  /** The value in this replication: the number, or a draw from the entity's stream. */
  const draw = (q: Quantity, entity: string, purpose: string): number =>
    'fixed' in q ? q.fixed : sample(q.spec.distribution, stream(baseSeed, replication, entity, purpose))
  /** Parse, check the range of a fixed value (a drawn one is clamped by the caller), draw. */
  const checked = (q: Quantity | null, path: (string | number)[], v: unknown, what: string, strict: boolean): Quantity | null => {
    if (q && 'fixed' in q && (strict ? !(q.fixed > 0) : q.fixed < 0)) fail(path, `${what} must ${strict ? 'be greater than 0' : 'not be negative'}, got \`${show(v)}\``)
    return q
  }
  const value = (path: (string | number)[], v: unknown, parse: (v: unknown) => number, fallback: number, entity = 'scenario'): number => {
    const q = quantity(path, v, parse)
    return q === null ? fallback : draw(q, entity, purposeOf(path))
  }
  /** A fixed value is checked and returned as written; a drawn one is clamped into range. */
  const within = (q: Quantity | null, entity: string, purpose: string, min: number): number =>
    q === null ? Number.NaN : 'fixed' in q ? q.fixed : Math.max(min, draw(q, entity, purpose))
  const positive = (path: (string | number)[], v: unknown, parse: (v: unknown) => number, what: string, entity = 'scenario'): number =>
    within(checked(quantity(path, v, parse), path, v, what, true), entity, purposeOf(path), Number.MIN_VALUE)
  const nonNegative = (path: (string | number)[], v: unknown, parse: (v: unknown) => number, what: string, entity = 'scenario'): number =>
    within(checked(quantity(path, v, parse), path, v, what, false), entity, purposeOf(path), 0)

  const timezone = raw.timezone ?? 'UTC'
  if (!isTimeZone(timezone)) fail(['timezone'], `unknown time zone \`${timezone}\`${didYouMean(timezone, Intl.supportedValuesOf('timeZone'))}: expected an IANA name such as \`Europe/Berlin\` or \`UTC\``)
  const tz = isTimeZone(timezone) ? timezone : 'UTC'
  let startEpochMs = Number.NaN
  if (isInvalidMarker(raw.start)) ok = false
  else {
    try {
      startEpochMs = wallToEpoch(String(raw.start ?? DEFAULT_START), tz)
    } catch (e) {
      fail(['start'], (e as Error).message)
    }
  }
  const horizon = positive(['horizon'], raw.horizon, parseDuration, 'horizon')
  const seed = overrides.replication === undefined ? baseSeed : `${baseSeed}/r${replication}`
  const defaultPlatform = raw.platform ?? 'generic'

  // Daily profiles: named ones first, inline ones appended; identical lists share an index.
  const profiles: number[][] = []
  const profileIndex = new Map<string, number>()
  const named = new Map<string, number>()
  const addProfile = (values: readonly number[], path: (string | number)[]): number | undefined => {
    if (values.length !== 24) {
      fail(path, `a daily profile needs 24 multipliers (hours 0-23), got ${values.length}`)
      return undefined
    }
    const bad = values.findIndex((m) => !(m >= 0))
    if (bad >= 0) {
      fail([...path, bad], `a multiplier must be 0 or more, got ${values[bad]}`)
      return undefined
    }
    const key = values.join(',')
    let i = profileIndex.get(key)
    if (i === undefined) {
      i = profiles.length
      profiles.push([...values])
      profileIndex.set(key, i)
    }
    return i
  }
  for (const [name, values] of Object.entries(raw.profiles ?? {})) {
    const i = addProfile(values, ['profiles', name])
    if (i !== undefined) named.set(name, i)
  }

  // Datastores.
  const datastores: Datastore[] = []
  const dsIds = new Set<string>()
  raw.datastores.forEach((d, i) => {
    const at = (...k: (string | number)[]) => ['datastores', i, ...k]
    if (dsIds.has(d.id) && !isInvalidMarker(d.id)) fail(at('id'), `duplicate datastore id \`${d.id}\``)
    dsIds.add(d.id)
    const entity = `datastore:${d.id}`
    const capacity = positive(at('capacity'), d.capacity, parseSize, 'capacity', entity)
    const fixedUse = nonNegative(at('otherData'), d.otherData ?? 0, parseSize, 'otherData', entity)
    const consolidationThroughput = d.consolidationThroughput === undefined ? DEFAULT_CONSOLIDATION : positive(at('consolidationThroughput'), d.consolidationThroughput, parseRate, 'consolidationThroughput', entity)
    const base = platforms[d.platform ?? defaultPlatform]!
    const o = d.platformOptions ?? {}
    const opt = (k: keyof typeof o, parse: (v: unknown) => number) => (o[k] === undefined ? undefined : nonNegative(at('platformOptions', k), o[k], parse, k, entity))
    type NumericField = 'grain' | 'deltaOverhead' | 'stopBelowFree' | 'resumeDelay' | 'queueTimeout' | 'crashAfter' | 'maxChain'
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
    const platform: PlatformProfile = { ...base, ...overrides }
    let alarms: AlarmLevel[] | undefined
    if (d.alarms) {
      alarms = d.alarms.map((a, j) => {
        const path = typeof a === 'object' ? at('alarms', j, 'level') : at('alarms', j)
        const fraction = value(path, typeof a === 'object' ? a.level : a, parseShare, Number.NaN, entity)
        if (fraction === 0) fail(path, 'an alarm level must be above 0%')
        const name = typeof a === 'object' ? a.name : `${Math.round(fraction * 1000) / 10} %`
        return { name, fraction }
      })
    }
    datastores.push({
      id: d.id,
      capacity,
      fixedUse,
      consolidationThroughput,
      platform,
      ...(alarms ? { alarms } : {}),
    })
  })

  // VMs, with `count` expanded.
  const vms: Vm[] = []
  const vmIds = new Set<string>()
  raw.vms.forEach((v, i) => {
    const at = (...k: (string | number)[]) => ['vms', i, ...k]
    // With one datastore, a VM may leave it out.
    const datastore = v.datastore ?? (dsIds.size === 1 ? [...dsIds][0]! : undefined)
    if (datastore === undefined) fail(at(), `missing required key \`datastore\`: there are ${dsIds.size} datastores (${[...dsIds].join(', ')})`)
    else if (!dsIds.has(datastore) && !isInvalidMarker(datastore)) fail(at('datastore'), `unknown datastore \`${datastore}\`${didYouMean(datastore, dsIds)}; defined: ${[...dsIds].join(', ')}`)
    // Parsed once (problems reported once), drawn per expanded VM (each its own stream).
    const qDisk = checked(quantity(at('disk'), v.disk, parseSize), at('disk'), v.disk, 'disk', true)
    const qUsed = v.used === undefined ? qDisk : checked(quantity(at('used'), v.used, parseSize), at('used'), v.used, 'used', false)
    if (qDisk && qUsed && 'fixed' in qDisk && 'fixed' in qUsed && qUsed.fixed > qDisk.fixed && qDisk.fixed > 0) {
      fail(at('used'), `used (${formatBytes(qUsed.fixed)}) is larger than the disk (${formatBytes(qDisk.fixed)})`)
    }
    const qGrowth = v.dataGrowth === undefined ? { fixed: 0 } : checked(quantity(at('dataGrowth'), v.dataGrowth, parseRate), at('dataGrowth'), v.dataGrowth, 'dataGrowth', false)
    const qWrite = v.writeRate === undefined ? { fixed: 0 } : checked(quantity(at('writeRate'), v.writeRate, parseRate, ['replication', 'day']), at('writeRate'), v.writeRate, 'writeRate', false)
    const qFootprint = v.footprint === undefined ? { fixed: 1 } : quantity(at('footprint'), v.footprint, parseShare)
    if (qFootprint && 'fixed' in qFootprint && qFootprint.fixed === 0) fail(at('footprint'), 'footprint must be greater than 0%')
    let profile: number | undefined
    if (isInvalidMarker(v.dailyProfile)) ok = false
    else if (typeof v.dailyProfile === 'string') {
      profile = named.get(v.dailyProfile)
      if (profile === undefined && !Object.hasOwn(raw.profiles ?? {}, v.dailyProfile)) {
        const known = Object.keys(raw.profiles ?? {})
        fail(at('dailyProfile'), `unknown profile \`${v.dailyProfile}\`${didYouMean(v.dailyProfile, known)}; ${known.length ? `defined under profiles: ${known.join(', ')}` : 'no profiles are defined'}`)
      }
    } else if (v.dailyProfile) {
      profile = addProfile(v.dailyProfile, at('dailyProfile'))
    }
    const count = v.count ?? 0
    const width = Math.max(2, String(count).length)
    const ids = count > 0 ? Array.from({ length: count }, (_, k) => `${v.id}-${String(k + 1).padStart(width, '0')}`) : [v.id]
    const taken = ids.filter((id) => vmIds.has(id))
    if (taken.length > 0 && !isInvalidMarker(v.id)) fail(at('id'), `duplicate VM id${taken.length > 1 ? 's' : ''} ${taken.map((t) => `\`${t}\``).join(', ')}: VM ids must be unique`)
    const days = Math.ceil(horizon / 86400) + 1
    for (const id of ids) {
      vmIds.add(id)
      const entity = `vm:${id}`
      // Fixed values as written (already checked); drawn ones clamped into the key's range: a
      // disk of at least a byte, used within the disk, a footprint within (0, 100 %].
      const disk = within(qDisk, entity, 'disk', 1)
      const used = qUsed && 'spec' in qUsed ? Math.min(disk, within(qUsed, entity, 'used', 0)) : within(qUsed, entity, 'used', 0)
      let writeRate: number
      let dayFactors: number[] | undefined
      if (qWrite && 'spec' in qWrite && qWrite.spec.per === 'day') {
        // A rate per day: the model keeps the mean and a factor for each day of the horizon.
        writeRate = meanOf(qWrite.spec.distribution)
        const rng = stream(baseSeed, replication, entity, 'writeRate/day')
        dayFactors = Array.from({ length: days }, () => (writeRate > 0 ? Math.max(0, sample(qWrite.spec.distribution, rng)) / writeRate : 0))
      } else writeRate = within(qWrite, entity, 'writeRate', 0)
      vms.push({
        id,
        datastore: datastore ?? '',
        disk,
        used,
        provisioning: v.provisioning ?? raw.datastores.find((d) => d.id === datastore)?.provisioning ?? 'thick',
        dataGrowth: within(qGrowth, entity, 'dataGrowth', 0),
        writeRate,
        footprint: qFootprint === null ? 1 : Math.min(1, within(qFootprint, entity, 'footprint', 1e-6)),
        ...(profile !== undefined ? { profile } : {}),
        ...(dayFactors ? { dayFactors } : {}),
      })
    }
  })

  // Scale factors (scale.ts), before the fit check: a scaled `used` must fit too.
  vms.splice(0, vms.length, ...applyScale(vms, raw.scale, fail))

  // VMs that cannot fit at time 0 (a value that failed is NaN and makes the sum unknown).
  {
    raw.datastores.forEach((d, i) => {
      const ds = datastores[i]!
      const mine = vms.filter((v) => v.datastore === ds.id)
      const disks = mine.reduce((s, v) => s + (v.provisioning === 'thin' ? v.used : v.disk), 0)
      if (ds.fixedUse + disks > ds.capacity) {
        fail(
          ['datastores', i, 'capacity'],
          `the ${mine.length} VMs on \`${ds.id}\` do not fit at the start: otherData ${formatBytes(ds.fixedUse)} + disks ${formatBytes(disks)} = ${formatBytes(ds.fixedUse + disks)} > capacity ${formatBytes(ds.capacity)}`,
        )
      }
    })
  }

  // Policies: the space guard per datastore, the snapshot hunter.
  const p = raw.policies ?? {}
  const maxSnapshotAge = p.maxSnapshotAge === undefined ? undefined : positive(['policies', 'maxSnapshotAge'], p.maxSnapshotAge, parseDuration, 'maxSnapshotAge')
  if (p.minFreeForSnapshot !== undefined) {
    const spec = p.minFreeForSnapshot
    const isShare = typeof spec === 'string' && spec.trim().endsWith('%')
    const amount = value(['policies', 'minFreeForSnapshot'], spec, isShare ? parseShare : parseSize, Number.NaN)
    if (!Number.isNaN(amount)) {
      datastores.forEach((d, i) => {
        datastores[i] = { ...d, guard: { minFreeBytes: isShare ? amount * d.capacity : amount, abortRunning: p.abortRunningBelowMinFree ?? false } }
      })
    }
  } else if (p.abortRunningBelowMinFree) {
    fail(['policies', 'abortRunningBelowMinFree'], 'needs `minFreeForSnapshot`: the level below which running backups are cancelled')
  }

  // Jobs: VM globs, cron fire times.
  const jobs: Job[] = []
  const jobIds = new Set<string>()
  const allIds = vms.map((v) => v.id)
  ;(raw.jobs ?? []).forEach((j, i) => {
    const at = (...k: (string | number)[]) => ['jobs', i, ...k]
    if (jobIds.has(j.id) && !isInvalidMarker(j.id)) fail(at('id'), `duplicate job id \`${j.id}\``)
    jobIds.add(j.id)
    const patterns = typeof j.vms === 'string' ? [j.vms] : j.vms
    const members = new Set<string>()
    patterns.forEach((pattern, k) => {
      const isMatch = picomatch(pattern)
      const hits = allIds.filter((id) => isMatch(id))
      if (hits.length === 0 && !isInvalidMarker(pattern)) {
        const path = typeof j.vms === 'string' ? at('vms') : at('vms', k)
        fail(path, `\`${pattern}\` matches no VM${didYouMean(pattern, allIds)}; VMs: ${allIds.slice(0, 6).join(', ')}${allIds.length > 6 ? ', …' : ''}`)
      }
      for (const id of hits) members.add(id)
    })
    let fires: number[] = []
    if (!Number.isNaN(startEpochMs) && horizon > 0) {
      let computed: number[] | null = null
      if (isInvalidMarker(j.schedule)) ok = false
      else {
        try {
          computed = cronFires(String(j.schedule), tz, startEpochMs, horizon)
        } catch (e) {
          fail(at('schedule'), (e as Error).message)
        }
      }
      if (computed !== null) fires = computed
      if (computed?.length === 0) fail(at('schedule'), `cron \`${j.schedule}\` never fires within the horizon (${String(raw.horizon)} from ${raw.start ?? DEFAULT_START} ${tz})`)
    }
    const entity = `job:${j.id}`
    if (j.streamThroughput === undefined && j.sharedThroughput === undefined) fail(at(), 'a job needs `streamThroughput` (per stream), `sharedThroughput` (a pool), or both')
    const qStream = j.streamThroughput === undefined ? { fixed: Number.POSITIVE_INFINITY } : checked(quantity(at('streamThroughput'), j.streamThroughput, parseRate, ['replication', 'run']), at('streamThroughput'), j.streamThroughput, 'streamThroughput', true)
    let streamThroughput = Number.NaN
    let streamThroughputPerRun: number[] | undefined
    if (qStream && 'spec' in qStream && qStream.spec.per === 'run') {
      // A throughput per run: one draw per fire, each run's streams capped by its own.
      const rng = stream(baseSeed, replication, entity, 'streamThroughput/run')
      streamThroughput = Math.max(Number.MIN_VALUE, meanOf(qStream.spec.distribution))
      streamThroughputPerRun = fires.map(() => Math.max(1, sample(qStream.spec.distribution, rng)))
    } else streamThroughput = within(qStream, entity, 'streamThroughput', Number.MIN_VALUE)
    const sharedThroughput = j.sharedThroughput === undefined ? undefined : positive(at('sharedThroughput'), j.sharedThroughput, parseRate, 'sharedThroughput', entity)
    const window = j.window === undefined ? undefined : positive(at('window'), j.window, parseDuration, 'window', entity)
    const orphanedShare = j.failure?.orphaned === undefined ? 0 : Math.min(1, Math.max(0, value(at('failure', 'orphaned'), j.failure.orphaned, parseShare, 0, entity)))
    const ratePerHour = j.failure === undefined ? 0 : nonNegative(at('failure', 'ratePerHour'), j.failure.ratePerHour, (x) => {
      if (typeof x !== 'number') throw new Error(`expected a number of aborts per hour, got \`${show(x)}\``)
      return x
    }, 'ratePerHour', entity)
    jobs.push({
      id: j.id,
      fires,
      vms: allIds.filter((id) => members.has(id)),
      type: j.type ?? 'full',
      streamThroughput,
      ...(streamThroughputPerRun ? { streamThroughputPerRun } : {}),
      ...(sharedThroughput !== undefined ? { sharedThroughput } : {}),
      ...(j.concurrency !== undefined ? { concurrency: j.concurrency } : {}),
      overlap: j.overlap ?? 'start',
      ...(j.failure ? { failure: { ratePerHour, orphanedShare } } : {}),
      ...(window !== undefined ? { window } : {}),
    })
  })

  // Expectations (the schema made sure each compares something).
  const expect = (raw.expect ?? []).map((e, i) => ({ raw: e, path: ['expect', i] as (string | number)[] }))
  // A bound with a unit is checked against its metric's kind by the CLI; here only that it is a
  // value of some kind at all, so validate catches `atMost: lots`.
  ;(raw.expect ?? []).forEach((e, i) => {
    for (const key of ['equals', 'below', 'above', 'atMost', 'atLeast'] as const) {
      const v = e[key]
      if (typeof v !== 'string') continue
      const parses = [parseDuration, parseSize, parseShare, (x: unknown) => (/^\s*-?[0-9]+(\.[0-9]+)?\s*$/.test(String(x)) ? Number(x) : Number.NaN)].some((f) => {
        try {
          return Number.isFinite(f(v))
        } catch {
          return false
        }
      })
      if (!parses) fail(['expect', i, key], `\`${v}\` is neither a number nor a duration (\`26h\`), a size (\`1.5 TiB\`) or a share (\`80%\`)`)
    }
  })

  if (!ok) return null
  const model: Model = {
    horizon,
    seed,
    datastores,
    vms,
    jobs,
    ...(profiles.length > 0 ? { profiles } : {}),
    // Always: daily profiles and per-day factors both follow the local calendar.
    hours: hourGrid(startEpochMs, horizon, tz),
    ...(maxSnapshotAge !== undefined ? { policies: { maxSnapshotAge } } : {}),
  }
  return { name: raw.name ?? overrides.defaultName ?? 'scenario', description: raw.description ?? null, timezone: tz, startEpochMs, seed, baseSeed, uncertain, model, expect }
}
