// One what-if move in the bundled engine, in node: the worker script the report embeds
// (@snapsim/whatif's esbuild bundle), run through its messages as the browser's worker runs it
// (in this process's global scope, as a worker's own: a node:vm context would slow every global
// lookup such as Math through its interceptors). A move is a capacity change (alternating between two values,
// so nothing is answered from a previous move): load the scenario text with the flags, simulate,
// figures, thinned series. The reference, measured in the same process: `simulate` of the same
// what-if model by the source engine alone (what `snapsim run` spends simulating). Prints JSON.
//
//   node --import tsx bench/whatif.ts FILE MOVES

import { readFileSync } from 'node:fs'
import { simulate } from '../packages/core/src/index.ts'
import { DEFAULT_LIMITS, prepareScenario, resolvePrepared } from '../packages/scenario/src/index.ts'
import { controlsFor, loadWith, settingsFor, whatIf, workerBundle, type WhatIfSetup } from '../packages/whatif/src/index.ts'

const [file, movesText] = process.argv.slice(2)
const moves = Number(movesText ?? 20)
const text = readFileSync(file!, 'utf8')
const prepared = prepareScenario(text, file!, undefined, DEFAULT_LIMITS)
const model = resolvePrepared(prepared).model
const setup: WhatIfSetup = { source: { file: file!, text, base: [], limits: DEFAULT_LIMITS }, controls: controlsFor(prepared.raw, model), buckets: 900 }
const ds = model.datastores[0]!
const c = setup.controls.find((x) => x.key === `capacity:${ds.id}`)!
if (c.type !== 'slider') throw new Error('no capacity slider')
const values = [c.base + 4 * c.step, c.base + 8 * c.step].map((v) => ({ [c.key]: Math.round((v - c.min) / c.step) * c.step + c.min }))

const code = await workerBundle()
let last: { type: string; ms?: number; message?: string } | null = null
const scope = globalThis as unknown as Record<string, unknown>
scope.postMessage = (m: typeof last) => (last = m)
new Function(code)()
const send = (data: unknown) => {
  ;(scope.onmessage as (e: { data: unknown }) => void)({ data })
  if (last?.type === 'error') throw new Error(last.message)
  return last!
}
send({ type: 'init', setup })

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const moveMs: number[] = []
const refMs: number[] = []
const sourceMs: number[] = []
const models = values.map((v) => loadWith(setup.source, settingsFor(setup, model, v)).model)
for (let i = 0; i < moves + 4; i++) {
  const k = i % 2
  let t0 = performance.now()
  send({ type: 'run', seq: i + 1, values: values[k] })
  const move = performance.now() - t0
  t0 = performance.now()
  simulate(models[k]!)
  const ref = performance.now() - t0
  t0 = performance.now()
  whatIf(setup, model, values[k]!)
  const source = performance.now() - t0
  if (i >= 4) {
    moveMs.push(move)
    refMs.push(ref)
    sourceMs.push(source)
  }
}
const m = median(moveMs)
const r = median(refMs)
console.log(JSON.stringify({ file, vms: model.vms.length, days: model.horizon / 86400, moves, moveMs: m, simulateMs: r, sourceMoveMs: median(sourceMs), ratio: m / r, bundleBytes: code.length, seconds: m / 1000 }))
