import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseScenario } from '@snapsim/scenario'
import { EXPORTED_MS, fakeEstate, fakeTables, SWAP_MIB, toCsv, writeXlsx, type CsvStyle, type FakeEstate, type FakeOptions } from './fake-export.test-helpers.ts'
import { importRvtools, type RvtoolsImport } from './import-rvtools.ts'
import { defaultLimits } from './limits.ts'
import { parseOverlay } from './overlay.ts'
import { MiB } from './placement.ts'
import { readRvtoolsPath } from './read.ts'

const SAMPLE = fileURLToPath(new URL('../fixtures/rvtools-kubev2v-example1', import.meta.url))

const byId = (r: RvtoolsImport) => new Map(parseScenario(r.yaml, 'imported.yaml').model.vms.map((v) => [v.id, v]))

describe('the public sample (kubev2v example1, anonymised RVTools 4.x)', async () => {
  const sheets = await readRvtoolsPath(SAMPLE, defaultLimits)
  const r = importRvtools(sheets, { source: 'example1' })
  const vms = byId(r)

  it('imports every VM with a disk, joined on VM ID, then name', () => {
    // vm-2 has no disk (Disks 0); vm-9 has no VM ID in vInfo: its disk joins by name.
    expect([...vms.keys()]).toEqual(['vm-1', 'vm-3', 'vm-4', 'vm-5', 'vm-6', 'vm-7', 'vm-8', 'vm-9'])
    // vm-1: one thin disk of 103,424 MiB holding In Use 96,952 MiB (VM ID vm-89952).
    expect(vms.get('vm-1')).toMatchObject({ disk: 103424 * MiB, used: 96952 * MiB, provisioning: 'thin' })
    // vm-8 (VM ID vm-107051) has two thick 102,400 MiB disks: the vDisk rows say vm-7 and vm-8.
    expect(vms.get('vm-8')).toMatchObject({ disk: 204800 * MiB, used: 204800 * MiB, provisioning: 'thick' })
    expect(vms.get('vm-9')).toMatchObject({ disk: 102400 * MiB, provisioning: 'thick' })
  })
  it('keeps powered-off VMs without writes, gives running ones the default to review', () => {
    for (const id of ['vm-1', 'vm-4', 'vm-5', 'vm-6', 'vm-7']) expect(vms.get(id)!.writeRate, id).toBe(0)
    expect(vms.get('vm-3')!.writeRate).toBe(0.5 * MiB)
    expect(r.yaml).toMatch(/# Defaults to review .*writeRate, footprint, horizon, jobs, capacity of derived datastores/)
  })
  it('reports every odd row with sheet, row and column', () => {
    expect(r.issues).toContainEqual({ severity: 'warning', sheet: 'vInfo', row: 3, column: 'Disks', message: 'VM "vm-2" has no disk; not imported' })
    expect(r.issues.filter((i) => i.sheet === 'vDisk' && i.column === 'Path').map((i) => i.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10])
  })
  it('derives the one datastore with a default capacity it marks for review', () => {
    const ds = parseScenario(r.yaml, 'x.yaml').model.datastores
    // start use = thin used 96,952 + 8,746 + 0 × 4 + thick 204,800 + 102,400 = 412,898 MiB;
    // + 25 % = 516,122.5 MiB, rounded up to whole GiB: 505 GiB = 517,120 MiB.
    expect(ds.map((d) => [d.id, d.capacity / MiB, d.fixedUse])).toEqual([['unplaced', 517120, 0]])
    expect(r.yaml).toContain('capacity: default')
  })
})

const variants: [string, FakeOptions, 'xlsx' | 'xlsx-serial' | CsvStyle][] = [
  ['xlsx, MiB headers, date cells', { vms: 60, datastores: 3, attributes: true, vDatastore: true, vSnapshot: true, vMetaData: true, spanEvery: 10, template: true }, 'xlsx'],
  ['xlsx, MB headers, serial dates', { vms: 40, datastores: 2, mb: true, vDatastore: true, vSnapshot: true, vMetaData: true, spanEvery: 7, template: true }, 'xlsx-serial'],
  ['CSV with `,`, quoted thousands', { vms: 50, datastores: 3, attributes: true, oddCase: true, vDatastore: true, vSnapshot: true, vMetaData: true, spanEvery: 9, template: true }, { delimiter: ',', thousands: true }],
  ['CSV with `;`, MB headers, serial dates, dotted thousands', { vms: 50, datastores: 4, mb: true, oddCase: true, attributes: true, vDatastore: true, vSnapshot: true, vMetaData: true, spanEvery: 6, template: true }, { delimiter: ';', thousands: true, serialDates: true }],
]

async function writeExport(o: FakeOptions, style: 'xlsx' | 'xlsx-serial' | CsvStyle): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'snapsim-import-'))
  const tables = fakeTables(fakeEstate(o), o)
  if (style === 'xlsx' || style === 'xlsx-serial') {
    const path = join(dir, 'export.xlsx')
    await writeXlsx(path, tables, style === 'xlsx-serial')
    return path
  }
  mkdirSync(join(dir, 'csv'))
  for (const [name, t] of tables) writeFileSync(join(dir, 'csv', `RVTools_tab${name}.csv`), toCsv(t, style))
  return join(dir, 'csv')
}

/** Bytes a datastore holds at time 0 in the model: what the engine starts from. */
function startUse(r: RvtoolsImport): Map<string, number> {
  const m = parseScenario(r.yaml, 'x.yaml').model
  const use = new Map(m.datastores.map((d) => [d.id, d.fixedUse]))
  for (const v of m.vms) use.set(v.datastore, use.get(v.datastore)! + (v.provisioning === 'thick' ? v.disk : v.used) + (v.snapshots ?? []).reduce((s, x) => s + x.bytes, 0))
  return use
}

describe.each(variants)('a generated export: %s', (_label, o, style) => {
  const e: FakeEstate = fakeEstate(o)
  let r: RvtoolsImport
  it('imports', async () => {
    r = importRvtools(await readRvtoolsPath(await writeExport(o, style), defaultLimits), { source: 'export' })
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([])
  })
  it('skips the template, keeps powered-off VMs without writes, splits spanning VMs by datastore', () => {
    const vms = byId(r)
    expect(vms.has('vm-00003')).toBe(false)
    expect(r.counts.templates).toBe(1)
    expect(vms.get('vm-00010')!.writeRate).toBe(0)
    // vm-00002 has a thin disk on its home datastore and a thick one on the next.
    const v = e.vms[1]!
    const [home, span] = [v.disks[0]!, v.disks[1]!]
    const a = vms.get(`vm-00002@${home[0]}`)!
    const b = vms.get(`vm-00002@${span[0]}`)!
    // The thin part holds the VM's In Use less the thick disk (its data + swap).
    expect(a).toMatchObject({ datastore: home[0], provisioning: 'thin', disk: home[1] * MiB, used: (home[3] + SWAP_MIB) * MiB })
    expect(b).toMatchObject({ datastore: span[0], provisioning: 'thick', disk: span[1] * MiB })
    // Writes split by capacity: the two parts' rates add up to the VM's.
    expect(a.writeRate + b.writeRate).toBeCloseTo(0.5 * MiB, 0)
    expect(a.writeRate / b.writeRate).toBeCloseTo(home[1] / span[1], 4)
  })
  it("reproduces each datastore's In Use at the start, to the byte", () => {
    const use = startUse(r)
    for (const d of e.datastores) expect(use.get(d.name), d.name).toBe(d.inUseMiB * MiB)
  })
  it('reads the export time and models the existing snapshots with their ages and sizes', () => {
    expect(r.yaml).toContain('start: "2026-11-30T14:05"')
    expect(r.counts.snapshots).toBe(e.vms.filter((v) => !v.template).reduce((s, v) => s + v.snapshots.length, 0))
    const vms = byId(r)
    // vm-00004 (i = 3) has two snapshots; on one datastore they are its chain, oldest first.
    const v = e.vms[3]!
    expect(vms.get('vm-00004')!.snapshots).toEqual(v.snapshots.map((s) => ({ bytes: s.sizeMiB * MiB, age: s.ageDays * 86400 })).sort((a, b) => b.age - a.age))
    // The thin disk holds the VM's In Use less the deltas (and swap folds into it).
    if (v.disks[0]![2]) expect(vms.get('vm-00004')!.used).toBe((v.disks[0]![3] + SWAP_MIB) * MiB)
  })
})

describe('overlay', () => {
  const o: FakeOptions = { vms: 12, datastores: 2, attributes: true, vDatastore: true, vMetaData: true }
  const overlay = parseOverlay(
    [
      'scenario: { name: Prod, horizon: 14d }',
      'vms:',
      '  - match: { name: "vm-*" }',
      '    set: { writeRate: 2 MiB/s, footprint: 40% }',
      '  - match: { folder: "/DC1/vm/Databases" }',
      '    set: { writeRate: 6 MiB/s }',
      '  - match: { cluster: Cluster-B, attribute: { Owner: web } }',
      '    set: { footprint: 10% }',
      '  - match: { name: vm-00005 }',
      '    skip: true',
      'jobs:',
      '  - { id: nightly, vms: "*", schedule: "0 21 * * *", streamThroughput: 80 MiB/s }',
      '',
    ].join('\n'),
    'overlay.yaml',
  )
  it('applies rules by name glob, folder, cluster and attribute; later rules win', async () => {
    const r = importRvtools(await readRvtoolsPath(await writeExport(o, { delimiter: ',' }), defaultLimits), { source: 'export', overlay })
    const s = parseScenario(r.yaml, 'x.yaml')
    expect(s.name).toBe('Prod')
    expect(s.model.horizon).toBe(14 * 86400)
    const vms = new Map(s.model.vms.map((v) => [v.id, v]))
    // vm-00001: owner dba (i % 3 = 0), Cluster-A: Databases folder → 6 MiB/s, footprint 40 %.
    expect(vms.get('vm-00001')).toMatchObject({ writeRate: 6 * MiB, footprint: 0.4 })
    // vm-00002: owner web, Cluster-B → 2 MiB/s, footprint 10 %.
    expect(vms.get('vm-00002')).toMatchObject({ writeRate: 2 * MiB, footprint: 0.1 })
    // vm-00005 skipped by the overlay; its datastore keeps its In Use (its space is otherData).
    expect(vms.has('vm-00005')).toBe(false)
    expect(s.model.jobs.map((j) => [j.id, j.streamThroughput])).toEqual([['nightly', 80 * MiB]])
    expect(r.yaml).not.toContain('default, review (the export has no backup schedule')
  })
  it('is kept when a newer export is imported', async () => {
    const newer = importRvtools(await readRvtoolsPath(await writeExport({ ...o, vms: 15 }, 'xlsx'), defaultLimits), { source: 'export2', overlay })
    const vms = byId(newer)
    expect(vms.size).toBe(14)
    expect(vms.get('vm-00013')).toMatchObject({ writeRate: 6 * MiB, footprint: 0.4 })
  })
  it('reports unknown keys and bad values with line and column', () => {
    expect(() => parseOverlay('vms:\n  - match: { nmae: x }\n    set: { writeRate: 5 parsecs }\n', 'o.yaml')).toThrow(/o\.yaml:2:14: vms\[0\]\.match\.nmae: unknown key `nmae`[\s\S]*o\.yaml:3:23: vms\[0\]\.set\.writeRate: /)
  })
})

describe('hostile input', () => {
  it('never uses a user key as an object property', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapsim-hostile-'))
    writeFileSync(join(dir, 'vInfo.csv'), 'VM,Powerstate,In Use MiB,Path,Annotation,__proto__,constructor,Cluster\n__proto__,poweredOn,100,[constructor] x/x.vmx,,a,b,c\n')
    writeFileSync(join(dir, 'vDisk.csv'), 'VM,Capacity MiB,Thin,Path\n__proto__,200,True,[constructor] x/x.vmdk\n')
    const overlay = parseOverlay('vms:\n  - match: { attribute: { __proto__: a } }\n    set: { writeRate: 1 MiB/s }\n', 'o.yaml')
    const r = importRvtools(await readRvtoolsPath(dir, defaultLimits), { source: 'x', overlay })
    const s = parseScenario(r.yaml, 'x.yaml')
    expect(s.model.vms.map((v) => [v.id, v.datastore, v.writeRate])).toEqual([['__proto__', 'constructor', MiB]])
    expect(({} as Record<string, unknown>).a).toBeUndefined()
  })
  it('refuses files over the size limit', async () => {
    await expect(readRvtoolsPath(SAMPLE, { ...defaultLimits, maxFileBytes: 1000 })).rejects.toThrow(/more than 1000 \(limit maxFileBytes/)
  })
  it('reports a broken workbook as bad input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapsim-broken-'))
    writeFileSync(join(dir, 'x.xlsx'), 'not a zip')
    await expect(readRvtoolsPath(join(dir, 'x.xlsx'), defaultLimits)).rejects.toThrow(/not a readable xlsx workbook/)
  })
  it('imports nothing from an export without vInfo, and says so', () => {
    const r = importRvtools([], { source: 'x' })
    expect(r.parts).toEqual([])
    expect(r.issues.map((i) => i.message)).toContain('the export has no vInfo tab: no VMs to import')
  })
})

export { EXPORTED_MS }
