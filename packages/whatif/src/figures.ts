// The key figures the panel compares, read from a Result the way `snapsim run --json` reads them
// (packages/cli/src/summary.ts: totals.firstFullAt, vmsStopped, downtimeSeconds; per datastore
// fullAt, alarms, peakUsedBytes); figures.test.ts checks them against that summary.

import type { Result } from '@snapsim/core'

export interface DatastoreFigures {
  readonly id: string
  readonly capacity: number
  /** First time VMs on it stopped for lack of space; null if never. */
  readonly fullAt: number | null
  /** Alarms fired on it (each level once, when first reached). */
  readonly alarms: number
  readonly firstAlarmAt: number | null
  readonly peakUsed: number
  readonly peakUsedAt: number
  readonly vmsStopped: number
}

export interface KeyFigures {
  readonly datastores: readonly DatastoreFigures[]
  readonly firstFullAt: number | null
  readonly vmsStopped: number
  readonly downtime: number
  readonly maxChainDepth: number
  readonly overlapped: number
}

function minOrNull(xs: readonly number[]): number | null {
  let m: number | null = null
  for (const x of xs) if (m === null || x < m) m = x
  return m
}

export function keyFiguresOf(result: Result): KeyFigures {
  const datastores = result.datastores.map((d) => ({
    id: d.id,
    capacity: d.capacity,
    fullAt: d.fullAt,
    alarms: d.alarms.length,
    firstAlarmAt: minOrNull(d.alarms.map((a) => a.at)),
    peakUsed: d.peakUsed,
    peakUsedAt: d.peakUsedAt,
    vmsStopped: result.vms.filter((v) => v.datastore === d.id && v.firstStopAt !== null).length,
  }))
  return {
    datastores,
    firstFullAt: minOrNull(datastores.flatMap((d) => (d.fullAt === null ? [] : [d.fullAt]))),
    vmsStopped: result.vms.filter((v) => v.firstStopAt !== null).length,
    downtime: result.vms.reduce((s, v) => s + v.downtime, 0),
    maxChainDepth: result.totals.maxChainDepth,
    overlapped: result.totals.backupsOverlapped,
  }
}
