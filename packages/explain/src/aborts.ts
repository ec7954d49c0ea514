// Backups that did not end well and what they left: transfer faults, snapshots left behind
// (G 4.78: the difference file "may remain permanently if the backup process aborts
// unexpectedly"), and the safeguards that acted (snapshot hunter, space guard).

import type { BackupRecord, Result } from '@snapsim/core'
import type { FailureFact, OrphanFact, SafeguardFact, SnapshotFailedFact } from './facts.ts'

export function failureFacts(backups: readonly BackupRecord[]): FailureFact[] {
  return backups
    .filter((b) => b.outcome === 'failed')
    .map((b) => ({ kind: 'failure' as const, t: b.end ?? b.firedAt, job: b.job, vm: b.vm, run: b.run, orphaned: b.orphaned }))
}

/**
 * Per job, the first backup whose snapshot could not be taken, and how many failed so. The cause
 * is read from the engine's reason: the chain limit names the chain, anything else is lack of room.
 */
export function snapshotFailedFacts(backups: readonly BackupRecord[]): SnapshotFailedFact[] {
  const byJob = new Map<string, SnapshotFailedFact>()
  for (const b of backups) {
    if (b.outcome !== 'snapshot-failed') continue
    const seen = byJob.get(b.job)
    const t = b.end ?? b.start ?? b.firedAt
    if (seen === undefined) byJob.set(b.job, { kind: 'snapshot-failed', t, job: b.job, vm: b.vm, cause: /chain/.test(b.reason ?? '') ? 'chain' : 'room', count: 1 })
    else byJob.set(b.job, { ...seen, count: seen.count + 1 })
  }
  return [...byJob.values()]
}

export function orphanFacts(result: Result, backups: readonly BackupRecord[]): OrphanFact[] {
  const facts: OrphanFact[] = []
  for (const b of backups) {
    if (!b.orphaned || b.snapshot === null) continue
    const s = result.snapshots[b.snapshot]
    if (!s) continue
    facts.push({ kind: 'orphan', t: b.end ?? s.takenAt, vm: s.vm, takenAt: s.takenAt, bytes: s.maxBytes, removedAt: s.removedAt, bsi: 'orphan' })
  }
  return facts
}

/**
 * The first time each safeguard acted, with how often it acted in all. The hunter is known by the
 * reason of its merges in the log, the space guard by its guard-abort events and by snapshots it
 * refused (skipped backups whose fire did not overlap: an overlap skip is flagged overlapped).
 */
export function safeguardFacts(result: Result, backups: readonly BackupRecord[], vm: string | undefined): SafeguardFact[] {
  const facts: SafeguardFact[] = []
  const hunted = result.log.filter((e) => e.type === 'snapshot-merge-start' && /hunter/.test(e.reason) && (vm === undefined || e.vm === vm))
  if (hunted.length > 0) {
    const e = hunted[0]!
    facts.push({ kind: 'safeguard', t: e.t, safeguard: 'hunter', count: hunted.length, datastore: null, vm: 'vm' in e ? e.vm : null })
  }
  if (vm === undefined) {
    const aborts = result.log.filter((e) => e.type === 'guard-abort')
    if (aborts.length > 0) {
      const e = aborts[0]!
      facts.push({ kind: 'safeguard', t: e.t, safeguard: 'guard-abort', count: aborts.reduce((s, x) => s + (x.type === 'guard-abort' ? x.aborted : 0), 0), datastore: e.type === 'guard-abort' ? e.datastore : null, vm: null })
    }
  }
  const refused = backups.filter((b) => b.outcome === 'skipped' && !b.overlapped)
  if (refused.length > 0) {
    const b = refused[0]!
    facts.push({ kind: 'safeguard', t: b.end ?? b.firedAt, safeguard: 'guard-refused', count: refused.length, datastore: null, vm: b.vm })
  }
  return facts
}

/** Failures, orphans and safeguards together. */
export function aborts(result: Result, backups: readonly BackupRecord[], vm: string | undefined): (FailureFact | SnapshotFailedFact | OrphanFact | SafeguardFact)[] {
  return [...failureFacts(backups), ...snapshotFailedFacts(backups), ...orphanFacts(result, backups), ...safeguardFacts(result, backups, vm)]
}
