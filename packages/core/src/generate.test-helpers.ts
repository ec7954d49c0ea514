// Generated models for the property tests (fast-check): small (a few VMs, a few days, a few
// fires) so that thousands run in seconds, yet built to reach every path of the engine — daily
// profiles with repeated multipliers (hours where no rate changes, so no hour event fires),
// several datastores, every platform profile and allocation grains up to 16 MB, failures that
// orphan snapshots, the snapshot hunter, the space guard (refusing and aborting), all four
// overlap policies, thin growth, per-day rate factors and per-run throughput caps.
// `features` says which of them a model and its full-detail result reached: the coverage test
// (differential.test.ts) counts them, so no property here is vacuous.

import fc from 'fast-check'
import type { Datastore, HourGrid, Job, Model, Vm } from './model.ts'
import { platforms, type Platform } from './platform.ts'
import type { Result } from './result.ts'
import { DAY, GiB, HOUR, KiB, MiB } from './testing.test-helpers.ts'

/** How many runs a property makes: CI's count, or 100,000 under `pnpm test:deep` (SNAPSIM_DEEP=1). */
export function runs(ci: number, deep = 100_000): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
  return env?.SNAPSIM_DEEP === '1' ? deep : ci
}

/** Multipliers of the generated daily profiles: a small set, so neighbouring hours often repeat. */
const MULTIPLIERS = [0, 0.2, 0.5, 1, 1.8, 4] as const

/**
 * A daily profile as a few runs of equal multipliers: `cuts` are the hours where the multiplier
 * may change, so the hours in between have no hour event.
 */
const profileArb = fc
  .record({
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: 23 }), { minLength: 1, maxLength: 6 }),
    values: fc.array(fc.constantFrom(...MULTIPLIERS), { minLength: 7, maxLength: 7 }),
  })
  .map(({ cuts, values }) => {
    const sorted = [...cuts].sort((a, b) => a - b)
    const hours: number[] = []
    let piece = 0
    for (let h = 0; h < 24; h++) {
      if (piece < sorted.length && h === sorted[piece]) piece++
      hours.push(values[piece]!)
    }
    return hours
  })

const platformNames = Object.keys(platforms)

/** A platform: a shipped one as is, or with its figures varied (data, never branches). */
const platformArb = fc
  .record({
    name: fc.constantFrom(...platformNames),
    vary: fc.boolean(),
    grain: fc.constantFrom(0, 512, 4 * KiB, 64 * KiB, 2 * MiB, 16 * 1e6),
    overhead: fc.constantFrom(0, 0, 64 * KiB, 4 * MiB, 300 * MiB, 40 * GiB),
    maxChain: fc.constantFrom(1, 2, 3, Number.POSITIVE_INFINITY),
    stopBelowFree: fc.constantFrom(0, 0, 200 * 1e6, 2 * GiB),
    resumeDelay: fc.constantFrom(0, 0, 60, 1800),
    crash: fc.option(fc.record({ queue: fc.constantFrom(0, 60, 600), crash: fc.constantFrom(30, 3600) }), { nil: undefined }),
    /** Free space a snapshot needs beyond its first allocation (snapshotFree), GiB. */
    snapshotFree: fc.option(fc.constantFrom(0, 1, 20), { nil: undefined }),
  })
  .map((p): Platform => {
    const base = platforms[p.name]!
    if (!p.vary) return base
    const { queueTimeout: _q, crashAfter: _c, ...rest } = base
    return {
      ...rest,
      name: `${base.name}*`,
      grain: p.grain,
      deltaOverhead: p.overhead,
      maxChain: p.maxChain,
      stopBelowFree: p.stopBelowFree,
      resumeDelay: p.resumeDelay,
      ...(p.crash ? { queueTimeout: p.crash.queue, crashAfter: p.crash.crash } : {}),
      ...(p.snapshotFree !== undefined ? { snapshotFree: p.overhead + p.snapshotFree * GiB } : {}),
    }
  })

const vmArb = fc.record({
  ds: fc.nat(2),
  diskGiB: fc.integer({ min: 4, max: 400 }),
  usedShare: fc.double({ min: 0.05, max: 1, noNaN: true }),
  thin: fc.boolean(),
  /** GiB per day; the last values make a thin disk reach its size within the run. */
  growth: fc.constantFrom(0, 0, 1, 10, 50, 400),
  /** MiB/s; a burst rate now and then. */
  write: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 40 }) }, { weight: 1, arbitrary: fc.constantFrom(2000, 20_000) }),
  footprint: fc.integer({ min: 1, max: 100 }).map((p) => p / 100),
  profile: fc.option(fc.nat(1), { nil: undefined }),
  dayFactors: fc.option(fc.array(fc.constantFrom(0, 0.3, 1, 2.5), { minLength: 1, maxLength: 4 }), { nil: undefined }),
  /** Snapshots present at time 0 (an RVTools vSnapshot row), oldest first: size (GiB) and age (h). */
  snapshots: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    /** Its data as a share of the VM's write region (a delta holds at most the region's data). */
    { weight: 1, arbitrary: fc.array(fc.record({ share: fc.constantFrom(0, 0.01, 0.3, 0.9), ageH: fc.constantFrom(1, 20, 200) }), { minLength: 1, maxLength: 2 }) },
  ),
})

const jobArb = fc.record({
  members: fc.array(fc.nat(5), { minLength: 1, maxLength: 4 }),
  /** The first fire (share of the horizon), then gaps: close ones make runs overlap. */
  first: fc.double({ min: 0, max: 0.9, noNaN: true }),
  gaps: fc.array(fc.constantFrom(0, 600, 3600, 6 * 3600, 86400), { maxLength: 3 }),
  incremental: fc.boolean(),
  streamMiB: fc.integer({ min: 5, max: 400 }),
  perRun: fc.option(fc.array(fc.integer({ min: 2, max: 400 }), { minLength: 1, maxLength: 4 }), { nil: undefined }),
  poolMiB: fc.option(fc.integer({ min: 10, max: 600 }), { nil: undefined }),
  concurrency: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  overlap: fc.constantFrom('start' as const, 'skip' as const, 'queue' as const, 'cancel' as const),
  hazard: fc.option(fc.record({ rate: fc.double({ min: 0.2, max: 20, noNaN: true }), orphaned: fc.constantFrom(0, 0.5, 1) }), { nil: undefined }),
  windowH: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  /**
   * A window ending at a local hour (20:00-06:00 style), 1 to 6 local hours after the first
   * fire's: per fire, the first instant that hour begins after it (windowEnds).
   */
  windowEndIn: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(1, 2, 6) }),
})

const dsArb = fc.record({
  platform: platformArb,
  /** Free space at time 0, GiB: from almost nothing to plenty. */
  headroom: fc.oneof(fc.double({ min: 0.001, max: 2, noNaN: true }), fc.double({ min: 2, max: 300, noNaN: true })),
  fixedGiB: fc.integer({ min: 0, max: 50 }),
  mergeMiB: fc.constantFrom(20, 200, 2000),
  alarms: fc.option(fc.uniqueArray(fc.integer({ min: 30, max: 100 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  guard: fc.option(fc.record({ freeGiB: fc.double({ min: 0.01, max: 50, noNaN: true }), abort: fc.boolean() }), { nil: undefined }),
  /** Thin provisioning for the datastore (every VM on it thin, as `provisioning: thin` gives). */
  thin: fc.constantFrom(false, false, false, true),
})

/**
 * Relative (compounding) growth per VM, by position: of the data in use (replacing linear
 * growth; 30 % or 200 % a day, so the use curves visibly upwards within the short horizons) and
 * of the write rate (50 % or 300 % a day).
 */
const relativeArb = fc.oneof(
  // in a quarter of the models, so most still reach the concave solver (Newton)
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.array(fc.record({ data: fc.constantFrom(0, 0.3, 2), write: fc.constantFrom(0, 0.5, 3) }), { minLength: 6, maxLength: 6 }) },
)

function withRelative(m: Model, draws: readonly { readonly data: number; readonly write: number }[] | undefined): Model {
  if (!draws) return m
  return {
    ...m,
    vms: m.vms.map((v, i) => {
      const { data, write } = draws[i]!
      return {
        ...v,
        ...(data > 0 ? { dataGrowth: 0, relativeDataGrowth: Math.log1p(data) / DAY } : {}),
        ...(write > 0 ? { relativeWriteGrowth: Math.log1p(write) / DAY } : {}),
      }
    }),
  }
}

/**
 * Shared backup infrastructure: a proxy and a repository with few slots and a small throughput,
 * and per job whether it names each — so two jobs, and a job's overlapping runs, compete.
 */
const sharedArb: fc.Arbitrary<SharedDraw | undefined> = fc.option(
  fc.record({
    proxyTasks: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    proxyMiB: fc.option(fc.integer({ min: 20, max: 400 }), { nil: undefined }),
    repoTasks: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    repoMiB: fc.option(fc.integer({ min: 20, max: 400 }), { nil: undefined }),
    uses: fc.array(fc.record({ proxy: fc.boolean(), repository: fc.boolean() }), { minLength: 2, maxLength: 2 }),
  }),
  { nil: undefined },
)

interface SharedDraw {
  readonly proxyTasks: number | undefined
  readonly proxyMiB: number | undefined
  readonly repoTasks: number | undefined
  readonly repoMiB: number | undefined
  readonly uses: readonly { readonly proxy: boolean; readonly repository: boolean }[]
}

function withShared(m: Model, s: SharedDraw | undefined): Model {
  if (!s) return m
  const resource = (id: string, tasks?: number, mib?: number) => ({ id, ...(tasks ? { tasks } : {}), ...(mib ? { throughput: mib * MiB } : {}) })
  return {
    ...m,
    proxies: [resource('p', s.proxyTasks, s.proxyMiB)],
    repositories: [resource('r', s.repoTasks, s.repoMiB)],
    jobs: m.jobs.map((j, i) => ({ ...j, ...(s.uses[i]!.proxy ? { proxy: 'p' } : {}), ...(s.uses[i]!.repository ? { repository: 'r' } : {}) })),
  }
}

export const modelArb: fc.Arbitrary<Model> = fc
  .record({
    days: fc.integer({ min: 1, max: 3 }),
    /** Local hour of time 0 and whether the grid has a 25-hour day (daylight saving ends). */
    startHour: fc.integer({ min: 0, max: 23 }),
    /** Local weekday of time 0 (0 = Monday). */
    startWeekday: fc.integer({ min: 0, max: 6 }),
    longDay: fc.boolean(),
    /**
     * Profile 0 as a weekly profile (168 multipliers): one per weekday, or one for Monday to
     * Friday and one for the weekend (what `weekday:` / `weekend:` resolve to).
     */
    weekly: fc.option(fc.record({ perDay: fc.boolean(), days: fc.array(profileArb, { minLength: 7, maxLength: 7 }) }), { nil: undefined }),
    /** A snapshot-age alarm (report only: the engine ignores it, the CLI reads the records). */
    ageAlarm: fc.option(fc.constantFrom(3600, 12 * 3600, 48 * 3600), { nil: undefined }),
    dsCount: fc.integer({ min: 1, max: 3 }),
    datastores: fc.array(dsArb, { minLength: 3, maxLength: 3 }),
    profiles: fc.array(profileArb, { minLength: 2, maxLength: 2 }),
    vms: fc.array(vmArb, { minLength: 1, maxLength: 6 }),
    jobs: fc.array(jobArb, { minLength: 1, maxLength: 2 }),
    maxAge: fc.option(fc.constantFrom(1800, 3 * 3600, 12 * 3600, 30 * 3600), { nil: undefined }),
    seed: fc.string({ maxLength: 4 }),
    shared: sharedArb,
    relative: relativeArb,
  })
  .map((g): Model => {
    const horizon = g.days * DAY
    const grid = hourGrid(horizon, g.startHour, g.longDay, g.startWeekday)
    const vms: Vm[] = g.vms.map((v, i) => ({
      id: `vm${i}`,
      datastore: `ds${v.ds % g.dsCount}`,
      disk: v.diskGiB * GiB,
      used: v.diskGiB * GiB * v.usedShare,
      provisioning: v.thin || g.datastores[v.ds % g.dsCount]!.thin ? 'thin' : 'thick',
      // (a size found includes the delta's metadata)
      ...(v.snapshots ? { snapshots: v.snapshots.map((x, k) => ({ bytes: x.share * v.footprint * v.diskGiB * GiB + g.datastores[v.ds % g.dsCount]!.platform.deltaOverhead, age: (x.ageH * HOUR) / (k + 1) })) } : {}),
      dataGrowth: (v.growth * GiB) / DAY,
      writeRate: v.write * MiB,
      footprint: v.footprint,
      ...(v.profile !== undefined ? { profile: v.profile } : {}),
      ...(v.dayFactors ? { dayFactors: v.dayFactors } : {}),
    }))
    const datastores: Datastore[] = []
    for (let d = 0; d < g.dsCount; d++) {
      const s = g.datastores[d]!
      // (the snapshots found at time 0 are part of the use at start, as in an RVTools import)
      const base = vms.filter((v) => v.datastore === `ds${d}`).reduce((sum, v) => sum + (v.provisioning === 'thin' ? v.used : v.disk) + (v.snapshots ?? []).reduce((a, x) => a + x.bytes, 0), 0)
      const fixedUse = s.fixedGiB * GiB
      const capacity = fixedUse + base + s.headroom * GiB
      datastores.push({
        id: `ds${d}`,
        capacity,
        fixedUse,
        consolidationThroughput: s.mergeMiB * MiB,
        platform: s.platform,
        ...(s.alarms ? { alarms: s.alarms.map((p, k) => ({ name: `a${k}`, fraction: p / 100 })) } : {}),
        ...(s.guard ? { guard: { minFreeBytes: s.guard.freeGiB * GiB, abortRunning: s.guard.abort } } : {}),
      })
    }
    const jobs: Job[] = g.jobs.map((j, i) => {
      const fires = [Math.floor(j.first * horizon)]
      for (const gap of j.gaps) if (fires.at(-1)! + gap < horizon) fires.push(fires.at(-1)! + gap)
      return {
        id: `job${i}`,
        vms: [...new Set(j.members.map((m) => `vm${m % vms.length}`))],
        fires,
        type: j.incremental ? 'incremental' : 'full',
        streamThroughput: j.streamMiB * MiB,
        ...(j.perRun ? { streamThroughputPerRun: fires.map((_, k) => j.perRun![k % j.perRun!.length]! * MiB) } : {}),
        ...(j.poolMiB ? { sharedThroughput: j.poolMiB * MiB } : {}),
        ...(j.concurrency ? { concurrency: j.concurrency } : {}),
        overlap: j.overlap,
        ...(j.hazard ? { failure: { ratePerHour: j.hazard.rate, orphanedShare: j.hazard.orphaned } } : {}),
        ...(j.windowH ? { window: j.windowH * HOUR } : {}),
        ...(j.windowEndIn !== undefined ? { windowEnds: fires.map((f) => localHourAfter(grid, f, (hourAt(grid, fires[0]!) + j.windowEndIn!) % 24)) } : {}),
      }
    })
    return withShared(
      withRelative({
        horizon,
        seed: g.seed,
        datastores,
        vms,
        jobs,
        profiles: g.weekly ? [weeklyProfile(g.weekly.perDay, g.weekly.days), g.profiles[1]!] : g.profiles,
        hours: grid,
        ...(g.maxAge || g.ageAlarm ? { policies: { ...(g.maxAge ? { maxSnapshotAge: g.maxAge } : {}), ...(g.ageAlarm ? { snapshotAgeAlarm: g.ageAlarm } : {}) } } : {}),
      }, g.relative),
      g.shared,
    )
  })

/**
 * Hour starts from time 0 whose first hour is local hour `startHour` of weekday `startWeekday`
 * (0 = Monday); with `longDay`, the local hour 2 after the first midnight lasts two hours (a
 * 25-hour day, as when daylight saving ends).
 */
export function hourGrid(horizon: number, startHour: number, longDay: boolean, startWeekday = 0): HourGrid {
  const starts: number[] = []
  const hourOfDay: number[] = []
  const weekday: number[] = []
  let t = 0
  let hour = startHour
  let day = startWeekday
  let midnights = 0
  while (t < horizon) {
    starts.push(t)
    hourOfDay.push(hour)
    weekday.push(day)
    t += longDay && midnights === 1 && hour === 2 ? 2 * HOUR : HOUR
    hour = (hour + 1) % 24
    if (hour === 0) {
      midnights++
      day = (day + 1) % 7
    }
  }
  return { starts, hourOfDay, weekday }
}

/** A weekly profile: a daily profile per weekday, or Monday to Friday alike and the weekend alike. */
function weeklyProfile(perDay: boolean, days: readonly (readonly number[])[]): number[] {
  return Array.from({ length: 7 }, (_, d) => days[perDay ? d : d < 5 ? 0 : 1]!).flat()
}

/** The first instant after `t` at which the local hour `hour` begins (a window's end); the horizon if none. */
function localHourAfter(grid: HourGrid, t: number, hour: number): number {
  for (let k = 0; k < grid.starts.length; k++) if (grid.starts[k]! > t && grid.hourOfDay[k] === hour) return grid.starts[k]!
  return grid.starts.at(-1)! + HOUR
}

/** The local hour at t. */
function hourAt(grid: HourGrid, t: number): number {
  let k = 0
  while (k + 1 < grid.starts.length && grid.starts[k + 1]! <= t) k++
  return grid.hourOfDay[k]!
}

/** A profile's multiplier in hour segment k of the grid (a weekly one by hour of the week). */
export function multiplierAt(p: readonly number[], grid: HourGrid, k: number): number {
  return p.length === 168 ? p[grid.weekday![k]! * 24 + grid.hourOfDay[k]!]! : p[grid.hourOfDay[k]!]!
}

/** The paths a model and its full-detail result (with the log) reach; see the coverage test. */
export type Feature =
  | 'hour without a tick'
  | 'crossing in an hour without a tick'
  | 'several datastores'
  | 'grain'
  | 'full with a grain'
  | 'platform varied'
  | 'full'
  | 'resume'
  | 'resume delayed'
  | 'crash'
  | 'orphan'
  | 'snapshot hunter'
  | 'hunter takes an orphan'
  | 'guard refuses'
  | 'guard aborts'
  | 'overlap start'
  | 'overlap skip'
  | 'overlap queue'
  | 'overlap cancel'
  | 'thin growth'
  | 'thin fills'
  | 'day factors'
  | 'per-run caps'
  | 'chain limit'
  | 'stacked'
  | 'incremental'
  | 'write burst'
  | 'shared by two jobs at once'
  | 'waits for a shared slot'
  | 'weekly profile per weekday'
  | 'weekly profile weekday and weekend'
  | 'snapshots at time 0'
  | 'hunter removes a snapshot found at time 0'
  | 'use at start holds snapshots'
  | 'snapshot-age alarm'
  | 'thin datastore overcommitted'
  | 'window ends per fire'
  | 'missed window'
  | 'snapshot refused for room (snapshotFree)'
  | 'relative data growth crosses a level'
  | 'growing write rate in a delta'
  | 'relative growth fills'
  | `platform ${string}`

export function features(m: Model, r: Result): Set<Feature> {
  const f = new Set<Feature>()
  const grid = m.hours!
  const tickless = new Set<number>()
  for (let k = 1; k < grid.starts.length; k++) {
    const dayChanges = grid.hourOfDay[k] === 0 && m.vms.some((v) => v.dayFactors)
    if (!dayChanges && m.profiles!.every((p) => multiplierAt(p, grid, k - 1) === multiplierAt(p, grid, k))) tickless.add(k)
  }
  if (tickless.size > 0) f.add('hour without a tick')
  const hourOf = (t: number) => {
    let k = 0
    while (k + 1 < grid.starts.length && grid.starts[k + 1]! <= t) k++
    return k
  }
  const profiledDs = new Set(m.vms.filter((v) => v.profile !== undefined).map((v) => v.datastore))
  for (const d of r.datastores) {
    const times = [...d.alarms.map((a) => a.at), ...d.fullTimes]
    if (profiledDs.has(d.id) && times.some((t) => tickless.has(hourOf(t)) && t > grid.starts[hourOf(t)]!)) f.add('crossing in an hour without a tick')
  }
  if (new Set(m.vms.map((v) => v.datastore)).size > 1) f.add('several datastores')
  for (const d of m.datastores) {
    f.add(`platform ${d.platform.name.replace('*', '')}`)
    if (d.platform.name.endsWith('*')) f.add('platform varied')
    if (d.platform.grain > 0) f.add('grain')
    if (d.platform.grain > 0 && r.datastores.find((x) => x.id === d.id)!.fullAt !== null) f.add('full with a grain')
  }
  if (r.datastores.some((d) => d.fullAt !== null)) f.add('full')
  for (const v of r.vms) {
    const s = v.states
    for (let i = 1; i < s.length; i++) if (s[i]!.state === 'running' && s[i - 1]!.state === 'paused') f.add('resume')
    if (v.finalState === 'crashed') f.add('crash')
  }
  for (const e of r.log) {
    if (e.type === 'snapshot-orphaned') f.add('orphan')
    if (e.type === 'snapshot-merge-start' && e.reason.startsWith('snapshot hunter')) f.add('hunter takes an orphan')
    if (e.type === 'backup-end' && e.reason?.includes('snapshot hunter')) f.add('snapshot hunter')
    if (e.type === 'guard-abort' && e.aborted > 0) f.add('guard aborts')
    if (e.type === 'job-fire') {
      const job = m.jobs.find((j) => j.id === e.job)!
      if (e.action !== 'start' || r.backups.some((b) => b.job === e.job && b.run === e.run && b.overlapped)) f.add(`overlap ${job.overlap}`)
    }
  }
  if (r.datastores.some((d) => d.fullAt !== null) && m.datastores.some((d) => d.platform.resumeDelay > 0) && f.has('resume')) f.add('resume delayed')
  for (const b of r.backups) {
    if (b.outcome === 'skipped' && b.reason?.includes('free space')) f.add('guard refuses')
    if (b.outcome === 'snapshot-failed') f.add('chain limit')
    if (b.incremental) f.add('incremental')
  }
  if (r.snapshots.some((s) => s.depth > 1)) f.add('stacked')
  const thin = m.vms.filter((v) => v.provisioning === 'thin' && v.dataGrowth > 0)
  if (thin.length > 0) f.add('thin growth')
  if (thin.some((v) => r.vms.find((x) => x.id === v.id)!.firstStopAt !== null)) f.add('thin fills')
  if (m.vms.some((v) => v.dayFactors)) f.add('day factors')
  if (m.jobs.some((j) => j.streamThroughputPerRun && r.backups.some((b) => b.job === j.id && b.start !== null))) f.add('per-run caps')
  if (m.vms.some((v) => v.writeRate >= 1000 * MiB) && r.backups.some((b) => b.start !== null)) f.add('write burst')
  sharedFeatures(m, r, f)
  newerFeatures(m, r, f)
  for (const d of r.datastores) {
    const convex = m.vms.filter((v) => v.datastore === d.id && (((v.relativeDataGrowth ?? 0) > 0 && v.provisioning === 'thin') || (v.relativeWriteGrowth ?? 0) > 0))
    if (convex.length === 0) continue
    if (convex.some((v) => (v.relativeDataGrowth ?? 0) > 0) && d.alarms.length > 0) f.add('relative data growth crosses a level')
    if (d.fullAt !== null) f.add('relative growth fills')
  }
  if (r.snapshots.some((s) => (m.vms.find((v) => v.id === s.vm)!.relativeWriteGrowth ?? 0) > 0 && s.maxBytes > 0)) f.add('growing write rate in a delta')
  return f
}

/** The features added to the model since the harness was first written (weekly profiles, …). */
function newerFeatures(m: Model, r: Result, f: Set<Feature>): void {
  const weekly = m.profiles![0]!.length === 168 ? m.profiles![0]! : null
  if (weekly && m.vms.some((v) => v.profile === 0 && v.writeRate > 0)) {
    // Monday to Friday alike and Saturday like Sunday: what `weekday:` / `weekend:` give
    const day = (d: number) => weekly.slice(d * 24, d * 24 + 24).join()
    f.add([1, 2, 3, 4].every((d) => day(d) === day(0)) && day(6) === day(5) ? 'weekly profile weekday and weekend' : 'weekly profile per weekday')
  }
  if (m.vms.some((v) => v.snapshots)) f.add('snapshots at time 0')
  if (r.snapshots.some((s) => s.takenAt < 0 && s.removalStartedAt !== null)) f.add('hunter removes a snapshot found at time 0')
  for (const d of r.datastores) {
    const disks = m.vms.filter((v) => v.datastore === d.id).reduce((a, v) => a + (v.provisioning === 'thin' ? v.used : v.disk), 0)
    if (d.usedAtStart > d.fixedUse + disks) f.add('use at start holds snapshots')
    const vms = m.vms.filter((v) => v.datastore === d.id)
    if (vms.length > 0 && vms.every((v) => v.provisioning === 'thin') && vms.reduce((a, v) => a + v.disk, 0) + d.fixedUse > d.capacity) f.add('thin datastore overcommitted')
  }
  const alarm = m.policies?.snapshotAgeAlarm
  if (alarm !== undefined && r.snapshots.some((s) => (s.removedAt ?? r.horizon) - s.takenAt > alarm)) f.add('snapshot-age alarm')
  for (const b of r.backups) {
    const j = m.jobs.find((x) => x.id === b.job)!
    if (j.windowEnds && b.start !== null) f.add('window ends per fire')
    if (j.windowEnds && b.missedWindow && b.start !== null) f.add('missed window')
    if (b.outcome === 'snapshot-failed' && b.reason?.includes('free space below') && m.datastores.find((d) => d.id === m.vms.find((v) => v.id === b.vm)!.datastore)!.platform.snapshotFree !== undefined) f.add('snapshot refused for room (snapshotFree)')
  }
}

/** Shared proxies and repositories: two jobs reading through one at once; a VM that waited for one's slot. */
function sharedFeatures(m: Model, r: Result, f: Set<Feature>): void {
  const uses = (j: Job) => [j.proxy === undefined ? [] : [`p:${j.proxy}`], j.repository === undefined ? [] : [`r:${j.repository}`]].flat()
  const read = r.backups.filter((b) => b.start !== null && b.end !== null && b.end > b.start && b.bytesRead > 0)
  for (const a of read) {
    const ja = m.jobs.find((j) => j.id === a.job)!
    if (read.some((b) => b.job !== a.job && b.start! < a.end! && a.start! < b.end! && uses(m.jobs.find((j) => j.id === b.job)!).some((u) => uses(ja).includes(u)))) f.add('shared by two jobs at once')
  }
  // A task that started after its fire although its run had a slot of its own free all along
  // (fewer reading than `concurrency`, counting one that ended at that instant) waited for a
  // shared one; a queued run's tasks are left out (they wait for the previous run).
  const slotted = (j: Job) => [...(m.proxies ?? []), ...(m.repositories ?? [])].some((x) => x.tasks !== undefined && (x.id === j.proxy || x.id === j.repository))
  for (const b of r.backups) {
    const j = m.jobs.find((x) => x.id === b.job)!
    if (b.start === null || !(b.start > b.firedAt) || j.overlap === 'queue' || !slotted(j)) continue
    const reading = r.backups.filter((o) => o.job === b.job && o.run === b.run && o.start !== null && o.start < b.start! && (o.end === null || o.end >= b.start!)).length
    if (reading < (j.concurrency ?? Number.POSITIVE_INFINITY)) f.add('waits for a shared slot')
  }
}
