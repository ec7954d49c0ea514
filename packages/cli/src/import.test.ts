import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { main } from './program.ts'

const dir = mkdtempSync(join(tmpdir(), 'snapsim-import-cli-'))
const SAMPLE = fileURLToPath(new URL('../../import/fixtures/rvtools-kubev2v-example1', import.meta.url))

async function snapsim(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) })
  return { code, out, err }
}

describe('snapsim import rvtools', () => {
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
