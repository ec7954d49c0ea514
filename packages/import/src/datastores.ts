// The datastores of an imported scenario. With a vDatastore tab, each has its capacity and
// `otherData` = what is in use beyond the imported VMs (templates, skipped VMs, swap and log
// files, ISOs, VMs of other vCenters), so that the use at time 0 equals the tab's In Use figure.
// Without it, datastores are derived from the disks' `[datastore]` paths: their capacity comes
// from an overlay rule or `--capacity`, else a default the scenario marks for review.

import { startBytes, MiB, type VmPart } from './placement.ts'
import type { DatastoreRecord } from './rvtools.ts'
import type { IssueLog } from './sheet.ts'

export type CapacitySource = 'vDatastore' | 'flag' | 'overlay' | 'default'

export interface PlannedDatastore {
  readonly id: string
  capacityBytes: number
  otherDataBytes: number
  capacitySource: CapacitySource
  /** In Use of the vDatastore row, bytes (the round trip's reference); undefined when derived. */
  readonly inUseBytes: number | undefined
  readonly cluster: string
  readonly row: number
  /** Bytes the imported VM parts hold at the start. */
  readonly vmBytes: number
  readonly notes: string[]
}

/** Share of a derived datastore's start use added as free space when nothing gives its capacity. */
export const DEFAULT_HEADROOM = 0.25

/** Round a byte count up to whole GiB. */
const ceilGiB = (b: number): number => Math.ceil(b / (1024 * MiB)) * 1024 * MiB

export function planDatastores(parts: readonly VmPart[], records: readonly DatastoreRecord[] | undefined, capacityFlag: number | undefined, log: IssueLog): PlannedDatastore[] {
  const held = new Map<string, number>()
  for (const p of parts) held.set(p.datastore, (held.get(p.datastore) ?? 0) + startBytes(p))
  const byName = new Map<string, DatastoreRecord>()
  for (const r of records ?? []) byName.set(r.name, r)
  const out: PlannedDatastore[] = []
  // Datastores of vDatastore in the tab's order (those without imported VMs too: their use is
  // all otherData), then derived ones in order of first appearance.
  for (const r of records ?? []) {
    const vmBytes = held.get(r.name) ?? 0
    const capacity = r.capacityMiB * MiB
    const inUse = Number.isNaN(r.inUseMiB) ? vmBytes : r.inUseMiB * MiB
    let other = inUse - vmBytes
    const notes: string[] = []
    if (other < 0) {
      log.warn('vDatastore', r.row, 'In Use MiB', `datastore ${JSON.stringify(r.name)} has ${(inUse / MiB).toFixed(0)} MiB in use but its imported VMs hold ${(vmBytes / MiB).toFixed(0)} MiB (export taken while VMs changed?); otherData set to 0`)
      notes.push('In Use below what its VMs hold: otherData 0')
      other = 0
    }
    let cap = capacity
    if (vmBytes + other > capacity) {
      log.warn('vDatastore', r.row, 'Capacity MiB', `datastore ${JSON.stringify(r.name)}: its imported VMs hold more than its capacity; capacity raised to hold them`)
      cap = vmBytes + other
      notes.push('capacity raised to hold its VMs')
    }
    out.push({ id: r.name, capacityBytes: cap, otherDataBytes: other, capacitySource: 'vDatastore', inUseBytes: inUse, cluster: r.cluster, row: r.row, vmBytes, notes })
  }
  for (const [name, vmBytes] of held) {
    if (byName.has(name)) continue
    if (records !== undefined) log.warn('vDatastore', 0, 'Name', `datastore ${JSON.stringify(name)} holds imported disks but is not in vDatastore; its capacity is derived`)
    const cap = capacityFlag ?? Math.max(ceilGiB(vmBytes * (1 + DEFAULT_HEADROOM)), 1024 * MiB)
    const notes = capacityFlag !== undefined ? ['capacity from --capacity'] : [`capacity: default — its VMs' start use + ${DEFAULT_HEADROOM * 100} %; review`]
    out.push({ id: name, capacityBytes: cap, otherDataBytes: 0, capacitySource: capacityFlag !== undefined ? 'flag' : 'default', inUseBytes: undefined, cluster: '', row: 0, vmBytes, notes })
  }
  return out
}
