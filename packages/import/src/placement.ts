// Where each VM's space lives. The model's VM sits on one datastore with one provisioning
// (packages/core/src/model.ts), while a real VM has disks on several datastores, thin and thick
// mixed. So a VM becomes one model VM per (datastore, provisioning) group of its disks — its
// "parts" — named `vm@ds` when it spans datastores and `vm:thin` / `vm:thick` (or
// `vm@ds:thin`) when one datastore holds both kinds. Each part gets the VM's write rate in
// proportion to its disk size; with the same footprint share, W/R is the same in every part, so
// the parts' deltas add up exactly to the delta the whole VM would have
// (Σ Rᵢ(1 - e^(-W/R)) = R(1 - e^(-W/R))). Backups then read the parts as separate streams.

import type { DiskRecord, SnapshotRecord, VmRecord } from './rvtools.ts'
import type { IssueLog } from './sheet.ts'

export interface PreexistingSnapshot {
  readonly label: string
  /** Seconds the snapshot existed before the export. */
  readonly ageSeconds: number
  /** This part's share of the snapshot's size, bytes. */
  readonly bytes: number
  readonly row: number
}

export interface VmPart {
  /** Model VM id. */
  readonly id: string
  readonly vm: VmRecord
  readonly datastore: string
  readonly provisioning: 'thick' | 'thin'
  readonly diskBytes: number
  /** Data in use: a thin part's share of In Use; a thick part's capacity (what a full backup reads). */
  readonly usedBytes: number
  /** Share of the VM's provisioned disk in this part (its share of the writes). */
  readonly share: number
  readonly disks: number
  /** Existing snapshots (oldest first), this part's share. */
  readonly snapshots: readonly PreexistingSnapshot[]
}

export const MiB = 1024 * 1024

interface DiskGroup {
  datastore: string
  thin: boolean
  capMiB: number
  disks: number
}

/** Model VM id of a part: `vm`, `vm@ds`, `vm:thin`, `vm@ds:thick`. */
export function partId(vm: string, datastore: string, thin: boolean, spans: boolean, mixed: boolean): string {
  return `${vm}${spans ? `@${datastore}` : ''}${mixed ? (thin ? ':thin' : ':thick') : ''}`
}

export interface PlacementOptions {
  /** Datastore of disks whose path has no `[datastore]` prefix and whose VM has no home path. */
  readonly fallbackDatastore: string
  /** Wall-clock ms the snapshot ages are measured to. */
  readonly nowMs: number | undefined
}

/**
 * The parts of one VM from its disks and snapshots; [] (with a warning) when it has no disk.
 * `id` is the VM's unique name in the scenario (duplicates already resolved by the caller).
 */
export function placeVm(id: string, vm: VmRecord, disks: readonly DiskRecord[], snapshots: readonly SnapshotRecord[], opts: PlacementOptions, log: IssueLog): VmPart[] {
  const groups: DiskGroup[] = []
  const add = (datastore: string, thin: boolean, capMiB: number) => {
    let g = groups.find((x) => x.datastore === datastore && x.thin === thin)
    if (!g) groups.push((g = { datastore, thin, capMiB: 0, disks: 0 }))
    g.capMiB += capMiB
    g.disks++
  }
  for (const d of disks) {
    if (d.capacityMiB <= 0) continue
    let ds = d.datastore ?? vm.homeDatastore
    if (ds === undefined) {
      ds = opts.fallbackDatastore
      log.warn('vDisk', d.row, 'Path', `disk ${JSON.stringify(d.label)} of VM ${JSON.stringify(vm.name)} has no [datastore] in its path and the VM none in vInfo; placed on ${JSON.stringify(ds)}`)
    }
    add(ds, d.thin, d.capacityMiB)
  }
  if (groups.length === 0) {
    const cap = vm.totalDiskMiB ?? 0
    if (cap <= 0) {
      log.warn('vInfo', vm.row, 'Disks', `VM ${JSON.stringify(vm.name)} has no disk; not imported`)
      return []
    }
    const ds = vm.homeDatastore ?? opts.fallbackDatastore
    log.warn('vInfo', vm.row, 'Total disk capacity MiB', `VM ${JSON.stringify(vm.name)} has no vDisk row: one thin disk of ${cap} MiB on ${JSON.stringify(ds)}`)
    add(ds, true, cap)
  }
  const totalCap = groups.reduce((s, g) => s + g.capMiB, 0)
  const thickCap = groups.filter((g) => !g.thin).reduce((s, g) => s + g.capMiB, 0)
  const thinCap = totalCap - thickCap
  // Existing snapshots, oldest first: their deltas count in In Use, so they are taken out of
  // what the thin disks hold.
  const snaps = [...snapshots].sort((a, b) => a.takenMs - b.takenMs)
  const snapMiB = snaps.reduce((s, x) => s + x.sizeMiB, 0)
  const inUse = vm.inUseMiB ?? thickCap + thinCap
  const thinMiB = Math.min(thinCap, Math.max(0, inUse - thickCap - snapMiB))
  const dsCount = new Set(groups.map((g) => g.datastore)).size
  return groups.map((g) => {
    const mixed = groups.some((o) => o !== g && o.datastore === g.datastore)
    const share = g.capMiB / totalCap
    const usedMiB = g.thin ? (thinCap > 0 ? (thinMiB * g.capMiB) / thinCap : 0) : g.capMiB
    return {
      id: partId(id, g.datastore, g.thin, dsCount > 1, mixed),
      vm,
      datastore: g.datastore,
      provisioning: g.thin ? 'thin' : 'thick',
      diskBytes: g.capMiB * MiB,
      usedBytes: Math.round(usedMiB * MiB),
      share,
      disks: g.disks,
      snapshots: opts.nowMs === undefined ? [] : snaps.map((s) => ({ label: s.label, ageSeconds: Math.max(0, (opts.nowMs! - s.takenMs) / 1000), bytes: Math.round(s.sizeMiB * MiB * share), row: s.row })),
    } satisfies VmPart
  })
}

/** Bytes a part holds on its datastore at the start: its disk (thick) or data (thin), plus its existing snapshots' deltas. */
export const startBytes = (p: VmPart): number => (p.provisioning === 'thick' ? p.diskBytes : p.usedBytes) + p.snapshots.reduce((s, x) => s + x.bytes, 0)
