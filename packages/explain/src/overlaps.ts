// Fires that found the previous run of their job still going, and what the overlap policy did:
// with `start` the new run snapshots VMs whose last snapshot still lives, so chains deepen (G 4.78:
// "a new backup process is started before the previous one has finished").

import type { BackupRecord, OverlapPolicy, Result } from '@snapsim/core'
import type { ChainFact, OverlapFact } from './facts.ts'
import type { JobInfo } from './input.ts'
import { groupRuns } from './runs.ts'

const ACTION_POLICY: Readonly<Record<string, OverlapPolicy>> = { skip: 'skip', queue: 'queue', 'cancel-previous': 'cancel' }

/**
 * The overlap policy a result file shows without its model: the log's action at an overlapped
 * fire ('start' at an overlapped fire means policy start). Null if no fire overlapped.
 */
export function inferOverlap(result: Result, job: string): OverlapPolicy | null {
  const overlapped = new Set(result.backups.filter((b) => b.job === job && b.overlapped).map((b) => b.run))
  for (const e of result.log) {
    if (e.type !== 'job-fire' || e.job !== job || !overlapped.has(e.run)) continue
    return Object.hasOwn(ACTION_POLICY, e.action) ? ACTION_POLICY[e.action]! : 'start'
  }
  return null
}

export function overlapFacts(result: Result, backups: readonly BackupRecord[], jobs: readonly JobInfo[] | undefined): OverlapFact[] {
  const facts: OverlapFact[] = []
  for (const [job, runs] of groupRuns(backups)) {
    const policy = jobs?.find((j) => j.id === job)?.overlap ?? inferOverlap(result, job)
    let first = true
    for (const [run, records] of runs) {
      const over = records.filter((b) => b.overlapped)
      if (over.length === 0) continue
      facts.push({
        kind: 'overlap',
        t: records[0]!.firedAt,
        job,
        run,
        policy,
        stacked: over.filter((b) => b.start !== null && b.chainDepth >= 2).length,
        depth: Math.max(0, ...over.map((b) => b.chainDepth)),
        skipped: over.filter((b) => b.outcome === 'skipped').length,
        first,
        ...(first && policy === 'start' ? { bsi: 'overlap' as const } : {}),
      })
      first = false
    }
  }
  return facts
}

/** The deepest chain (2 or more), where and when it was first reached. */
export function chainFacts(backups: readonly BackupRecord[]): ChainFact[] {
  let best: BackupRecord | null = null
  for (const b of backups) {
    if (b.start === null || b.chainDepth < 2) continue
    if (best === null || b.chainDepth > best.chainDepth || (b.chainDepth === best.chainDepth && b.start < best.start!)) best = b
  }
  return best === null ? [] : [{ kind: 'chain', t: best.start!, vm: best.vm, depth: best.chainDepth }]
}
