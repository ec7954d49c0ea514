// `snapsim run FILE` checks the file first (program.ts: everything the run would refuse) and then
// runs the scenario that check loaded, instead of reading, parsing and resolving the file a second
// time (start-up). Its slow twin is the same run with the scenario's own seed given as --seed,
// which makes runCommand load the file itself: both must print the same.

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

// count the loads runCommand makes (the check reads the file through its own path)
vi.mock('@snapsim/scenario', async (original) => {
  const m = await original<typeof import('@snapsim/scenario')>()
  return { ...m, loadScenarioFile: vi.fn(m.loadScenarioFile) }
})
const { loadScenarioFile } = await import('@snapsim/scenario')
const { scratchDir, snapsim } = await import('./snapsim.test-helpers.ts')

const dir = scratchDir('snapsim-run-once-')
const file = join(dir, 'drawn.yaml')
// uncertain inputs (other data, failures): the seed decides the draws
writeFileSync(
  file,
  `name: drawn
seed: 7
horizon: 4d
datastores: [{ id: ds, capacity: 1 TiB, otherData: { uniform: [10 GiB, 200 GiB] } }]
vms: [{ id: a, datastore: ds, disk: 300 GiB, used: 150 GiB, writeRate: { uniform: [1 MiB/s, 8 MiB/s] } }]
jobs: [{ id: j, vms: [a], schedule: "0 1 * * *", streamThroughput: 50 MiB/s, failure: { ratePerHour: 0.3, orphaned: 50% } }]
`,
)

describe('run loads the scenario once', () => {
  it('prints what a run that loads the file again prints (its own seed as --seed)', async () => {
    const loads = vi.mocked(loadScenarioFile)
    for (const extra of [[], ['--set', 'vms.a.used=200 GiB']]) {
      loads.mockClear()
      const once = await snapsim('run', file, '--json', ...extra)
      expect(loads).toHaveBeenCalledTimes(0) // the fast path: the checked scenario
      const twice = await snapsim('run', file, '--json', '--seed', '7', ...extra)
      expect(loads).toHaveBeenCalledTimes(1) // the twin: loaded again
      expect(once.code).toBe(0)
      expect(once.out).toBe(twice.out)
    }
    // a different seed draws differently: the comparison can tell
    expect((await snapsim('run', file, '--json', '--seed', '8')).out).not.toBe((await snapsim('run', file, '--json')).out)
  }, 120_000)
})
