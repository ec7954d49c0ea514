// The columns of an RVTools export that a scenario needs, read by header name from each tab
// (vInfo, vDisk, vDatastore, vSnapshot, vMetaData) into plain records. Every value that cannot
// be read is reported with its sheet, row and column; the row is kept when what is left is
// still usable, and dropped (with an error) when it is not. Sizes are MiB as RVTools writes them.

import { cellBoolean, cellDateMs, cellNumber, cellText, type Cell } from './cells.ts'
import { Headers } from './headers.ts'
import type { VmKeys } from './joins.ts'
import type { IssueLog, Sheet } from './sheet.ts'

export interface VmRecord extends VmKeys {
  readonly row: number
  readonly powerState: string
  readonly template: boolean
  readonly consolidationNeeded: boolean
  readonly inUseMiB: number | undefined
  readonly provisionedMiB: number | undefined
  readonly totalDiskMiB: number | undefined
  /** Datastore of the VM's configuration file (`Path`), if given. */
  readonly homeDatastore: string | undefined
  readonly folder: string
  readonly cluster: string
  readonly datacenter: string
  /** Custom attributes and tags by header (Map: user-controlled keys). */
  readonly attributes: Map<string, string>
}

export interface DiskRecord extends VmKeys {
  readonly row: number
  readonly label: string
  readonly capacityMiB: number
  readonly thin: boolean
  readonly datastore: string | undefined
  readonly attributes: Map<string, string>
}

export interface DatastoreRecord {
  readonly row: number
  readonly name: string
  readonly capacityMiB: number
  readonly inUseMiB: number
  readonly cluster: string
  readonly type: string
}

export interface SnapshotRecord extends VmKeys {
  readonly row: number
  readonly label: string
  /** Wall-clock ms of `Date / time`. */
  readonly takenMs: number
  readonly sizeMiB: number
  readonly datastore: string | undefined
}

export interface Export {
  readonly vms: VmRecord[]
  readonly disks: DiskRecord[]
  /** Undefined when the export has no vDatastore tab. */
  readonly datastores: DatastoreRecord[] | undefined
  /** Undefined when the export has no vSnapshot tab. */
  readonly snapshots: SnapshotRecord[] | undefined
  /** `xlsx creation datetime` of vMetaData (wall-clock ms), if present. */
  readonly exportedMs: number | undefined
  readonly rvtoolsVersion: string | undefined
}

/** `ds1` from `[ds1] folder/vm.vmdk`; undefined without a bracketed prefix. */
export function datastoreOfPath(path: string): string | undefined {
  const m = /^\s*\[([^\]]+)\]/.exec(path)
  const name = m?.[1]?.trim()
  return name === undefined || name === '' ? undefined : name
}

/** Finds a tab by name, any case. */
export function findSheet(sheets: readonly Sheet[], name: string): Sheet | undefined {
  return sheets.find((s) => s.name.toLowerCase() === name.toLowerCase())
}

/** Reads the cells of one sheet by column name, reporting what it cannot read. */
class RowReader {
  readonly h: Headers
  constructor(
    readonly sheet: Sheet,
    readonly log: IssueLog,
  ) {
    this.h = new Headers(sheet.header)
  }
  col(...names: string[]): number | undefined {
    return this.h.find(...names)
  }
  require(what: string, ...names: string[]): number | undefined {
    const i = this.h.find(...names)
    if (i === undefined) this.log.error(this.sheet.name, this.sheet.headerRow, names[0]!, `no column ${names.map((n) => JSON.stringify(n)).join(' or ')} (${what}); the tab's rows cannot be used`)
    return i
  }
  text(cells: readonly Cell[], i: number | undefined): string {
    return i === undefined ? '' : cellText(cells[i] ?? null)
  }
  /** A non-negative number, or undefined (blank) — a value that is not one is reported. */
  size(row: number, cells: readonly Cell[], i: number | undefined): number | undefined {
    if (i === undefined) return undefined
    const c = cells[i] ?? null
    if (cellText(c) === '') return undefined
    const n = cellNumber(c)
    if (n === undefined || n < 0) {
      this.log.warn(this.sheet.name, row, this.h.label(i), `not a size in MiB: ${JSON.stringify(cellText(c).slice(0, 60))}; ignored`)
      return undefined
    }
    return n
  }
  bool(row: number, cells: readonly Cell[], i: number | undefined, fallback: boolean): boolean {
    if (i === undefined) return fallback
    const c = cells[i] ?? null
    if (cellText(c) === '') return fallback
    const b = cellBoolean(c)
    if (b === undefined) {
      this.log.warn(this.sheet.name, row, this.h.label(i), `not True/False: ${JSON.stringify(cellText(c).slice(0, 60))}; taken as ${fallback ? 'True' : 'False'}`)
      return fallback
    }
    return b
  }
  keys(cells: readonly Cell[]): VmKeys {
    return {
      name: this.text(cells, this.col('VM')),
      id: this.text(cells, this.col('VM ID')),
      uuid: this.text(cells, this.col('VM UUID')),
      server: this.text(cells, this.col('VI SDK Server')),
    }
  }
  attributes(cells: readonly Cell[]): Map<string, string> {
    const m = new Map<string, string>()
    for (const [i, name] of this.h.attributes) {
      const v = cellText(cells[i] ?? null)
      if (v !== '') m.set(name, v)
    }
    return m
  }
}

function readVInfo(sheet: Sheet, log: IssueLog): VmRecord[] {
  const r = new RowReader(sheet, log)
  if (r.require('the VM name', 'VM') === undefined) return []
  const c = {
    power: r.col('Powerstate', 'Power state'),
    template: r.col('Template'),
    consolidation: r.col('Consolidation Needed'),
    inUse: r.col('In Use MiB'),
    provisioned: r.col('Provisioned MiB'),
    total: r.col('Total disk capacity MiB'),
    path: r.col('Path'),
    folder: r.col('Folder'),
    cluster: r.col('Cluster'),
    datacenter: r.col('Datacenter'),
  }
  if (c.inUse === undefined) log.warn(sheet.name, sheet.headerRow, 'In Use MiB', 'no column "In Use MiB" (or "In Use MB"): thin disks are taken as full')
  const vms: VmRecord[] = []
  for (const { row, cells } of sheet.rows) {
    const keys = r.keys(cells)
    if (keys.name === '') {
      if (cells.some((x) => cellText(x) !== '')) log.error(sheet.name, row, 'VM', 'no VM name; row skipped')
      continue
    }
    const path = r.text(cells, c.path)
    vms.push({
      ...keys,
      row,
      powerState: r.text(cells, c.power),
      template: r.bool(row, cells, c.template, false),
      consolidationNeeded: r.bool(row, cells, c.consolidation, false),
      inUseMiB: r.size(row, cells, c.inUse),
      provisionedMiB: r.size(row, cells, c.provisioned),
      totalDiskMiB: r.size(row, cells, c.total),
      homeDatastore: path === '' ? undefined : datastoreOfPath(path),
      folder: r.text(cells, c.folder),
      cluster: r.text(cells, c.cluster),
      datacenter: r.text(cells, c.datacenter),
      attributes: r.attributes(cells),
    })
    if (path !== '' && datastoreOfPath(path) === undefined) log.warn(sheet.name, row, r.h.label(c.path!), `path ${JSON.stringify(path.slice(0, 80))} has no [datastore] prefix`)
  }
  return vms
}

function readVDisk(sheet: Sheet, log: IssueLog): DiskRecord[] {
  const r = new RowReader(sheet, log)
  const capacity = r.require('disk sizes', 'Capacity MiB')
  if (r.require('the VM name', 'VM') === undefined || capacity === undefined) return []
  // `Path` is the vmdk's location; newer versions also have `Disk Path` (guest mount points).
  const c = { label: r.col('Disk'), thin: r.col('Thin'), path: r.col('Path') }
  const disks: DiskRecord[] = []
  for (const { row, cells } of sheet.rows) {
    const keys = r.keys(cells)
    if (keys.name === '' && keys.id === '' && keys.uuid === '') {
      if (cells.some((x) => cellText(x) !== '')) log.error(sheet.name, row, 'VM', 'no VM name, VM ID or VM UUID; row skipped')
      continue
    }
    const cap = r.size(row, cells, capacity)
    if (cap === undefined) {
      log.error(sheet.name, row, r.h.label(capacity), 'no disk capacity; disk skipped')
      continue
    }
    const path = r.text(cells, c.path)
    const ds = path === '' ? undefined : datastoreOfPath(path)
    if (path !== '' && ds === undefined) log.warn(sheet.name, row, r.h.label(c.path!), `path ${JSON.stringify(path.slice(0, 80))} has no [datastore] prefix`)
    disks.push({ ...keys, row, label: r.text(cells, c.label), capacityMiB: cap, thin: r.bool(row, cells, c.thin, false), datastore: ds, attributes: r.attributes(cells) })
  }
  return disks
}

function readVDatastore(sheet: Sheet, log: IssueLog): DatastoreRecord[] {
  const r = new RowReader(sheet, log)
  const name = r.require('the datastore name', 'Name')
  const capacity = r.require('the capacity', 'Capacity MiB')
  if (name === undefined || capacity === undefined) return []
  const c = { inUse: r.col('In Use MiB'), free: r.col('Free MiB'), cluster: r.col('Cluster name', 'Cluster'), type: r.col('Type') }
  const out: DatastoreRecord[] = []
  const seen = new Set<string>()
  for (const { row, cells } of sheet.rows) {
    const n = r.text(cells, name)
    if (n === '') {
      if (cells.some((x) => cellText(x) !== '')) log.error(sheet.name, row, r.h.label(name), 'no datastore name; row skipped')
      continue
    }
    if (seen.has(n)) {
      log.warn(sheet.name, row, r.h.label(name), `datastore ${JSON.stringify(n)} listed again (a datastore shared by two vCenters); the first row is used`)
      continue
    }
    const cap = r.size(row, cells, capacity)
    if (cap === undefined || cap <= 0) {
      log.error(sheet.name, row, r.h.label(capacity), `no capacity for datastore ${JSON.stringify(n)}; row skipped`)
      continue
    }
    let inUse = r.size(row, cells, c.inUse)
    if (inUse === undefined) {
      const free = r.size(row, cells, c.free)
      if (free !== undefined) inUse = Math.max(0, cap - free)
    }
    if (inUse === undefined) {
      log.warn(sheet.name, row, c.inUse !== undefined ? r.h.label(c.inUse) : 'In Use MiB', `no use for datastore ${JSON.stringify(n)}; taken as what its imported VMs hold`)
    } else if (inUse > cap) {
      log.warn(sheet.name, row, r.h.label(c.inUse ?? capacity), `datastore ${JSON.stringify(n)} uses ${inUse} MiB of ${cap} MiB; capped at its capacity`)
      inUse = cap
    }
    seen.add(n)
    out.push({ row, name: n, capacityMiB: cap, inUseMiB: inUse ?? Number.NaN, cluster: r.text(cells, c.cluster), type: r.text(cells, c.type) })
  }
  return out
}

function readVSnapshot(sheet: Sheet, log: IssueLog): SnapshotRecord[] {
  const r = new RowReader(sheet, log)
  if (r.require('the VM name', 'VM') === undefined) return []
  const c = {
    label: r.col('Name'),
    date: r.col('Date / time', 'Date/time', 'Date / Time'),
    size: r.col('Size MiB (total)', 'Size MiB (vmsn)'),
    file: r.col('Filename'),
  }
  const out: SnapshotRecord[] = []
  for (const { row, cells } of sheet.rows) {
    const keys = r.keys(cells)
    if (keys.name === '' && keys.id === '' && keys.uuid === '') {
      if (cells.some((x) => cellText(x) !== '')) log.error(sheet.name, row, 'VM', 'no VM name, VM ID or VM UUID; row skipped')
      continue
    }
    const dateCell = c.date === undefined ? null : (cells[c.date] ?? null)
    const taken = cellDateMs(dateCell)
    if (taken === undefined) {
      log.error(sheet.name, row, c.date !== undefined ? r.h.label(c.date) : 'Date / time', `no snapshot date (${JSON.stringify(cellText(dateCell).slice(0, 40))}: expected yyyy/mm/dd hh:mm:ss or an Excel date); snapshot skipped`)
      continue
    }
    const size = r.size(row, cells, c.size)
    if (size === undefined) {
      log.error(sheet.name, row, c.size !== undefined ? r.h.label(c.size) : 'Size MiB (total)', 'no snapshot size; snapshot skipped')
      continue
    }
    const file = r.text(cells, c.file)
    out.push({ ...keys, row, label: r.text(cells, c.label), takenMs: taken, sizeMiB: size, datastore: file === '' ? undefined : datastoreOfPath(file) })
  }
  return out
}

function readVMetaData(sheet: Sheet | undefined, log: IssueLog): { exportedMs: number | undefined; version: string | undefined } {
  if (!sheet) return { exportedMs: undefined, version: undefined }
  const h = new Headers(sheet.header)
  const first = sheet.rows[0]
  const date = h.find('xlsx creation datetime', 'csv creation datetime', 'creation datetime')
  const version = h.find('RVTools version')
  if (!first) return { exportedMs: undefined, version: undefined }
  const cell = date === undefined ? null : (first.cells[date] ?? null)
  const ms = cellDateMs(cell)
  if (date !== undefined && ms === undefined) log.warn(sheet.name, first.row, h.label(date), `not a date: ${JSON.stringify(cellText(cell).slice(0, 40))}`)
  return { exportedMs: ms, version: version === undefined ? undefined : cellText(first.cells[version] ?? null) || undefined }
}

/** The records of an export's tabs; a missing vInfo is an error (nothing to import). */
export function readExport(sheets: readonly Sheet[], log: IssueLog): Export {
  const info = findSheet(sheets, 'vInfo')
  if (!info) log.error('vInfo', 0, '', 'the export has no vInfo tab: no VMs to import')
  const disk = findSheet(sheets, 'vDisk')
  if (!disk) log.warn('vDisk', 0, '', 'the export has no vDisk tab: each VM is one disk of vInfo `Total disk capacity MiB` on its home datastore')
  const ds = findSheet(sheets, 'vDatastore')
  const snap = findSheet(sheets, 'vSnapshot')
  const meta = readVMetaData(findSheet(sheets, 'vMetaData'), log)
  return {
    vms: info ? readVInfo(info, log) : [],
    disks: disk ? readVDisk(disk, log) : [],
    datastores: ds ? readVDatastore(ds, log) : undefined,
    snapshots: snap ? readVSnapshot(snap, log) : undefined,
    exportedMs: meta.exportedMs,
    rvtoolsVersion: meta.version,
  }
}
