#!/usr/bin/env -S npx tsx
// Entry point: `pnpm snapsim <command>`.

import { VERSION } from './version.ts'

// `snapsim run … | head`: the reader went away. Stop quietly, as other Unix tools do (no EPIPE
// stack trace); any other stream error is a real one and is reported as such.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw e
  })
}

// `snapsim --version` alone is answered before the command line and the packages behind it are
// loaded (most of the start-up time; bundle.test.ts checks it prints what commander prints).
const args = process.argv.slice(2)
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`)
} else {
  const [{ main }, { processIo }] = await Promise.all([import('./program.ts'), import('./io.ts')])
  process.exitCode = await main(args, processIo)
}
