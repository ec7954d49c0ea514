// Builds the start-up bundle: packages/cli/dist/snapsim.mjs (the command) and
// dist/replication-worker.mjs (the worker threads), with esbuild, from the TypeScript source.
// Run by the root `prepare` script on `pnpm install`, and by snapsim.mjs whenever a source file
// is newer than the bundle, so the bundle never runs stale. What it leaves out is loaded through
// tsx when needed: @snapsim/charts (vega: only a command that writes a report loads it),
// @snapsim/whatif (esbuild and the report's what-if panel, the same), and piscina, which starts its workers from its own package files.
//
// Concurrent builds (parallel test processes) are safe: each writes into its own folder and
// renames file by file into dist/ (chunks are named by content hash), inputs.json last.

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const distDir = join(here, 'dist')
/** Beside the source files, whatever changes the bundle: the lockfile (dependency versions) and this script. */
const extraInputs = [resolve(here, '../../pnpm-lock.yaml'), fileURLToPath(import.meta.url)]

/** The bundle is there and no input is newer than its inputs.json (which a build writes last). */
export function bundleIsFresh(dir = distDir) {
  try {
    const built = statSync(join(dir, 'inputs.json')).mtimeMs
    const inputs = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'))
    statSync(join(dir, 'snapsim.mjs'))
    statSync(join(dir, 'replication-worker.mjs'))
    return Array.isArray(inputs) && inputs.length > 0 && inputs.every((f) => statSync(f).mtimeMs <= built)
  } catch {
    return false
  }
}

/** Chunks of earlier builds are deleted once no build has used them for this long (a command started before a rebuild may still load one lazily). */
export const OLD_CHUNK_MS = 10 * 60 * 1000

/**
 * Deletes the `chunk-*.mjs` files in `dir` that the current build does not use (`keep`) and that
 * were put there more than OLD_CHUNK_MS before `now`: chunks are named by their content's hash,
 * so every rebuild after an edit adds new ones, and without this dist/ only grows.
 */
export function removeOldChunks(dir, keep, now = Date.now()) {
  const removed = []
  for (const n of readdirSync(dir)) {
    if (!/^chunk-[A-Z0-9]+\.mjs$/.test(n) || keep.has(n)) continue
    const path = join(dir, n)
    if (statSync(path).mtimeMs < now - OLD_CHUNK_MS) {
      rmSync(path, { force: true })
      removed.push(n)
    }
  }
  return removed
}

export async function buildBundle() {
  const { build } = await import('esbuild')
  const tmp = join(distDir, `.build-${process.pid}-${Date.now()}`)
  mkdirSync(tmp, { recursive: true })
  try {
    const result = await build({
      absWorkingDir: here,
      entryPoints: { snapsim: 'src/bin.ts', 'replication-worker': 'src/replication-worker.ts' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outdir: tmp,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunk-[hash]',
      metafile: true,
      logLevel: 'error',
      external: ['@snapsim/charts', '@snapsim/whatif', 'piscina', 'tsx', 'tsx/*'],
      define: { 'process.env.SNAPSIM_BUNDLE': '"1"' },
      // CommonJS dependencies (commander, cli-progress) call require()
      banner: { js: "import { createRequire as __snapsimRequire } from 'node:module'; const require = __snapsimRequire(import.meta.url);" },
    })
    const inputs = [...Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules')).map((f) => resolve(here, f)), ...extraInputs]
    const names = readdirSync(tmp)
    // chunks first, the entries next, inputs.json (the freshness mark) last
    const order = [...names.filter((n) => n.startsWith('chunk-')), ...names.filter((n) => !n.startsWith('chunk-'))]
    for (const n of order) renameSync(join(tmp, n), join(distDir, n))
    writeFileSync(join(tmp, 'inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`)
    renameSync(join(tmp, 'inputs.json'), join(distDir, 'inputs.json'))
    removeOldChunks(distDir, new Set(names))
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildBundle()
