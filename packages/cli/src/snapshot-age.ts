// The snapshot-age alarm (`policies.snapshotAgeAlarm`): report, do not remove. A snapshot's age
// runs from its creation until its merge ended (its space freed), or to the horizon if it is
// still there; it raises the alarm when that exceeds the threshold, at creation + threshold.
// Beside the snapshot hunter (`maxSnapshotAge`), which removes; this only tells.

import type { SnapshotRecord } from '@snapsim/core'

export interface SnapshotAgeAlarms {
  readonly thresholdSeconds: number
  /** Snapshots that got older than the threshold. */
  readonly count: number
  /** The first alarm: when and whose snapshot; null without alarms. */
  readonly firstAt: number | null
  readonly firstVm: string | null
  /** The greatest age any snapshot reached, and whose; null without snapshots. */
  readonly oldestSeconds: number | null
  readonly oldestVm: string | null
}

export function snapshotAgeAlarms(snapshots: readonly Pick<SnapshotRecord, 'vm' | 'takenAt' | 'removedAt'>[], horizon: number, threshold: number): SnapshotAgeAlarms {
  let count = 0
  let first: { at: number; vm: string } | null = null
  let oldest: { age: number; vm: string } | null = null
  for (const s of snapshots) {
    const age = (s.removedAt ?? horizon) - s.takenAt
    if (!oldest || age > oldest.age) oldest = { age, vm: s.vm }
    if (age > threshold) {
      count++
      const at = s.takenAt + threshold
      if (!first || at < first.at) first = { at, vm: s.vm }
    }
  }
  return { thresholdSeconds: threshold, count, firstAt: first?.at ?? null, firstVm: first?.vm ?? null, oldestSeconds: oldest?.age ?? null, oldestVm: oldest?.vm ?? null }
}
