#!/usr/bin/env -S npx tsx
// Entry point: `pnpm snapsim <command>`.

import { processIo } from './io.ts'
import { main } from './program.ts'

// `snapsim run … | head`: the reader went away. Stop quietly, as other Unix tools do (no EPIPE
// stack trace); any other stream error is a real one and is reported as such.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw e
  })
}

process.exitCode = await main(process.argv.slice(2), processIo)
