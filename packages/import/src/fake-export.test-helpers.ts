// Generated RVTools exports for tests and the benchmark: every variant the importer must take
// (MB or MiB headers, any case, `;` or `,` CSV with thousands separators, multi-line fields,
// serial or text dates, custom attribute columns, VMs spanning datastores, existing snapshots,
// templates, powered-off VMs) from one deterministic description, together with the figures
// an import must reproduce (each datastore's In Use, each VM's disks).

import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import ExcelJS from 'exceljs'

export interface FakeOptions {
  readonly vms: number
  readonly datastores?: number
  /** Pre-4.1.2 headers: `In Use MB`, `Capacity MB`, … */
  readonly mb?: boolean
  /** Lower-case some headers (`In use MiB`). */
  readonly oddCase?: boolean
  /** Custom attribute columns `Owner`, `Backup Tier` after `Annotation`. */
  readonly attributes?: boolean
  readonly vDatastore?: boolean
  readonly vSnapshot?: boolean
  readonly vMetaData?: boolean
  /** Every `spanEvery`-th VM has a second, thick disk on the next datastore. */
  readonly spanEvery?: number
  /** One VM is a template. */
  readonly template?: boolean
  /**
   * As wide as a real export: vInfo gets RVTools 4.x's other columns (about 90 in all), vDisk
   * its (about 40), and vCPU, vMemory and vNetwork tabs are added (the import skips them).
   */
  readonly wide?: boolean
}

export interface FakeVm {
  readonly name: string
  readonly id: string
  readonly home: string
  readonly template: boolean
  readonly poweredOn: boolean
  /** [datastore, capacity MiB, thin, used MiB] */
  readonly disks: readonly (readonly [string, number, boolean, number])[]
  readonly snapshots: readonly { readonly label: string; readonly ageDays: number; readonly sizeMiB: number }[]
  readonly inUseMiB: number
  readonly owner: string
}

export interface FakeEstate {
  readonly exportedMs: number
  readonly vms: readonly FakeVm[]
  readonly datastores: readonly { readonly name: string; readonly capacityMiB: number; readonly inUseMiB: number }[]
}

/** A small deterministic generator (mulberry32): the same estate for the same size. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const SWAP_MIB = 2048
export const EXPORTED_MS = Date.UTC(2026, 10, 30, 14, 5, 0)

export function fakeEstate(o: FakeOptions): FakeEstate {
  const r = rng(o.vms * 7919 + 17)
  const k = o.datastores ?? Math.max(1, Math.ceil(o.vms / 40))
  const names = Array.from({ length: k }, (_, i) => `ds-${String(i + 1).padStart(3, '0')}`)
  const held = new Map<string, number>(names.map((n) => [n, 0]))
  const vms: FakeVm[] = []
  for (let i = 0; i < o.vms; i++) {
    const home = names[i % k]!
    const template = o.template === true && i === 2
    const cap1 = 1024 * (40 + Math.floor(r() * 160))
    const spans = o.spanEvery !== undefined && k > 1 && i % o.spanEvery === 1
    // A spanning VM: a thin disk at home and a thick one on the next datastore.
    const thin = i % 2 === 0 || spans
    const used1 = thin ? Math.floor(cap1 * (0.3 + 0.6 * r())) : cap1
    const disks: [string, number, boolean, number][] = [[home, cap1, thin, used1]]
    if (spans) {
      const cap2 = 1024 * (50 + Math.floor(r() * 100))
      disks.push([names[(i + 1) % k]!, cap2, false, cap2])
    }
    const snapshots = o.vSnapshot && i % 7 === 3 ? Array.from({ length: 1 + (i % 2) }, (_, j) => ({ label: `backup ${j}`, ageDays: 40 - 10 * j + (i % 5), sizeMiB: 512 + Math.floor(r() * 8192) })) : []
    const snapMiB = snapshots.reduce((s, x) => s + x.sizeMiB, 0)
    const poweredOn = i % 10 !== 9
    const inUse = disks.reduce((s, d) => s + d[3], 0) + SWAP_MIB + snapMiB
    for (const d of disks) held.set(d[0], held.get(d[0])! + d[3])
    held.set(home, held.get(home)! + SWAP_MIB + snapMiB)
    vms.push({ name: `vm-${String(i + 1).padStart(5, '0')}`, id: `vm-${1000 + i}`, home, template, poweredOn, disks, snapshots, inUseMiB: inUse, owner: i % 3 === 0 ? 'dba' : 'web' })
  }
  const datastores = names.map((name) => {
    const vmUse = held.get(name)!
    const iso = 10 * 1024 + Math.floor(r() * 50 * 1024)
    return { name, capacityMiB: Math.ceil(((vmUse + iso) / 0.6) / 1024) * 1024, inUseMiB: vmUse + iso }
  })
  return { exportedMs: EXPORTED_MS, vms, datastores }
}

type Value = string | number | boolean | Date | null
export type Table = Value[][]

const mib = (o: FakeOptions, h: string) => (o.mb ? h.replace('MiB', 'MB') : h)
const pad = (n: number) => String(n).padStart(2, '0')
/** `yyyy/mm/dd hh:mm:ss` as RVTools writes dates in CSV. */
export const rvDate = (ms: number) => {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}
export const toSerial = (ms: number) => (ms - Date.UTC(1899, 11, 30)) / 86_400_000

/** The tabs of an estate as tables (header first); dates as Date values. */
export function fakeTables(e: FakeEstate, o: FakeOptions): Map<string, Table> {
  const t = new Map<string, Table>()
  const attrs = o.attributes ? ['Owner', 'Backup Tier'] : []
  const fill = (n: number, prefix: string): Value[] => (o.wide ? Array.from({ length: n }, (_, j) => `${prefix} ${j + 1}`) : [])
  const vals = (n: number, i: number): Value[] => (o.wide ? Array.from({ length: n }, (_, j) => (j % 3 === 0 ? `value ${i % 97}` : j % 3 === 1 ? (i * 31 + j) % 10007 : 'False')) : [])
  t.set('vInfo', [
    ['VM', 'Powerstate', 'Template', 'Consolidation Needed', 'CPUs', mib(o, 'Provisioned MiB'), mib(o, o.oddCase ? 'In use MiB' : 'In Use MiB'), mib(o, 'Unshared MiB'), 'Path', 'Annotation', ...attrs, 'Datacenter', 'Cluster', 'Folder', 'VM ID', 'VM UUID', 'VI SDK Server', ...fill(72, 'vInfo column')],
    ...e.vms.map((v, i) => [
      v.name,
      v.poweredOn ? 'poweredOn' : 'poweredOff',
      v.template ? 'True' : 'False',
      i % 7 === 3 && i % 2 === 1 ? 'True' : 'False',
      2,
      v.disks.reduce((s, d) => s + d[1], 0) + SWAP_MIB,
      v.inUseMiB,
      v.inUseMiB,
      `[${v.home}] ${v.name}/${v.name}.vmx`,
      i % 4 === 0 ? `owner: team ${i % 3}\nticket, "CHG-${i}"` : '',
      ...(o.attributes ? [v.owner, i % 2 === 0 ? 'gold' : 'silver'] : []),
      'DC1',
      i % 2 === 0 ? 'Cluster-A' : 'Cluster-B',
      `/DC1/vm/${v.owner === 'dba' ? 'Databases' : 'Web'}`,
      v.id,
      `5000${String(i).padStart(4, '0')}-0000-0000-0000-000000000000`,
      'vc1.example.org',
      ...vals(72, i),
    ]),
  ])
  t.set('vDisk', [
    ['VM', 'Powerstate', 'Template', 'Disk', o.oddCase ? 'capacity mib' : mib(o, 'Capacity MiB'), 'Thin', 'Path', 'Annotation', ...attrs, 'Datacenter', 'Cluster', 'VM ID', 'VM UUID', 'VI SDK Server', ...fill(24, 'vDisk column')],
    ...e.vms.flatMap((v, i) =>
      v.disks.map((d, j) => [v.name, v.poweredOn ? 'poweredOn' : 'poweredOff', v.template ? 'True' : 'False', `Hard disk ${j + 1}`, d[1], d[2] ? 'True' : 'False', `[${d[0]}] ${v.name}/${v.name}${j === 0 ? '' : `_${j}`}.vmdk`, '', ...(o.attributes ? [v.owner, ''] : []), 'DC1', i % 2 === 0 ? 'Cluster-A' : 'Cluster-B', v.id, '', 'vc1.example.org', ...vals(24, i)]),
    ),
  ])
  if (o.wide) for (const tab of ['vCPU', 'vMemory', 'vNetwork']) t.set(tab, [['VM', ...fill(30, `${tab} column`)], ...e.vms.map((v, i) => [v.name, ...vals(30, i)])])
  if (o.vDatastore)
    t.set('vDatastore', [
      ['Name', 'Config status', 'Address', 'Accessible', 'Type', '# VMs', mib(o, 'Capacity MiB'), mib(o, 'Provisioned MiB'), mib(o, 'In Use MiB'), mib(o, 'Free MiB'), 'Free %', 'Cluster name'],
      ...e.datastores.map((d) => [d.name, 'green', '', 'True', 'VMFS', 0, d.capacityMiB, d.inUseMiB, d.inUseMiB, d.capacityMiB - d.inUseMiB, Math.round((100 * (d.capacityMiB - d.inUseMiB)) / d.capacityMiB), 'Cluster-A']),
    ])
  if (o.vSnapshot)
    t.set('vSnapshot', [
      ['VM', 'Powerstate', 'Name', 'Description', 'Date / time', 'Filename', mib(o, 'Size MiB (vmsn)'), mib(o, 'Size MiB (total)'), 'Quiesced', 'State', 'Datacenter', 'Cluster', 'VM ID', 'VM UUID', 'VI SDK Server'],
      ...e.vms.flatMap((v) => v.snapshots.map((s, j) => [v.name, 'poweredOn', s.label, 'made by backup', new Date(e.exportedMs - s.ageDays * 86_400_000), `[${v.home}] ${v.name}/${v.name}-Snapshot${j + 1}.vmsn`, 0, s.sizeMiB, 'True', 'poweredOff', 'DC1', 'Cluster-A', v.id, '', 'vc1.example.org'])),
    ])
  if (o.vMetaData) t.set('vMetaData', [['RVTools major version', 'RVTools version', 'xlsx creation datetime', 'Server'], [4, '4.7.1.4', new Date(e.exportedMs), 'vc1.example.org']])
  return t
}

export interface CsvStyle {
  readonly delimiter: ',' | ';'
  /** Write numbers above 999 with thousands separators (`"16,384"`; `16.384` with `;`). */
  readonly thousands?: boolean
  /** Dates as Excel serial numbers instead of `yyyy/mm/dd hh:mm:ss`. */
  readonly serialDates?: boolean
}

function csvField(v: Value, s: CsvStyle): string {
  let text: string
  if (v === null) text = ''
  else if (v instanceof Date) text = s.serialDates ? String(toSerial(v.getTime())) : rvDate(v.getTime())
  else if (typeof v === 'number' && s.thousands && Number.isInteger(v) && Math.abs(v) >= 1000) text = v.toLocaleString('en-US').replace(/,/g, s.delimiter === ';' ? '.' : ',')
  else text = String(v)
  return /[",;\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(table: Table, s: CsvStyle): string {
  return `${table.map((row) => row.map((v) => csvField(v, s)).join(s.delimiter)).join('\r\n')}\r\n`
}

/**
 * Write tables as an xlsx workbook (exceljs streaming writer). Dates are date cells, or plain
 * serial numbers with `serialDates` (as some exports store them).
 */
export async function writeXlsx(path: string, tables: Map<string, Table>, serialDates = false): Promise<void> {
  const out = createWriteStream(path)
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true })
  for (const [name, table] of tables) {
    const ws = wb.addWorksheet(name)
    for (const row of table) ws.addRow(row.map((v) => (v instanceof Date && serialDates ? toSerial(v.getTime()) : v))).commit()
    ws.commit()
  }
  await wb.commit()
  // commit() resolves before the file stream has flushed its last bytes.
  await finished(out)
}
