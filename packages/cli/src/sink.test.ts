// The stream writer: what arrives is what the file holds (plain or gzip), whatever the sizes of
// the pieces, and the size and sha256 it reports are the file's.

import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { Sink } from './sink.ts'

const dir = mkdtempSync(join(tmpdir(), 'snapsim-sink-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function roundTrip(name: string, pieces: readonly string[], gzip: boolean) {
  const path = join(dir, name)
  const sink = new Sink(path, { gzip })
  for (const p of pieces) {
    const wait = sink.write(p)
    if (wait) await wait
  }
  const written = await sink.close()
  const file = readFileSync(path)
  expect(written).toEqual({ bytes: file.length, sha256: createHash('sha256').update(file).digest('hex') })
  return (gzip ? gunzipSync(file) : file).toString('utf8')
}

describe('Sink', () => {
  it('writes many small rows, and lines longer than its buffers, byte for byte', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i},vm${i % 97},ü€😀\n`)
    // 3 MiB of astral characters in one piece: split into pieces, never a surrogate pair
    const long = `${'😀'.repeat(800_000)}x\n`
    const text = rows.join('') + long + rows.slice(0, 10).join('')
    for (const gzip of [false, true]) expect(await roundTrip(`a-${gzip}`, [...rows, long, ...rows.slice(0, 10)], gzip)).toBe(text)
  })

  it('holds exactly the concatenation of any pieces (generated)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', minLength: 20_000, maxLength: 300_000 })), { maxLength: 12 }), fc.boolean(), async (pieces, gzip) => {
        expect(await roundTrip('g', pieces, gzip)).toBe(Buffer.from(pieces.join(''), 'utf8').toString('utf8'))
      }),
      { seed: 1202, numRuns: process.env.SNAPSIM_DEEP ? 300 : 8 },
    )
  })

  it('leaves no file when given up', async () => {
    const sink = new Sink(join(dir, 'gone.csv'), { gzip: true })
    sink.write('a\n')
    sink.abort()
    expect(readdirSync(dir).filter((n) => n.includes('gone'))).toEqual([])
  })
})
