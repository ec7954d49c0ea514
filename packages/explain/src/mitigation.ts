// Which policy of a mitigated scenario would have prevented the stops: each policy in which the
// mitigated model differs from this one is applied alone to this model and the run repeated
// (same seed, same draws), then all of them together. A what-if is a real run, not an estimate:
// its figures are that run's.

import { simulate, type Model, type Result, type Seconds } from '@snapsim/core'
import type { MitigationFact, Outcome } from './facts.ts'
import { worstRecovery } from './recovery.ts'

/** One policy of the mitigated model, as a scenario writes it, and how to apply it to a model. */
export interface Policy {
  readonly label: string
  readonly apply: (m: Model) => Model
}

const pct = (f: number) => `${Number((f * 100).toFixed(2))}%`
function hours(s: Seconds): string {
  return s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}min` : `${s}s`
}

/** The policies in which `mitigated` differs from `model`: job overlap, snapshot hunter, space guard. */
export function policyDifferences(model: Model, mitigated: Model): Policy[] {
  const out: Policy[] = []
  for (const j of mitigated.jobs) {
    const own = model.jobs.find((x) => x.id === j.id)
    if (own === undefined || own.overlap === j.overlap) continue
    out.push({
      label: `jobs.${j.id}.overlap: ${j.overlap}`,
      apply: (m) => ({ ...m, jobs: m.jobs.map((x) => (x.id === j.id ? { ...x, overlap: j.overlap } : x)) }),
    })
  }
  const age = mitigated.policies?.maxSnapshotAge
  if (age !== undefined && age !== model.policies?.maxSnapshotAge) {
    out.push({ label: `policies.maxSnapshotAge: ${hours(age)}`, apply: (m) => ({ ...m, policies: { ...m.policies, maxSnapshotAge: age } }) })
  }
  // The scenario format's minFreeForSnapshot is one share (or size) for every datastore: the
  // mitigated model's guards carry it per datastore; a share applies to this model's datastores
  // by their own capacity, whatever their ids.
  const guards = mitigated.datastores.filter((d) => d.guard !== undefined)
  if (guards.length > 0 && model.datastores.every((d) => d.guard === undefined)) {
    const g = guards[0]!
    const share = g.guard!.minFreeBytes / g.capacity
    const sameShare = guards.length === mitigated.datastores.length && guards.every((d) => Math.abs(d.guard!.minFreeBytes / d.capacity - share) < 1e-12)
    const abort = g.guard!.abortRunning
    out.push({
      label: `policies.minFreeForSnapshot: ${pct(share)}${abort ? ' (abortRunningBelowMinFree)' : ''}`,
      apply: (m) => ({
        ...m,
        datastores: m.datastores.map((d) => {
          const own = mitigated.datastores.find((x) => x.id === d.id)?.guard
          if (sameShare) return { ...d, guard: { minFreeBytes: share * d.capacity, abortRunning: abort } }
          return own === undefined ? d : { ...d, guard: own }
        }),
      }),
    })
  }
  return out
}

/** The figures a mitigation changes, measured on the datastore where the first VM stopped. */
export function outcomeOf(result: Result, datastore: string): Outcome {
  const stopped = result.vms.filter((v) => v.firstStopAt !== null)
  const d = result.datastores.find((x) => x.id === datastore) ?? result.datastores[0]
  const rpo = worstRecovery(result.backups, result.horizon)
  return {
    vmsStopped: stopped.length,
    downtime: result.vms.reduce((s, v) => s + v.downtime, 0),
    firstStopAt: stopped.length === 0 ? null : Math.min(...stopped.map((v) => v.firstStopAt!)),
    peakFraction: d === undefined ? 0 : d.peakUsed / d.capacity,
    skipped: result.totals.backupsByOutcome.skipped,
    worstRecoveryAge: rpo?.age ?? null,
  }
}

/**
 * Each differing policy alone, then all together (when more than one), each as a run of this
 * model. Nothing when no VM stopped in `result` (there is nothing to prevent).
 */
export function mitigationFacts(model: Model, result: Result, mitigated: { readonly name: string; readonly model: Model }): MitigationFact[] {
  const stopped = result.vms.filter((v) => v.firstStopAt !== null)
  if (stopped.length === 0) return []
  const t = Math.min(...stopped.map((v) => v.firstStopAt!))
  const ds = stopped.find((v) => v.firstStopAt === t)!.datastore
  const before = outcomeOf(result, ds)
  const policies = policyDifferences(model, mitigated.model)
  const tries: { label: string; alone: boolean; model: Model }[] = policies.map((p) => ({ label: p.label, alone: true, model: p.apply(model) }))
  if (policies.length > 1) tries.push({ label: policies.map((p) => p.label).join(', '), alone: false, model: policies.reduce((m, p) => p.apply(m), model) })
  return tries.map((x) => ({
    kind: 'mitigation' as const,
    t,
    scenario: mitigated.name,
    policy: x.label,
    alone: x.alone,
    before,
    after: outcomeOf(simulate(x.model, { log: false, sampleInterval: 0 }), ds),
  }))
}

/** Whether a what-if's sentence compares the oldest recovery points (render.ts, `mitigation.prevents`). */
export function tellsRecovery(m: MitigationFact): boolean {
  const a = m.after.worstRecoveryAge
  const b = m.before.worstRecoveryAge
  return m.after.vmsStopped === 0 && a !== null && b !== null && Math.round(a / 60) !== Math.round(b / 60)
}
