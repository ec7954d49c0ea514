// From a structurally valid scenario document to a core Model: units, defaults, `count`
// expansion, references (datastores, profiles, VM globs), cron fire times, the local hour grid,
// and the checks that need several values at once (used > disk, VMs that do not fit).
// Every problem becomes an issue at its key path; all of them are collected.

import { platforms, type AlarmLevel, type Datastore, type Job, type Model, type PlatformProfile, type Vm } from '@snapsim/core'
import picomatch from 'picomatch'
import { hourGrid, isTimeZone, wallToEpoch } from './calendar.ts'
import { cronFires } from './cron.ts'
import { isPlaceholder } from './placeholder.ts'
import type { RawScenario } from './schema.ts'
import { didYouMean } from './suggest.ts'
import { formatBytes, parseDuration, parseRate, parseShare, parseSize } from './units.ts'

export interface Expectation {
  readonly metric: string
  readonly equals?: number
  readonly below?: number
  readonly above?: number
  readonly atMost?: number
  readonly atLeast?: number
  readonly line: number
  readonly column: number
}

export interface Resolved {
  readonly name: string
  readonly description: string | null
  readonly timezone: string
  readonly startEpochMs: number
  readonly seed: string
  readonly model: Model
  /** Expectations with their key paths; the loader adds positions. */
  readonly expect: { readonly raw: NonNullable<RawScenario['expect']>[number]; readonly path: (string | number)[] }[]
}

export type Report = (path: (string | number)[], message: string) => void

export const DEFAULT_START = '2026-01-05T00:00'
export const DEFAULT_CONSOLIDATION = 200 * 2 ** 20

/** Resolve, reporting problems through `report`; returns null when any value was unusable. */
export function resolve(raw: RawScenario, report: Report, overrides: { seed?: string } = {}): Resolved | null {
  let ok = true
  const fail: Report = (path, message) => {
    ok = false
    report(path, message)
  }
  /** Parse with `parse`, or report its message at `path` and return `fallback`. */
  const value = <T>(path: (string | number)[], v: unknown, parse: (v: unknown) => T, fallback: T): T => {
    if (isPlaceholder(v)) {
      ok = false // already reported by the structural check
      return fallback
    }
    try {
      return parse(v)
    } catch (e) {
      fail(path, (e as Error).message)
      return fallback
    }
  }
  const positive = (path: (string | number)[], v: unknown, parse: (v: unknown) => number, what: string): number => {
    const n = value(path, v, parse, Number.NaN)
    if (!Number.isNaN(n) && !(n > 0)) fail(path, `${what} must be greater than 0, got \`${String(v)}\``)
    return n
  }
  const nonNegative = (path: (string | number)[], v: unknown, parse: (v: unknown) => number, what: string): number => {
    const n = value(path, v, parse, Number.NaN)
    if (!Number.isNaN(n) && n < 0) fail(path, `${what} must not be negative, got \`${String(v)}\``)
    return n
  }

  const timezone = raw.timezone ?? 'UTC'
  if (!isTimeZone(timezone)) fail(['timezone'], `unknown time zone \`${timezone}\`${didYouMean(timezone, Intl.supportedValuesOf('timeZone'))}: expected an IANA name such as \`Europe/Berlin\` or \`UTC\``)
  const tz = isTimeZone(timezone) ? timezone : 'UTC'
  const startEpochMs = value(['start'], raw.start ?? DEFAULT_START, (v) => wallToEpoch(String(v), tz), Number.NaN)
  const horizon = positive(['horizon'], raw.horizon, parseDuration, 'horizon')
  const seed = overrides.seed ?? String(raw.seed ?? 1)
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
    if (dsIds.has(d.id) && !isPlaceholder(d.id)) fail(at('id'), `duplicate datastore id \`${d.id}\``)
    dsIds.add(d.id)
    const capacity = positive(at('capacity'), d.capacity, parseSize, 'capacity')
    const fixedUse = nonNegative(at('otherData'), d.otherData ?? 0, parseSize, 'otherData')
    const consolidationThroughput = d.consolidationThroughput === undefined ? DEFAULT_CONSOLIDATION : positive(at('consolidationThroughput'), d.consolidationThroughput, parseRate, 'consolidationThroughput')
    const base = platforms[d.platform ?? defaultPlatform]!
    const o = d.platformOptions ?? {}
    const opt = (k: keyof typeof o, parse: (v: unknown) => number) => (o[k] === undefined ? undefined : nonNegative(at('platformOptions', k), o[k], parse, k))
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
        const fraction = value(path, typeof a === 'object' ? a.level : a, parseShare, Number.NaN)
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
    if (!dsIds.has(v.datastore) && !isPlaceholder(v.datastore)) fail(at('datastore'), `unknown datastore \`${v.datastore}\`${didYouMean(v.datastore, dsIds)}; defined: ${[...dsIds].join(', ')}`)
    const disk = positive(at('disk'), v.disk, parseSize, 'disk')
    const used = nonNegative(at('used'), v.used, parseSize, 'used')
    if (used > disk) fail(at('used'), `used (${formatBytes(used)}) is larger than the disk (${formatBytes(disk)})`)
    const dataGrowth = v.dataGrowth === undefined ? 0 : nonNegative(at('dataGrowth'), v.dataGrowth, parseRate, 'dataGrowth')
    const writeRate = nonNegative(at('writeRate'), v.writeRate, parseRate, 'writeRate')
    const footprint = v.footprint === undefined ? 1 : value(at('footprint'), v.footprint, parseShare, 1)
    if (footprint === 0) fail(at('footprint'), 'footprint must be greater than 0%')
    let profile: number | undefined
    if (isPlaceholder(v.dailyProfile)) ok = false
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
    if (taken.length > 0 && !isPlaceholder(v.id)) fail(at('id'), `duplicate VM id${taken.length > 1 ? 's' : ''} ${taken.map((t) => `\`${t}\``).join(', ')}: VM ids must be unique`)
    for (const id of ids) {
      vmIds.add(id)
      vms.push({
        id,
        datastore: v.datastore,
        disk,
        used,
        provisioning: v.provisioning ?? 'thick',
        dataGrowth,
        writeRate,
        footprint,
        ...(profile !== undefined ? { profile } : {}),
      })
    }
  })

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
    if (jobIds.has(j.id) && !isPlaceholder(j.id)) fail(at('id'), `duplicate job id \`${j.id}\``)
    jobIds.add(j.id)
    const patterns = typeof j.vms === 'string' ? [j.vms] : j.vms
    const members = new Set<string>()
    patterns.forEach((pattern, k) => {
      const isMatch = picomatch(pattern)
      const hits = allIds.filter((id) => isMatch(id))
      if (hits.length === 0 && !isPlaceholder(pattern)) {
        const path = typeof j.vms === 'string' ? at('vms') : at('vms', k)
        fail(path, `\`${pattern}\` matches no VM${didYouMean(pattern, allIds)}; VMs: ${allIds.slice(0, 6).join(', ')}${allIds.length > 6 ? ', …' : ''}`)
      }
      for (const id of hits) members.add(id)
    })
    let fires: number[] = []
    if (!Number.isNaN(startEpochMs) && horizon > 0) {
      const computed = value<number[] | null>(at('schedule'), j.schedule, (s) => cronFires(String(s), tz, startEpochMs, horizon), null)
      if (computed !== null) fires = computed
      if (computed?.length === 0) fail(at('schedule'), `cron \`${j.schedule}\` never fires within the horizon (${String(raw.horizon)} from ${raw.start ?? DEFAULT_START} ${tz})`)
    }
    const streamThroughput = positive(at('streamThroughput'), j.streamThroughput, parseRate, 'streamThroughput')
    const sharedThroughput = j.sharedThroughput === undefined ? undefined : positive(at('sharedThroughput'), j.sharedThroughput, parseRate, 'sharedThroughput')
    const window = j.window === undefined ? undefined : positive(at('window'), j.window, parseDuration, 'window')
    const orphanedShare = j.failure?.orphaned === undefined ? 0 : value(at('failure', 'orphaned'), j.failure.orphaned, parseShare, 0)
    jobs.push({
      id: j.id,
      fires,
      vms: allIds.filter((id) => members.has(id)),
      type: j.type ?? 'full',
      streamThroughput,
      ...(sharedThroughput !== undefined ? { sharedThroughput } : {}),
      ...(j.concurrency !== undefined ? { concurrency: j.concurrency } : {}),
      overlap: j.overlap ?? 'start',
      ...(j.failure ? { failure: { ratePerHour: j.failure.ratePerHour, orphanedShare } } : {}),
      ...(window !== undefined ? { window } : {}),
    })
  })

  // Expectations (the schema made sure each compares something).
  const expect = (raw.expect ?? []).map((e, i) => ({ raw: e, path: ['expect', i] as (string | number)[] }))

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
  return { name: raw.name, description: raw.description ?? null, timezone: tz, startEpochMs, seed, model, expect }
}
