// The differential harness: every generated model is simulated in full detail (every
// breakpoint evaluated) and in summary detail (the fast path Monte Carlo, sweeps and shards run:
// hour ticks skipped while the use bound stays below the next level, events committed on the
// bound alone); fill times, alarms, VM states and downtime, totals and the peak must agree, and
// use stays within capacity in both. The coverage test shows the generator reaches the paths
// where the two can differ. `pnpm test:deep` (SNAPSIM_DEEP=1) runs 100,000 models.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { disagreements } from './differential.test-helpers.ts'
import { features, modelArb, runs, type Feature } from './generate.test-helpers.ts'
import { platforms } from './platform.ts'
import { simulate } from './simulate.ts'

describe('summary detail agrees with full detail', () => {
  it('on fill times, alarms, VM states, downtime, totals and the peak; use within capacity', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const full = simulate(m, { log: false })
        const grid = Array.from({ length: 25 }, (_, i) => (m.horizon * i) / 25)
        const lean = simulate(m, { log: false, detail: 'summary', grid })
        expect(disagreements(m, full, lean)).toEqual([])
      }),
      { numRuns: runs(2000), seed: 20261201 },
    )
  }, 600_000)
})

describe('the generator', () => {
  it('reaches every path the harness must cover', () => {
    const count = new Map<Feature, number>()
    for (const m of fc.sample(modelArb, { numRuns: 1000, seed: 1201 })) {
      for (const f of features(m, simulate(m))) count.set(f, (count.get(f) ?? 0) + 1)
    }
    const wanted: Feature[] = [
      'hour without a tick',
      'crossing in an hour without a tick',
      'several datastores',
      'grain',
      'full with a grain',
      'platform varied',
      'full',
      'resume',
      'resume delayed',
      'crash',
      'orphan',
      'snapshot hunter',
      'hunter takes an orphan',
      'guard refuses',
      'guard aborts',
      'overlap start',
      'overlap skip',
      'overlap queue',
      'overlap cancel',
      'thin growth',
      'thin fills',
      'day factors',
      'per-run caps',
      'chain limit',
      'stacked',
      'incremental',
      'write burst',
      'shared by two jobs at once',
      'waits for a shared slot',
      'relative data growth crosses a level',
      'growing write rate in a delta',
      'relative growth fills',
      ...Object.keys(platforms).map((p) => `platform ${p}` as Feature),
    ]
    const missing = wanted.filter((f) => (count.get(f) ?? 0) < 5).map((f) => `${f}: ${count.get(f) ?? 0}`)
    expect(missing).toEqual([])
  }, 120_000)
})
