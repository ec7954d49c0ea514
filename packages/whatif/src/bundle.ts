// The engine for the browser, bundled at report time: worker.ts with @snapsim/core, the scenario
// loader (@snapsim/scenario: yaml, zod, croner, seedrandom) and the charts' pure helpers, by
// esbuild, minified, as one script. The scenario package reads files with node:fs in functions
// the worker never calls (loadScenarioFile); those imports resolve to a module whose functions
// throw, so nothing of Node reaches the page. Built once per process.

import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const NODE_STUB = `const none = () => { throw new Error('no file system in the report') }
export const closeSync = none, fstatSync = none, openSync = none, readSync = none, statSync = none,
  mkdirSync = none, renameSync = none, writeFileSync = none, readFileSync = none, dirname = none, join = none,
  fileURLToPath = none
export default {}`

let cached: Promise<string> | undefined

/** The worker's script (minified JavaScript, an IIFE). */
export function workerBundle(): Promise<string> {
  cached ??= build({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [
      {
        name: 'no-node',
        setup(b) {
          b.onResolve({ filter: /^node:/ }, (a) => ({ path: a.path, namespace: 'no-node' }))
          b.onLoad({ filter: /.*/, namespace: 'no-node' }, () => ({ contents: NODE_STUB, loader: 'js' }))
        },
      },
    ],
  }).then((r) => r.outputFiles[0]!.text)
  return cached
}
