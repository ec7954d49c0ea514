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

describe('whatif.json', () => {
  it('bounds the scenario text by the limit given, and hands back --set paths in a record without a prototype', () => {
    const source = { file: 'a.yaml', text: 'x'.repeat(100), set: { 'jobs.nightly.concurrency': 4 } }
    expect(outputSchemas().whatIfSourceSchema(100).safeParse(source).success).toBe(true)
    expect(outputSchemas().whatIfSourceSchema(99).safeParse(source).error?.issues[0]).toMatchObject({ path: ['text'], code: 'too_big', maximum: 99 })
    const set = outputSchemas().whatIfSourceSchema(100).parse(source).set!
    expect(Object.getPrototypeOf(set)).toBe(null)
    expect({ ...set }).toEqual({ 'jobs.nightly.concurrency': 4 })
    // zod's record would drop a `__proto__` key silently: the path refuses it, and any path with such a segment
    for (const key of ['__proto__', 'constructor', 'a.prototype', 'a.__proto__.b', 'constructor.x']) {
      const r = outputSchemas().whatIfSourceSchema(100).safeParse({ file: 'a.yaml', text: '', set: JSON.parse(`{${JSON.stringify(key)}: 1}`) })
      expect(r.error?.issues[0]).toMatchObject({ path: ['set', key], code: key === '__proto__' ? 'custom' : 'invalid_key' })
    }
    // a segment only containing such a name is a path
    expect(outputSchemas().whatIfSourceSchema(100).parse({ file: 'a.yaml', text: '', set: { 'a.prototypes': 1, 'x__proto__': 2 } }).set).toEqual(Object.assign(Object.create(null), { 'a.prototypes': 1, 'x__proto__': 2 }))
  })
})
