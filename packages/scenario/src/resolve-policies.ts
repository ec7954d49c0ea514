// Policies: the free-space guard (per datastore: a share of its capacity or an amount) and the
// snapshot hunter's maximum age, the snapshot age alarm.

import type { Datastore } from '@snapsim/core'
import { nonNegative, positive } from './quantities.ts'
import type { Resolution } from './resolution.ts'
import type { RawScenario } from './schema.ts'
import { parseDuration, parseShare, parseSize } from './units.ts'

/** The datastores with their guard, and the hunter's age (undefined: no hunter). */
export function resolvePolicies(r: Resolution, raw: RawScenario, datastores: readonly Datastore[]): { datastores: Datastore[]; maxSnapshotAge: number | undefined; snapshotAgeAlarm: number | undefined } {
  const p = raw.policies ?? {}
  const maxSnapshotAge = p.maxSnapshotAge === undefined ? undefined : positive(r, ['policies', 'maxSnapshotAge'], p.maxSnapshotAge, parseDuration, 'maxSnapshotAge')
  const snapshotAgeAlarm = p.snapshotAgeAlarm === undefined ? undefined : positive(r, ['policies', 'snapshotAgeAlarm'], p.snapshotAgeAlarm, parseDuration, 'snapshotAgeAlarm')
  let guarded = [...datastores]
  if (p.minFreeForSnapshot !== undefined) {
    const spec = p.minFreeForSnapshot
    const isShare = typeof spec === 'string' && spec.trim().endsWith('%')
    const amount = nonNegative(r, ['policies', 'minFreeForSnapshot'], spec, isShare ? parseShare : parseSize, 'minFreeForSnapshot')
    if (!Number.isNaN(amount)) {
      guarded = datastores.map((d) => ({ ...d, guard: { minFreeBytes: isShare ? amount * d.capacity : amount, abortRunning: p.abortRunningBelowMinFree ?? false } }))
    }
  } else if (p.abortRunningBelowMinFree) {
    r.fail(['policies', 'abortRunningBelowMinFree'], 'needs `minFreeForSnapshot`: the level below which running backups are cancelled')
  }
  return { datastores: guarded, maxSnapshotAge, snapshotAgeAlarm }
}
