// Monte Carlo throughput in a fresh process: `tsx bench/replications.ts FILE WORKERS N1 N2`.
// Runs N1 and then N2 replications through the same code as `snapsim run --replications`
// (packages/cli/src/replicate.ts: a piscina pool, or in-process for one worker). The steady
// rate is (N2 - N1) / (T2 - T1) after a warm-up run of N1: the pool's start-up (each worker
// loads the engine) cancels out. Prints one JSON line.

import { replicate } from '../packages/cli/src/replicate.ts'

const [file = 'scenarios/bsi-g478/02-growth.yaml', w = '1', a = '50', b = '250'] = process.argv.slice(2)
const workers = Number(w)
const time = async (n: number): Promise<number> => {
  const t0 = performance.now()
  const out = await replicate({ file, seed: undefined, replications: Array.from({ length: n }, (_, r) => r), workers, quiet: true })
  if (out.records.length !== n) throw new Error(`expected ${n} records, got ${out.records.length}`)
  return (performance.now() - t0) / 1000
}
const n1 = Number(a)
const n2 = Number(b)
await time(n1) // warm-up: the in-process run's JIT, the file cache
const t1 = await time(n1)
const t2 = await time(n2)
console.log(JSON.stringify({ file, workers, n1, seconds1: t1, n2, seconds2: t2, steadyPerSecond: (n2 - n1) / (t2 - t1), withStartupPerSecond: n2 / t2 }))
