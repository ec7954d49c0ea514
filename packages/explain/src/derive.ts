// All turning points of a run, in calendar order. With `vm` only what concerns that VM: its own
// backups and snapshots, its datastore's alarms and fill, its own stop.

import type { Model } from '@snapsim/core'
import { aborts } from './aborts.ts'
import { alarmFacts } from './alarms.ts'
import type { Fact, FactKind } from './facts.ts'
import type { ExplainInput } from './input.ts'
import { mitigationFacts } from './mitigation.ts'
import { chainFacts, overlapFacts } from './overlaps.ts'
import { recoveryFacts } from './recovery.ts'
import { runFacts, runsFacts, scheduleFacts, windowFacts } from './runs.ts'
import { settingFacts } from './setting.ts'
import { downtimeFacts, endFacts, fullFacts, stopFacts } from './stops.ts'

export interface DeriveOptions {
  /** Only what concerns this VM. */
  readonly vm?: string
  /** This run's model and a mitigated scenario's: the what-if runs of each differing policy. */
  readonly compare?: { readonly model: Model; readonly mitigated: { readonly name: string; readonly model: Model } }
}

/** Order of kinds at the same instant: cause before effect. */
const ORDER: readonly FactKind[] = ['setting', 'schedule', 'overlap', 'run', 'chain', 'window', 'runs', 'failure', 'snapshot-failed', 'orphan', 'safeguard', 'alarm', 'full', 'stop', 'mitigation', 'downtime', 'recovery', 'end']

export function deriveFacts(input: ExplainInput, options: DeriveOptions = {}): Fact[] {
  const { result } = input
  const vm = options.vm
  const backups = vm === undefined ? result.backups : result.backups.filter((b) => b.vm === vm)
  const vms = vm === undefined ? result.vms : result.vms.filter((v) => v.id === vm)
  const stores = vm === undefined ? result.datastores : result.datastores.filter((d) => vms.some((v) => v.datastore === d.id))
  const windows = windowFacts(backups, input.jobs)
  const facts: Fact[] = [
    ...settingFacts(stores, result.vms),
    ...scheduleFacts(result, backups, input.jobs),
    ...runFacts(result, backups),
    ...windows,
    ...runsFacts(backups, windows),
    ...overlapFacts(result, backups, input.jobs),
    ...chainFacts(backups),
    ...alarmFacts(stores),
    ...aborts(result, backups, vm),
    ...fullFacts(stores),
    ...stopFacts(result, vms),
    ...downtimeFacts(result, vms),
    ...recoveryFacts(backups, result.horizon),
    ...endFacts(stores, vms),
    ...(options.compare && vm === undefined ? mitigationFacts(options.compare.model, result, options.compare.mitigated) : []),
  ]
  return facts.sort((a, b) => a.t - b.t || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind))
}
