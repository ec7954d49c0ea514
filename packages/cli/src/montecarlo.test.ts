import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN as bin, scratchDir, snapsim, writeIn } from './snapsim.test-helpers.ts'

const dir = scratchDir('snapsim-mc-')

// Closed form: one full backup at t = 0 reads 360 GiB at 100 MiB/s for T = 3686.4 s. Failures
// come at 0.5 per hour of transfer: P(fail) = 1 - exp(-0.5 * 3686.4 / 3600) = 0.40068; half of
// them orphan the snapshot. An orphaned delta (10 MiB/s on R = 1 TiB) fills the 76 GiB of
// headroom within hours; a backup that ends or fails without an orphan is merged and nothing
// fills (its delta reaches 35 GiB at most). So P(full) = 0.5 * 0.40068 = 0.20034.
const P_TRUE = 0.5 * (1 - Math.exp((-0.5 * 3686.4) / 3600))
const closedForm = `name: orphan fills with known probability
horizon: 10d
platform: generic
datastores: [{ id: ds, capacity: 1100 GiB }]
vms: [{ id: a, datastore: ds, disk: 1 TiB, used: 360 GiB, writeRate: 10 MiB/s }]
jobs:
  - { id: j, vms: [a], schedule: "0 0 5 1 *", streamThroughput: 100 MiB/s, failure: { ratePerHour: 0.5, orphaned: 50% } }
`

// Uncertain inputs and failures, for comparing workers and shards.
const uncertain = `name: uncertain
horizon: 20d
platform: vmware-vmfs6
datastores: [{ id: ds, capacity: 2 TiB, otherData: { uniform: [50 GiB, 150 GiB] } }]
profiles: { office: [0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.6, 1.2, 1.8, 1.8, 1.8, 1.6, 1.4, 1.8, 1.8, 1.8, 1.6, 1.2, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2] }
vms:
  - { id: v, count: 4, datastore: ds, disk: 400 GiB, used: { triangular: [100 GiB, 200 GiB, 300 GiB] }, writeRate: { lognormal: { mean: 4 MiB/s, cv: 0.5 }, per: day }, dailyProfile: office, footprint: 30% }
jobs:
  - { id: nightly, vms: ["v-*"], schedule: "0 20 * * *", streamThroughput: { uniform: [20 MiB/s, 60 MiB/s], per: run }, sharedThroughput: 80 MiB/s, failure: { ratePerHour: 0.05, orphaned: 50% } }
`

const file = (name: string, text: string): string => writeIn(dir, name, text)

describe('Monte Carlo replications', () => {
  it('estimate a fill probability known in closed form: the Wilson interval covers it', async () => {
    const r = await snapsim('run', file('closed.yaml', closedForm), '--replications', '400', '--workers', '1', '--json')
    expect(r.code).toBe(0)
    const risk = JSON.parse(r.out)
    const p = risk.datastores[0].pFull
    expect(p.trials).toBe(400)
    expect(p.low).toBeLessThanOrEqual(P_TRUE)
    expect(p.high).toBeGreaterThanOrEqual(P_TRUE)
    expect(Math.abs(p.estimate - P_TRUE)).toBeLessThan(3 * Math.sqrt((P_TRUE * (1 - P_TRUE)) / 400))
    // the worst replication filled, and replaying it as a single run fills too
    const worst = risk.worst.replication
    const replay = JSON.parse((await snapsim('run', join(dir, 'closed.yaml'), '--replication', String(worst), '--json')).out)
    expect(replay.totals.firstFullAt).toBe(risk.worst.firstFullAt)
  }, 60_000)

  it('give byte-identical aggregates with 1 and 2 worker threads', () => {
    const f = file('uncertain.yaml', uncertain)
    // worker threads run TypeScript through tsx, so run the command as a user would
    const run = (workers: string) => execFileSync(process.execPath, ['--import', 'tsx', bin, 'run', f, '--replications', '12', '--workers', workers, '--json'], { encoding: 'utf8', env: { ...process.env, CI: '1' } })
    const one = run('1')
    const two = run('2')
    expect(two).toBe(one)
    const risk = JSON.parse(one)
    expect(risk.replications).toBe(12)
    expect(risk.datastores[0].fan).toHaveLength(201)
  }, 120_000)

  it('give the same output from 3 shards merged as from one run', async () => {
    const f = file('uncertain.yaml', uncertain)
    const whole = join(dir, 'whole')
    expect((await snapsim('run', f, '--replications', '9', '--workers', '1', '--out', whole)).code).toBe(0)
    const shards = ['1/3', '2/3', '3/3'].map((s, i) => {
      const out = join(dir, `shard${i + 1}`)
      return { s, out }
    })
    for (const { s, out } of shards) expect((await snapsim('run', f, '--replications', '9', '--workers', '1', '--shard', s, '--out', out)).code).toBe(0)
    const merged = join(dir, 'merged')
    expect((await snapsim('merge', ...shards.map((x) => x.out), '--out', merged)).code).toBe(0)
    for (const name of ['risk.json', 'replications.jsonl', 'replications.csv', 'summary.json']) {
      expect(readFileSync(join(merged, name), 'utf8')).toBe(readFileSync(join(whole, name), 'utf8'))
    }
    // a shard of another run is refused
    const other = join(dir, 'other')
    await snapsim('run', f, '--replications', '9', '--workers', '1', '--seed', '7', '--shard', '1/3', '--out', other)
    const bad = await snapsim('merge', shards[1]!.out, other)
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('a shard of a different run')
  }, 120_000)

  it('stop cleanly on Ctrl-C and write what finished', async () => {
    const f = file('uncertain.yaml', uncertain)
    const out = join(dir, 'interrupted')
    const child = spawn(process.execPath, ['--import', 'tsx', bin, 'run', f, '--replications', '2000', '--workers', '1', '--out', out], { env: { ...process.env, CI: '1' } })
    let err = ''
    // Signal once the first progress line (at a tenth) is out: the Ctrl-C handler is installed
    // before the first replication runs, and 1,800 replications are still to go.
    child.stderr.on('data', (d: Buffer) => {
      const first = !/replications \d+\/2000/.test(err)
      err += d.toString()
      if (first && /replications \d+\/2000/.test(err)) child.kill('SIGINT')
    })
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)))
    expect(err).toMatch(/interrupted: \d+ of 2000 replications finished; writing those/)
    expect(code).toBe(0)
    const risk = JSON.parse(readFileSync(join(out, 'risk.json'), 'utf8'))
    expect(risk.replications).toBeGreaterThanOrEqual(200)
    expect(risk.replications).toBeLessThan(2000)
    expect(readFileSync(join(out, 'replications.jsonl'), 'utf8').trim().split('\n')).toHaveLength(risk.replications)
  }, 120_000)

  it('reject bad Monte Carlo options with exit 2', async () => {
    const f = file('closed.yaml', closedForm)
    expect((await snapsim('run', f, '--replications', '0')).code).toBe(2)
    expect((await snapsim('run', f, '--replications', '3', '--shard', '4/3')).code).toBe(2)
    expect((await snapsim('run', f, '--shard', '1/3')).code).toBe(2)
  })
})
