// From a structurally valid scenario document to a core Model: the calendar (time zone, start,
// horizon), then one file per concept — daily profiles (resolve-profiles.ts), datastores and
// whether the VMs fit (resolve-datastores.ts), VMs with `count` expanded (resolve-vms.ts),
// policies (resolve-policies.ts), shared proxies and repositories (resolve-resources.ts), jobs with their selectors and fire times (resolve-jobs.ts),
// values with units or distributions (quantities.ts) — then the estimate of the run's work and
// the local hour grid. Every problem becomes an issue at its key path; all are collected.

import type { Model } from '@snapsim/core'
import { hourGrid, isTimeZone, wallToEpoch } from './calendar.ts'
import { activeLimits, howToRaise, type Limits } from './limits.ts'
import { isInvalidMarker } from './invalid-marker.ts'
import { positive } from './quantities.ts'
import { Resolution, type Report } from './resolution.ts'
import { checkFit, resolveDatastores } from './resolve-datastores.ts'
import { resolveJobs } from './resolve-jobs.ts'
import { resolvePolicies } from './resolve-policies.ts'
import { resolveResources } from './resolve-resources.ts'
import { resolveProfiles } from './resolve-profiles.ts'
import { resolveVms } from './resolve-vms.ts'
import type { RawScenario } from './schema.ts'
import { applyScale } from './scale.ts'
import { didYouMean } from './suggest.ts'
import { showValue } from './show.ts'
import { formatDuration, parseDuration, parseShare, parseSize } from './units.ts'

export type { Report } from './resolution.ts'
export { DEFAULT_CONSOLIDATION } from './resolve-datastores.ts'
export { MAX_MULTIPLIER } from './resolve-profiles.ts'

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

export const DEFAULT_START = '2026-01-05T00:00'

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
  /** Work limits (docs/limits.md); default: activeLimits(). */
  readonly limits?: Limits
}

/** Events a backup of one VM costs the engine, for the estimate of a run's work. */
export const EVENTS_PER_BACKUP = 3

/** Resolve, reporting problems through `report`; returns null when any value was unusable. */
export function resolve(raw: RawScenario, report: Report, overrides: ResolveOptions = {}): Resolved | null {
  const baseSeed = overrides.seed ?? String(raw.seed ?? 1)
  const replication = overrides.replication ?? 0
  const limits = overrides.limits ?? activeLimits()
  const r = new Resolution(report, baseSeed, replication, limits)
  const fail = (path: (string | number)[], message: string) => r.fail(path, message)

  // The calendar.
  const timezone = raw.timezone ?? 'UTC'
  if (!isTimeZone(timezone)) fail(['timezone'], `unknown time zone \`${showValue(timezone)}\`${didYouMean(timezone, Intl.supportedValuesOf('timeZone'))}: expected an IANA name such as \`Europe/Berlin\` or \`UTC\``)
  const tz = isTimeZone(timezone) ? timezone : 'UTC'
  let startEpochMs = Number.NaN
  if (isInvalidMarker(raw.start)) r.invalid()
  else {
    try {
      startEpochMs = wallToEpoch(String(raw.start ?? DEFAULT_START), tz)
    } catch (e) {
      fail(['start'], (e as Error).message)
    }
  }
  let horizon = positive(r, ['horizon'], raw.horizon, parseDuration, 'horizon')
  if (horizon > limits.horizon) {
    fail(['horizon'], `a horizon of ${formatDuration(horizon)} is longer than the limit of ${formatDuration(limits.horizon)}; ${howToRaise('horizon')}`)
    horizon = Number.NaN
  }
  const seed = overrides.replication === undefined ? baseSeed : `${baseSeed}/r${replication}`

  // One concept at a time.
  const profiles = resolveProfiles(r, raw)
  const { datastores: placed, ids: dsIds } = resolveDatastores(r, raw)
  const resolved = resolveVms(r, raw, dsIds, profiles, horizon)
  // Scale factors (scale.ts), before the fit check: a scaled `used` must fit too.
  const vms = applyScale(resolved.vms, raw.scale, fail)
  const total = resolved.total
  checkFit(r, placed, vms)
  const { datastores, maxSnapshotAge, snapshotAgeAlarm } = resolvePolicies(r, raw, placed)
  const calendar = { timezone: tz, startEpochMs, horizon, start: raw.start ?? DEFAULT_START, horizonText: raw.horizon }
  const proxies = resolveResources(r, raw, 'proxies')
  const repositories = resolveResources(r, raw, 'repositories')
  const jobs = resolveJobs(r, raw, vms.map((v) => v.id), total <= limits.vms, calendar, { proxies, repositories })

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

  // The run's work, estimated before it starts: each backup of a VM costs a few events, each
  // local hour a rate tick.
  const backups = jobs.reduce((n, j) => n + j.fires.length * j.vms.length, 0)
  const events = backups * EVENTS_PER_BACKUP + Math.ceil(horizon / 3600)
  if (events > limits.events) {
    fail(raw.jobs ? ['jobs'] : ['horizon'], `the run would take about ${events.toLocaleString('en-US')} events (${backups.toLocaleString('en-US')} backups of a VM x ${EVENTS_PER_BACKUP}, plus an hour tick each hour), above the limit of ${limits.events.toLocaleString('en-US')}; ${howToRaise('events')}`)
  }

  if (!r.ok) return null
  const model: Model = {
    horizon,
    seed,
    datastores,
    vms,
    jobs,
    ...(profiles.list.length > 0 ? { profiles: profiles.list } : {}),
    // Always: daily profiles and per-day factors both follow the local calendar.
    hours: hourGrid(startEpochMs, horizon, tz),
    ...(proxies.size > 0 ? { proxies: [...proxies.values()] } : {}),
    ...(repositories.size > 0 ? { repositories: [...repositories.values()] } : {}),
    ...(maxSnapshotAge !== undefined || snapshotAgeAlarm !== undefined
      ? { policies: { ...(maxSnapshotAge !== undefined ? { maxSnapshotAge } : {}), ...(snapshotAgeAlarm !== undefined ? { snapshotAgeAlarm } : {}) } }
      : {}),
  }
  return { name: raw.name ?? overrides.defaultName ?? 'scenario', description: raw.description ?? null, timezone: tz, startEpochMs, seed, baseSeed, uncertain: r.uncertain, model, expect }
}
