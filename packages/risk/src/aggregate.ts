// The aggregate of a set of replications. Records are sorted by replication index first, so
// the output does not depend on the order in which workers or shards delivered them.

import { quantileSorted } from 'd3-array'
import { summarizeSample } from './distribution.ts'
import type { DatastoreRisk, ReplicationRecord, RiskSummary } from './types.ts'
import { wilson } from './wilson.ts'

/** What the aggregate needs besides the records: the run's identity and its datastores. */
export type AggregateMeta = Pick<RiskSummary, 'scenario' | 'file' | 'seed' | 'timezone' | 'start' | 'startEpochMs' | 'horizonSeconds' | 'grid'> & {
  readonly capacities: readonly { readonly id: string; readonly capacityBytes: number }[]
}

export function aggregate(meta: AggregateMeta, input: readonly ReplicationRecord[]): RiskSummary {
  const records = [...input].sort((a, b) => a.replication - b.replication)
  const n = records.length
  const days = Math.ceil(meta.horizonSeconds / 86400)
  const datastores: DatastoreRisk[] = meta.capacities.map(({ id, capacityBytes }, k) => {
    const mine = records.map((r) => r.datastores[k]!)
    const fullTimes = mine.flatMap((d) => (d.fullAt === null ? [] : [d.fullAt]))
    const fullByDay = Array.from({ length: days }, (_, i) => ({ day: i + 1, p: n === 0 ? 0 : fullTimes.filter((t) => t < (i + 1) * 86400).length / n }))
    const fan = meta.grid.map((t, g) => {
      const values = mine.map((d) => d.use[g] ?? 0).sort((a, b) => a - b)
      return { t, p05: quantileSorted(values, 0.05) ?? 0, p50: quantileSorted(values, 0.5) ?? 0, p95: quantileSorted(values, 0.95) ?? 0 }
    })
    return {
      id,
      capacityBytes,
      pFull: wilson(fullTimes.length, n),
      timeToFull: fullTimes.length === 0 ? null : summarizeSample(fullTimes),
      fullByDay,
      fan,
      peakUsedFraction: summarizeSample(mine.map((d) => d.peakUsedFraction)),
    }
  })
  const worst = records.reduce<ReplicationRecord | undefined>((w, r) => {
    if (!w) return r
    const a = r.firstFullAt ?? Number.POSITIVE_INFINITY
    const b = w.firstFullAt ?? Number.POSITIVE_INFINITY
    if (a !== b) return a < b ? r : w
    return r.downtimeSeconds > w.downtimeSeconds ? r : w
  }, undefined)
  return {
    scenario: meta.scenario,
    file: meta.file,
    seed: meta.seed,
    timezone: meta.timezone,
    start: meta.start,
    startEpochMs: meta.startEpochMs,
    horizonSeconds: meta.horizonSeconds,
    replications: n,
    grid: meta.grid,
    pAnyFull: wilson(records.filter((r) => r.firstFullAt !== null).length, n),
    datastores,
    vmsStopped: summarizeSample(records.map((r) => r.vmsStopped)),
    downtimeSeconds: summarizeSample(records.map((r) => r.downtimeSeconds)),
    backupsOverlapped: summarizeSample(records.map((r) => r.backupsOverlapped)),
    backupsFailed: summarizeSample(records.map((r) => r.backupsFailed)),
    snapshotsOrphaned: summarizeSample(records.map((r) => r.snapshotsOrphaned)),
    worst: worst
      ? { replication: worst.replication, seed: worst.seed, firstFullAt: worst.firstFullAt, downtimeSeconds: worst.downtimeSeconds }
      : { replication: 0, seed: meta.seed, firstFullAt: null, downtimeSeconds: 0 },
  }
}
