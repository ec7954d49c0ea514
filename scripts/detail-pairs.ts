// Simulates every scenario under a folder (default scenarios/), replications 0..R-1 as
// `snapsim run --replications` draws them, once in full and once in summary detail, and prints
// each (scenario, replication) pair whose results disagree (disagreements() of
// @snapsim/core/testing: fill times, alarms, VM states, totals, peak, use within capacity).
//
//   pnpm tsx scripts/detail-pairs.ts [FOLDER] [--replications R]   (default: scenarios/, R = 9)

import { readdirSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { simulate } from '../packages/core/src/index.ts'
import { disagreements } from '../packages/core/src/differential.test-helpers.ts'
import { loadReplication } from '../packages/cli/src/replication.ts'

const { values, positionals } = parseArgs({ allowPositionals: true, options: { replications: { type: 'string', default: '9' } } })
const root = positionals[0] ?? 'scenarios'
const replications = Number(values.replications)
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml'))
  .sort()
let pairs = 0
let disagree = 0
for (const file of files) {
  for (let r = 0; r < replications; r++) {
    const model = loadReplication(path.join(root, file), undefined, r).model
    const full = simulate(model, { log: false })
    const lean = simulate(model, { log: false, detail: 'summary', grid: [] })
    const d = disagreements(model, full, lean)
    pairs++
    if (d.length > 0) {
      disagree++
      console.log(`${file} r${r}: ${d.slice(0, 3).join('; ').slice(0, 400)}`)
    }
  }
}
console.log(`${disagree} of ${pairs} (scenario, replication) pairs disagree`)
