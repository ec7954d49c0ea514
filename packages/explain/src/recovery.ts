// The recovery point actually achieved: the longest a VM went without a fresh successful backup
// (the same definition as the CLI summary's worstRecoveryPointAge: gaps between the snapshot
// times of successful backups, and from the last one to the horizon). Safeguards that keep the
// VMs running pay with it (BSI CON.3.A6: the RPO).

import type { BackupRecord, Seconds } from '@snapsim/core'
import type { RecoveryFact } from './facts.ts'

export function worstRecovery(backups: readonly BackupRecord[], horizon: Seconds): { vm: string; age: Seconds; from: Seconds } | null {
  const points = new Map<string, number[]>()
  for (const b of backups) {
    let list = points.get(b.vm)
    if (!list) points.set(b.vm, (list = []))
    if (b.outcome === 'success' && b.start !== null) list.push(b.start)
  }
  let worst: { vm: string; age: Seconds; from: Seconds } | null = null
  for (const [vm, starts] of points) {
    starts.sort((a, b) => a - b)
    let age = starts.length === 0 ? horizon : horizon - starts[starts.length - 1]!
    let from = starts.length === 0 ? 0 : starts[starts.length - 1]!
    for (let i = 1; i < starts.length; i++) {
      const gap = starts[i]! - starts[i - 1]!
      if (gap > age) {
        age = gap
        from = starts[i - 1]!
      }
    }
    if (worst === null || age > worst.age) worst = { vm, age, from }
  }
  return worst
}

/**
 * Told for every run with backups: when backups fail or are skipped it is the price paid; when
 * all succeed it is what the schedule achieves (a class compares the two).
 */
export function recoveryFacts(backups: readonly BackupRecord[], horizon: Seconds): RecoveryFact[] {
  if (backups.length === 0) return []
  const w = worstRecovery(backups, horizon)
  return w === null ? [] : [{ kind: 'recovery', t: w.from, vm: w.vm, age: w.age }]
}
