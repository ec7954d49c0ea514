import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { fakeEstate, fakeTables, writeXlsx } from '../../import/src/fake-export.test-helpers.ts'
import { scratchDir, snapsim } from './snapsim.test-helpers.ts'

const dir = scratchDir('snapsim-import-cli-')
const SAMPLE = fileURLToPath(new URL('../../import/fixtures/rvtools-kubev2v-example1', import.meta.url))

describe('snapsim import rvtools', { timeout: 120_000 }, () => {
  it('writes a valid scenario from the public sample, exit 0 with warnings', async () => {
    const out = join(dir, 'fleet.yaml')
    const r = await snapsim('import', 'rvtools', SAMPLE, '--out', out, '--capacity', '1 TiB')
    expect(r.code).toBe(0)
    expect(r.err).toContain('warning: vInfo, row 3, column "Disks": VM "vm-2" has no disk; not imported')
    expect(r.err).toMatch(/imported 8 VMs \(8 model VMs\) on 1 datastore into .*fleet\.yaml; 10 warnings/)
    expect(readFileSync(out, 'utf8')).toContain('{ id: "unplaced", capacity: 1048576 MiB, otherData: 0 MiB }  # derived from disk paths; capacity from --capacity')
    const v = await snapsim('validate', out)
    expect(v.code).toBe(0)
  })
  it('prints to standard output without --out', async () => {
    const r = await snapsim('import', 'rvtools', SAMPLE)
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^# Imported from rvtools-kubev2v-example1/)
  })
  it('exits 2 when nothing is usable', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'))
    writeFileSync(join(empty, 'vInfo.csv'), 'VM,Powerstate\n')
    const r = await snapsim('import', 'rvtools', empty)
    expect(r.code).toBe(2)
    expect(r.err).toContain('nothing usable in the export')
  })
  it('exits 2 on a bad flag, a missing path or a bad overlay, without a stack trace', async () => {
    expect((await snapsim('import', 'rvtools', SAMPLE, '--templates', 'maybe')).err).toContain('--templates: expected skip, keep, got `maybe`')
    const missing = await snapsim('import', 'rvtools', join(dir, 'nope.xlsx'))
    expect([missing.code, missing.err]).toEqual([2, `snapsim: ${join(dir, 'nope.xlsx')}: no such file or folder\n`])
    const overlay = join(dir, 'bad-overlay.yaml')
    writeFileSync(overlay, 'vms:\n  - match: { name: x }\n    set: { writeRat: 1 MiB/s }\n')
    const r = await snapsim('import', 'rvtools', SAMPLE, '--overlay', overlay)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${overlay}:3:12: vms[0].set.writeRat: unknown key \`writeRat\``)
  })
  it('refuses a file over --max-file-size', async () => {
    const r = await snapsim('import', 'rvtools', SAMPLE, '--max-file-size', '1 KiB')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/vDisk\.csv: 3815 bytes, more than 1024 \(limit maxFileBytes, docs\/limits\.md\)/)
  })
})

describe('snapsim import changes', { timeout: 120_000 }, () => {
  // One VM of 400 GiB, footprint 25 %: R = 100 GiB. Days written at 2, 4 and 6 MiB/s change
  // D = R (1 - e^(-w·86400/R)) distinct bytes: 81.5, 96.6 and 99.4 GiB. The fit gives the rates back.
  const R = 100 * 2 ** 30
  const D = (w: number) => Math.round(R * -Math.expm1(-(w * 2 ** 20 * 86400) / R))
  const scenarioFile = join(dir, 'one.yaml')
  writeFileSync(scenarioFile, 'name: one\nhorizon: 7d\ndatastores:\n  - { id: ds, capacity: 2 TiB }\nvms:\n  - { id: db1, disk: 400 GiB, used: 300 GiB, footprint: 25%, writeRate: 1 MiB/s }\n')
  const csv = join(dir, 'changes.csv')
  writeFileSync(csv, `vm,date,changed bytes\ndb1,2026/11/01,${D(2)}\ndb1,2026/11/02,${D(4)}\ndb1,2026/11/03,${D(6)}\nghost,2026/11/03,5\n`)
  it('prints the report and the overlay rules', async () => {
    const r = await snapsim('import', 'changes', csv, '--scenario', scenarioFile)
    expect(r.code).toBe(0)
    expect(r.err).toBe('warning: changes, row 5, column "vm": VM "ghost" is not in the scenario; row skipped\n')
    expect(r.out).toContain('# db1  3          4 MiB/s  2.4 MiB/s  5.6 MiB/s')
    expect(r.out).toContain('- match: { name: db1 }\n    set: { writeRate: 4 MiB/s }')
  })
  it('writes them into an overlay that the next import uses', async () => {
    const overlay = join(dir, 'fit-overlay.yaml')
    writeFileSync(overlay, '# kept\nscenario: { horizon: 3d }\n')
    const r = await snapsim('import', 'changes', csv, '--scenario', scenarioFile, '--overlay', overlay, '--distribution')
    expect(r.code).toBe(0)
    const text = readFileSync(overlay, 'utf8')
    expect(text).toContain('# kept')
    expect(text).toContain('writeRate: { empirical: [ 2 MiB/s, 4 MiB/s, 6 MiB/s ], per: day }')
    expect((await snapsim('import', 'rvtools', SAMPLE, '--overlay', overlay)).code).toBe(0)
  })
  it('exits 2 when no VM can be fitted', async () => {
    const bad = join(dir, 'bad-changes.csv')
    writeFileSync(bad, 'vm,date,changed bytes\nghost,2026/11/03,5\n')
    expect((await snapsim('import', 'changes', bad, '--scenario', scenarioFile)).code).toBe(2)
  })
})

describe('the round trip: export -> scenario -> run', { timeout: 120_000 }, () => {
  it("starts every datastore at the export's In Use, with the existing snapshots at time 0", async () => {
    const o = { vms: 40, datastores: 3, attributes: true, vDatastore: true, vSnapshot: true, vMetaData: true, spanEvery: 6, template: true }
    const estate = fakeEstate(o)
    const xlsx = join(dir, 'roundtrip.xlsx')
    await writeXlsx(xlsx, fakeTables(estate, o))
    const fleet = join(dir, 'roundtrip.yaml')
    expect((await snapsim('import', 'rvtools', xlsx, '--out', fleet)).code).toBe(0)
    expect((await snapsim('validate', fleet)).code).toBe(0)
    const r = await snapsim('run', fleet, '--json', '--records')
    expect(r.code).toBe(0)
    const summary = JSON.parse(r.out) as { datastores: { id: string; usedAtStartBytes: number }[]; snapshots: { vm: string; job: string | null; takenAt: number; depth: number }[] }
    const MiB = 2 ** 20
    for (const d of estate.datastores) {
      const got = summary.datastores.find((x) => x.id === d.name)!
      // to the MiB: a delta's size is rounded up to the 4 KiB VMFS grain
      expect(Math.abs(got.usedAtStartBytes - d.inUseMiB * MiB), d.name).toBeLessThan(MiB)
    }
    // The existing snapshots are there from the start, taken their age before it.
    const found = estate.vms.filter((v) => !v.template).flatMap((v) => v.snapshots.map((s) => [v.name, -s.ageDays * 86400]))
    const before = summary.snapshots.filter((s) => s.takenAt <= 0).map((s) => [s.vm.replace(/@.*$/, ''), s.takenAt])
    expect(new Set(before.map(String))).toEqual(new Set(found.map(String)))
    expect(summary.snapshots.filter((s) => s.takenAt <= 0).every((s) => s.job === null)).toBe(true)
  })
})
