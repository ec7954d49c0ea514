// Where the run starts: each datastore's capacity, its use at time 0 and the VMs it holds — the
// figures a class needs before it can predict anything.

import type { DatastoreResult, VmResult } from '@snapsim/core'
import type { SettingFact } from './facts.ts'

export function settingFacts(datastores: readonly DatastoreResult[], vms: readonly VmResult[]): SettingFact[] {
  return datastores.map((d) => ({ kind: 'setting' as const, t: 0, datastore: d.id, capacity: d.capacity, used: d.usedAtStart, vms: vms.filter((v) => v.datastore === d.id).length }))
}
