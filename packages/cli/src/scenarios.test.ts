// Every shipped scenario, replications 0-7 as `snapsim montecarlo` draws them: summary detail
// (what replications, sweeps and shards run) gives the same fill times, alarms, VM states,
// totals and peak as full detail, and use stays within capacity in both. The model comes from
// @snapsim/scenario through the replication loader, so this lives in the CLI's tests (core
// imports nothing from scenario).

import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { simulate } from '@snapsim/core'
import { disagreements } from '@snapsim/core/testing'
import { loadReplication } from './replication.ts'

const root = fileURLToPath(new URL('../../../scenarios/', import.meta.url))
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml'))
  .sort()

describe('every shipped scenario: summary detail = full detail', () => {
  it('finds the scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(12)
  })
  it.each(files)('%s, replications 0-7', (file) => {
    for (let r = 0; r < 8; r++) {
      const model = loadReplication(join(root, file), undefined, r).model
      const full = simulate(model, { log: false })
      const lean = simulate(model, { log: false, detail: 'summary', grid: [] })
      expect(disagreements(model, full, lean), `replication ${r}`).toEqual([])
    }
  }, 120_000)
})
