// Jobs: VM selectors (glob.ts), cron fire times in the scenario's calendar (cron.ts), stream and
// shared throughput (a throughput drawn per run gives each fire its own cap), the proxy and
// repository they share with other jobs, window, failures.

import type { Job, SharedResource } from '@snapsim/core'
import { cronFires } from './cron.ts'
import { meanOf, sample, stream } from './distributions.ts'
import { globMatcher } from './glob.ts'
import { isInvalidMarker } from './invalid-marker.ts'
import { checked, nonNegative, positive, quantity, value, within } from './quantities.ts'
import type { Resolution } from './resolution.ts'
import { resolveReference } from './resolve-resources.ts'
import type { RawScenario } from './schema.ts'
import { showValue } from './show.ts'
import { didYouMean } from './suggest.ts'
import { parseDuration, parseRate, parseShare } from './units.ts'
import { parseLocalWindow, windowEnds } from './window.ts'

/** The calendar the fires are computed in; NaN start or horizon when they were reported. */
export interface Calendar {
  readonly timezone: string
  readonly startEpochMs: number
  readonly horizon: number
  /** As written, for messages. */
  readonly start: string
  readonly horizonText: unknown
}

/**
 * The VMs a job's patterns select, in file order. Each pattern must select one at least
 * (unless the VMs were not built because of the VM limit: that is reported already).
 */
export function selectVms(r: Resolution, patterns: readonly string[], allIds: readonly string[], pathOf: (k: number) => (string | number)[], complete: boolean): string[] {
  const members = new Set<string>()
  patterns.forEach((pattern, k) => {
    const path = pathOf(k)
    if (isInvalidMarker(pattern)) return
    if (pattern === '') {
      r.fail(path, 'an empty pattern selects no VM: give a VM id or a pattern such as `web-*` (`"*"` selects every VM)')
      return
    }
    let isMatch: (id: string) => boolean
    try {
      isMatch = globMatcher(pattern)
    } catch (e) {
      r.fail(path, `\`${showValue(pattern)}\`: ${(e as Error).message}`)
      return
    }
    const hits = allIds.filter((id) => isMatch(id))
    if (hits.length === 0 && complete) {
      r.fail(path, `\`${showValue(pattern)}\` matches no VM${didYouMean(pattern, allIds)}; VMs: ${allIds.slice(0, 6).map(showValue).join(', ')}${allIds.length > 6 ? ', …' : ''}`)
    }
    for (const id of hits) members.add(id)
  })
  return allIds.filter((id) => members.has(id))
}

/** Fire times of a job's schedule within the horizon; [] when reported or not computable. */
function fireTimes(r: Resolution, j: NonNullable<RawScenario['jobs']>[number], path: (string | number)[], cal: Calendar): number[] {
  if (Number.isNaN(cal.startEpochMs) || !(cal.horizon > 0)) return []
  if (isInvalidMarker(j.schedule)) {
    r.invalid()
    return []
  }
  let fires: number[]
  try {
    fires = cronFires(String(j.schedule), cal.timezone, cal.startEpochMs, cal.horizon, r.limits.fires)
  } catch (e) {
    r.fail(path, (e as Error).message)
    return []
  }
  if (fires.length === 0) r.fail(path, `cron \`${showValue(j.schedule)}\` never fires within the horizon (${showValue(cal.horizonText)} from ${showValue(cal.start)} ${cal.timezone})`)
  return fires
}

/** The shared proxies and repositories jobs may name (resolve-resources.ts). */
export interface Infrastructure {
  readonly proxies: ReadonlyMap<string, SharedResource>
  readonly repositories: ReadonlyMap<string, SharedResource>
}

export function resolveJobs(r: Resolution, raw: RawScenario, allIds: readonly string[], vmsComplete: boolean, cal: Calendar, shared: Infrastructure): Job[] {
  const jobs: Job[] = []
  const jobIds = new Set<string>()
  ;(raw.jobs ?? []).forEach((j, i) => {
    const at = (...k: (string | number)[]) => ['jobs', i, ...k]
    if (jobIds.has(j.id) && !isInvalidMarker(j.id)) r.fail(at('id'), `duplicate job id \`${showValue(j.id)}\``)
    jobIds.add(j.id)
    r.idFits(at('id'), j.id)
    const patterns = typeof j.vms === 'string' ? [j.vms] : j.vms
    if (patterns.length === 0) r.fail(at('vms'), 'a job needs at least one VM id or pattern (`"*"` selects every VM)')
    const vms = selectVms(r, patterns, allIds, (k) => (typeof j.vms === 'string' ? at('vms') : at('vms', k)), vmsComplete)
    const fires = fireTimes(r, j, at('schedule'), cal)
    const entity = `job:${j.id}`
    const proxy = resolveReference(r, at('proxy'), j.proxy, 'proxies', shared.proxies)
    const repository = resolveReference(r, at('repository'), j.repository, 'repositories', shared.repositories)
    const sharedLimit = proxy?.throughput !== undefined || repository?.throughput !== undefined
    const unresolved = (j.proxy !== undefined && !proxy) || (j.repository !== undefined && !repository)
    if (j.streamThroughput === undefined && j.sharedThroughput === undefined && !sharedLimit && !unresolved) {
      r.fail(at(), 'a job needs a limit on its streams: `streamThroughput` (per stream), `sharedThroughput` (a pool), or a `proxy` or `repository` with a `throughput`')
    }
    const qStream = j.streamThroughput === undefined ? { fixed: Number.POSITIVE_INFINITY } : checked(r, quantity(r, at('streamThroughput'), j.streamThroughput, parseRate, ['replication', 'run']), at('streamThroughput'), j.streamThroughput, 'streamThroughput', true)
    let streamThroughput = Number.NaN
    let streamThroughputPerRun: number[] | undefined
    if (qStream && 'spec' in qStream && qStream.spec.per === 'run') {
      // A throughput per run: one draw per fire, each run's streams capped by its own.
      const rng = stream(r.baseSeed, r.replication, entity, 'streamThroughput/run')
      streamThroughput = Math.max(Number.MIN_VALUE, meanOf(qStream.spec.distribution))
      streamThroughputPerRun = fires.map(() => Math.max(1, sample(qStream.spec.distribution, rng)))
    } else streamThroughput = within(r, qStream, entity, 'streamThroughput', Number.MIN_VALUE)
    const sharedThroughput = j.sharedThroughput === undefined ? undefined : positive(r, at('sharedThroughput'), j.sharedThroughput, parseRate, 'sharedThroughput', entity)
    // `20:00-06:00`: a local-time window, an end per fire (window.ts); else a duration after the fire.
    const local = parseLocalWindow(j.window)
    const window = j.window === undefined || local ? undefined : positive(r, at('window'), j.window, parseDuration, 'window', entity)
    const ends = local && !Number.isNaN(cal.startEpochMs) ? windowEnds(fires, cal.startEpochMs, cal.timezone, local.end) : undefined
    const orphanedShare = j.failure?.orphaned === undefined ? 0 : Math.min(1, Math.max(0, value(r, at('failure', 'orphaned'), j.failure.orphaned, parseShare, 0, entity)))
    const ratePerHour =
      j.failure === undefined
        ? 0
        : nonNegative(
            r,
            at('failure', 'ratePerHour'),
            j.failure.ratePerHour,
            (x) => {
              if (typeof x !== 'number') throw new Error(`expected a number of aborts per hour, got \`${showValue(x)}\``)
              return x
            },
            'ratePerHour',
            entity,
          )
    jobs.push({
      id: j.id,
      fires,
      vms,
      type: j.type ?? 'full',
      streamThroughput,
      ...(streamThroughputPerRun ? { streamThroughputPerRun } : {}),
      ...(sharedThroughput !== undefined ? { sharedThroughput } : {}),
      ...(j.concurrency !== undefined ? { concurrency: j.concurrency } : {}),
      ...(proxy ? { proxy: proxy.id } : {}),
      ...(repository ? { repository: repository.id } : {}),
      overlap: j.overlap ?? 'start',
      ...(j.failure ? { failure: { ratePerHour, orphanedShare } } : {}),
      ...(window !== undefined ? { window } : {}),
      ...(ends ? { windowEnds: ends } : {}),
    })
  })
  return jobs
}
