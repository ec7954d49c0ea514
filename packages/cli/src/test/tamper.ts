// Test helper: edit a file of an output folder as an attacker with write access would, and
// rewrite manifest.json to match, so that only the file's schema can catch the edit. A `.gz`
// file is edited as its uncompressed text.

import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'

export function tamper(folder: string, name: string, edit: (text: string) => string): void {
  const path = join(folder, name)
  const gz = name.endsWith('.gz')
  const before = readFileSync(path)
  const text = edit((gz ? gunzipSync(before) : before).toString('utf8'))
  const data = gz ? gzipSync(text) : Buffer.from(text, 'utf8')
  writeFileSync(path, data)
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'))
  const entry = manifest.files.find((f: { name: string }) => f.name === name)
  entry.bytes = data.length
  entry.sha256 = createHash('sha256').update(data).digest('hex')
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest))
}

/** The lines of a JSON Lines text as objects, edited, and joined back. */
export function editLines(text: string, edit: (lines: Record<string, any>[]) => void): string {
  const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>)
  edit(lines)
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`
}
