// One replication's Result boiled down to a ReplicationRecord: what the aggregate needs and
// nothing more, so workers and shards ship a few hundred bytes per replication.

import type { Result } from '@snapsim/core'
import type { ReplicationRecord } from './types.ts'

/** `points` times from 0 to the horizon inclusive, for the fan chart. */
export function timeGrid(horizon: number, points = 200): number[] {
  return Array.from({ length: points + 1 }, (_, i) => (horizon * i) / points)
}

/**
 * Use at each grid time from a datastore's series: the value of the last point at or before
 * the time, linearly interpolated towards the next (use is monotone between breakpoints; with
 * the engine's samples where it curves the error is small).
 */
export function sampleSeries(t: readonly number[], used: readonly number[], grid: readonly number[]): number[] {
  const out: number[] = []
  let j = 0
  for (const g of grid) {
    while (j + 1 < t.length && t[j + 1]! <= g) j++
    const t0 = t[j]!
    const next = j + 1 < t.length ? j + 1 : j
    const t1 = t[next]!
    // several points at one instant (a drop): take the last one at or before g
    if (t1 > t0 && g > t0) out.push(used[j]! + ((used[next]! - used[j]!) * (g - t0)) / (t1 - t0))
    else out.push(used[j]!)
  }
  return out
}

export function replicationRecord(result: Result, replication: number, seed: string, grid: readonly number[]): ReplicationRecord {
  const fulls = result.datastores.flatMap((d) => (d.fullAt === null ? [] : [d.fullAt]))
  return {
    replication,
    seed,
    datastores: result.datastores.map((d) => ({
      id: d.id,
      fullAt: d.fullAt,
      peakUsedFraction: d.peakUsed / d.capacity,
      use: sampleSeries(d.series.t, d.series.used, grid),
    })),
    firstFullAt: fulls.length === 0 ? null : Math.min(...fulls),
    vmsStopped: result.vms.filter((v) => v.firstStopAt !== null).length,
    downtimeSeconds: result.vms.reduce((s, v) => s + v.downtime, 0),
    // totals, not the records: a replication runs with summary detail
    backupsOverlapped: result.totals.backupsOverlapped,
    backupsFailed: result.totals.backupsByOutcome.failed,
    backupsSkipped: result.totals.backupsByOutcome.skipped,
    snapshotsOrphaned: result.totals.snapshotsOrphaned,
  }
}
