// The shared schemas are built once, on first use, and say what is wrong with a file read back.
// (Every shipped scenario's outputs round-trip through them in cli/src/readback.test.ts.)

import { describe, expect, it } from 'vitest'
import { outputSchemas } from './index.ts'

const manifest = {
  snapsim: '0.1.0',
  run: '0b8e4c1e-6f2a-4c39-9d0e-2f5b7a1c3d4e',
  command: 'run',
  files: [{ name: 'summary.json', bytes: 51_234, sha256: 'a'.repeat(64) }],
}

describe('@snapsim/results', () => {
  it('builds the schemas once and hands out the same ones after', () => {
    const first = outputSchemas()
    expect(outputSchemas()).toBe(first)
    expect(outputSchemas().manifestSchema).toBe(first.manifestSchema)
  })

  it('accepts a manifest as outdir.ts writes it and refuses a damaged one at its field', () => {
    const { manifestSchema } = outputSchemas()
    expect(manifestSchema.safeParse(manifest).success).toBe(true)
    const issue = (m: unknown) => {
      const r = manifestSchema.safeParse(m)
      return r.success ? null : { path: r.error.issues[0]!.path.join('.'), message: r.error.issues[0]!.message }
    }
    expect(issue({ ...manifest, files: [{ ...manifest.files[0], sha256: 'xyz' }] })).toEqual({ path: 'files.0.sha256', message: 'expected a sha256 in hex' })
    expect(issue({ ...manifest, files: [{ ...manifest.files[0], name: '../report.html' }] })).toEqual({ path: 'files.0.name', message: 'expected a plain file name' })
    expect(issue({ ...manifest, files: [{ ...manifest.files[0], bytes: 1.5 }] })?.path).toBe('files.0.bytes')
    expect(issue({ ...manifest, extra: 1 })?.message).toMatch(/extra/)
  })
})
