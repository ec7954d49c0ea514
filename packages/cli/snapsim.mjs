#!/usr/bin/env node
// The `snapsim` command: runs the esbuild bundle in dist/ (bundle.mjs builds it on `pnpm
// install`), which starts in a fraction of the time tsx needs to compile the TypeScript. The
// bundle is checked against its inputs first (the source files, the lockfile, bundle.mjs): if
// it is missing or any input is newer, it is rebuilt before it runs, so it never runs stale.
// SNAPSIM_SOURCE=1 runs the TypeScript source through tsx instead.

import { buildBundle, bundleIsFresh } from './bundle.mjs'

if (process.env.SNAPSIM_SOURCE === '1') {
  ;(await import('tsx/esm/api')).register()
  await import('./src/bin.ts')
} else {
  if (!bundleIsFresh()) await buildBundle()
  await import('./dist/snapsim.mjs')
}
