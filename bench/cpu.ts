// CPU time (user + system) rather than wall time, for a shared, loaded machine where wall time
// mostly measures the wait for a core: `tsx bench/cpu.ts fleet` (1,000 VMs x 365 d, summary
// detail, best of 3) or `tsx bench/cpu.ts replications` (the growth scenario in-process: 50
// warm-up replications, then the best of two batches of 150). Prints one line. To compare two
// checkouts, run this same file in each (docs/performance.md, "The engine split").

import { simulate } from '../packages/core/src/index.ts'
import { runReplication } from '../packages/cli/src/replication.ts'
import { fleet } from './fleet.ts'

const cpu = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}
const what = process.argv[2] ?? 'fleet'
if (what === 'fleet') {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < 3; i++) {
    const m = fleet(1000, 365)
    const c0 = cpu()
    simulate(m, { log: false, detail: 'summary' })
    best = Math.min(best, cpu() - c0)
  }
  console.log(`fleet1000x365 cpu ${best.toFixed(3)} s`)
} else {
  const f = new URL('../scenarios/bsi-g478/02-growth.yaml', import.meta.url).pathname
  for (let r = 0; r < 50; r++) runReplication(f, undefined, r)
  let best = Number.POSITIVE_INFINITY
  for (let b = 0; b < 2; b++) {
    const c0 = cpu()
    for (let r = 0; r < 150; r++) runReplication(f, undefined, 1000 + b * 150 + r)
    best = Math.min(best, cpu() - c0)
  }
  console.log(`replications ${(150 / best).toFixed(1)} per cpu-s`)
}
