// Writes schemas/scenario.schema.json from the zod schema: `pnpm tsx packages/scenario/src/write-schema.ts`.
// A test checks the committed file matches, so it cannot go stale.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { scenarioJsonSchema } from './schema.ts'

export const schemaPath = join(dirname(fileURLToPath(import.meta.url)), '../../../schemas/scenario.schema.json')

export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(dirname(schemaPath), { recursive: true })
  writeFileSync(`${schemaPath}.tmp`, schemaText())
  renameSync(`${schemaPath}.tmp`, schemaPath)
  console.log(`wrote ${schemaPath}`)
}
