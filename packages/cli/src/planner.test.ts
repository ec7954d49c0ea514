// The planner's command-line tools against hand-worked values: sweeps of any metric.

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from './program.ts'

const dir = mkdtempSync(join(tmpdir(), 'snapsim-planner-'))

async function snapsim(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) })
  return { code, out, err }
}

function file(name: string, body: string): string {
  const f = join(dir, name)
  writeFileSync(f, body)
  return f
}

// One thick 400 GiB VM without writes: the use is 400 GiB throughout, so the least free space
// is the capacity minus 400 GiB. Its full backup reads 100 GiB at 100 MiB/s: 1024 s per run.
const still = `name: still
horizon: 3d
datastores: [{ id: ds, capacity: 500 GiB }]
vms: [{ id: a, disk: 400 GiB, used: 100 GiB }]
jobs: [{ id: j, vms: [a], schedule: "0 1 * * *", streamThroughput: 100 MiB/s }]
`

describe('sweep --metric', () => {
  it('one replication per point: the values, no intervals', async () => {
    const f = file('still.yaml', still)
    const r = await snapsim('run', f, '--set', 'datastores.ds.capacity=500 GiB,600 GiB', '--replications', '1', '--workers', '1', '--metric', 'minFreeBytes', '--json')
    expect(r.code).toBe(0)
    const s = JSON.parse(r.out)
    expect(s.points.map((p: { metric: { distribution: { mean: number } } }) => p.metric.distribution.mean)).toEqual([100 * 2 ** 30, 200 * 2 ** 30])
    const words = await snapsim('run', f, '--set', 'datastores.ds.capacity=500 GiB,600 GiB', '--replications', '1', '--workers', '1', '--metric', 'job.j.maxRunDuration')
    expect(words.out).toContain('[0] datastores.ds.capacity=500 GiB: never full, downtime 0 s, job.j.maxRunDuration 17 min 4 s, cost 0')
    expect(words.out).not.toContain('P(full)')
  })

  it('several replications: median and the 5–95 % range; an unknown metric is bad input', async () => {
    const f = file('still2.yaml', still)
    const r = await snapsim('run', f, '--set', 'datastores.ds.capacity=500 GiB,600 GiB', '--replications', '3', '--workers', '1', '--metric', 'datastore.ds.minFreeBytes')
    expect(r.code).toBe(0)
    expect(r.out).toContain('datastore.ds.minFreeBytes median 200 GiB (5–95 %: 200 GiB to 200 GiB)')
    const bad = await snapsim('run', f, '--set', 'datastores.ds.capacity=500 GiB,600 GiB', '--metric', 'minFreeByte')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('unknown metric `minFreeByte` (did you mean `minFreeBytes`?)')
  })
})

// A thin disk holding 50 GiB grows 24 GiB/d on 100 GiB: full after 50 h = 180000 s
// (scenarios/regression/linear-thin-fill.yaml), here with a horizon of one day.
const thin = `name: thin
horizon: 1d
datastores: [{ id: ds, capacity: 100 GiB }]
vms: [{ id: a, disk: 200 GiB, used: 50 GiB, provisioning: thin, dataGrowth: 24 GiB/d }]
`

describe('run --until-full', () => {
  it('simulates on past the horizon to the first fill, and reports the run to the end of that day', async () => {
    const f = file('thin.yaml', thin)
    const r = await snapsim('run', f, '--until-full', '--json')
    expect(r.code).toBe(0)
    const s = JSON.parse(r.out)
    expect(s.datastores[0].fullAt).toBeCloseTo(180000, 6)
    expect(s.horizonSeconds).toBe(3 * 86400)
    // 1 d (no fill), 2 d (none), 4 d (filled), then the reported 3 d
    expect(s.untilFull).toEqual({ horizonSeconds: 86400, limitSeconds: 5 * 365 * 86400, firstFullAt: s.datastores[0].fullAt, simulatedSeconds: 3 * 86400, runs: 4 })
    const words = await snapsim('run', f, '--until-full')
    expect(words.out).toContain('Nothing filled within the horizon (1 d); simulated on (--until-full), the first datastore filled on Wed 2026-01-07 02:00 UTC (day 3).')
  })

  it('says so when nothing fills up to the limit; a bad limit is bad input', async () => {
    const f = file('thin2.yaml', thin)
    const r = await snapsim('run', f, '--until-full', '2d', '--json')
    const s = JSON.parse(r.out)
    expect(s.datastores[0].fullAt).toBeNull()
    expect(s.untilFull).toMatchObject({ firstFullAt: null, simulatedSeconds: 2 * 86400, limitSeconds: 2 * 86400 })
    expect((await snapsim('run', f, '--until-full', '2d')).out).toContain('nor when simulated on up to the limit of 2 d (--until-full)')
    expect((await snapsim('run', f, '--until-full', 'soon')).code).toBe(2)
    expect((await snapsim('run', f, '--until-full', '-1d')).code).toBe(2)
  })
})
