// The planner's command-line tools against hand-worked values: sweeps of any metric.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tamper } from './test/tamper.ts'
import { scratchDir, snapsim, writeIn } from './snapsim.test-helpers.ts'

const dir = scratchDir('snapsim-planner-')

const file = (name: string, body: string): string => writeIn(dir, name, body)

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

// VM a (thick 500 GiB, 400 GiB used) is backed up at 00:00 at 50 MiB/s: 8192 s, while it writes
// 100 MiB/s over R = 500 GiB, so its delta reaches S = 500 GiB (1 - exp(-800/500)) at the end of
// the read; VM b (thick 500 GiB) holds its disk. The peak use is 1000 GiB + S, and nothing in the
// scenario depends on the capacity: the smallest capacity without a stop is that peak (generic
// platform: VMs stop at 0 bytes free).
const backup = `name: backup
horizon: 1d
datastores: [{ id: ds, capacity: 1050 GiB, consolidationThroughput: 100 MiB/s }]
vms:
  - { id: a, disk: 500 GiB, used: 400 GiB, writeRate: 100 MiB/s }
  - { id: b, disk: 500 GiB, used: 400 GiB }
jobs: [{ id: j, vms: [a], schedule: "0 0 * * *", streamThroughput: 50 MiB/s }]
`

describe('run --free-space', () => {
  const GiB = 2 ** 30
  it('finds the peak use of an unconstrained run as the smallest capacity, by bisection', async () => {
    const f = file('backup.yaml', backup)
    const r = await snapsim('run', f, '--free-space', '--json')
    expect(r.code).toBe(0)
    const k = JSON.parse(r.out).datastores[0].freeSpaceToKeep
    const peak = 1000 * GiB + 500 * GiB * (1 - Math.exp(-800 / 500))
    expect(k.capacityBytes).toBeGreaterThanOrEqual(peak)
    expect(k.capacityBytes - k.precisionBytes).toBeLessThanOrEqual(peak)
    expect(k.precisionBytes).toBeLessThanOrEqual(k.capacityBytes * 1e-4)
    expect(k.freeAtStartBytes).toBe(k.capacityBytes - 1000 * GiB)
    expect(k.monotone).toBe(true)
    const words = await snapsim('run', f, '--free-space')
    expect(words.out).toMatch(/Free space to keep on ds: 399 GiB at the start — the smallest capacity on which no VM on it stops is 1\.37 TiB/)
    expect(words.out).toContain('more than its 1.03 TiB')
  })

  it('nothing growing: no free space needed beyond the disks', async () => {
    const f = file('still3.yaml', still)
    const k = JSON.parse((await snapsim('run', f, '--free-space', '--json')).out).datastores[0].freeSpaceToKeep
    expect(k.capacityBytes).toBeGreaterThanOrEqual(400 * GiB)
    expect(k.capacityBytes).toBeLessThanOrEqual(400 * GiB + Math.max(2 ** 20, k.capacityBytes * 1e-4))
    expect((await snapsim('run', f, '--free-space', '--replications', '2')).code).toBe(2)
  })
})

describe('compare', () => {
  const GiB = 2 ** 30
  it('two --set variants of one file: figures side by side, differences from the first, by hand', async () => {
    const f = file('still4.yaml', still)
    const r = await snapsim('compare', f, '--set', 'datastores.ds.capacity=500 GiB,600 GiB', '--json')
    expect(r.code).toBe(0)
    const c = JSON.parse(r.out)
    expect(c.seed).toBe('1')
    expect(c.runs.map((x: { label: string }) => x.label)).toEqual(['A', 'B'])
    const row = (m: string) => c.rows.find((x: { metric: string }) => x.metric === m)
    expect(row('datastore.ds.minFreeBytes')).toMatchObject({ values: [100 * GiB, 200 * GiB], differences: [0, 100 * GiB] })
    expect(row('datastore.ds.peakUsedFraction').values).toEqual([0.8, 400 / 600])
    expect(row('job.j.maxRunDuration')).toMatchObject({ values: [1024, 1024], differences: [0, 0] })
    const words = await snapsim('compare', f, '--set', 'datastores.ds.capacity=500 GiB,600 GiB')
    expect(words.out).toMatch(/datastore ds: least free space +100 GiB +200 GiB \(\+100 GiB\)/)
    expect(words.out).toMatch(/datastore ds: peak use +80\.0 % +66\.7 % \(-13\.3 points\)/)
    expect((await snapsim('compare', f)).code).toBe(2)
  })

  it('a saved run folder compares like its file; a tampered one is bad input naming the field', async () => {
    const f = file('still5.yaml', still)
    const out = join(dir, 'saved')
    expect((await snapsim('run', f, '--out', out)).code).toBe(0)
    const c = JSON.parse((await snapsim('compare', out, f, '--json')).out)
    for (const row of c.rows) expect(row.differences[1] === null || row.differences[1] === 0).toBe(true)
    // edited with the manifest rewritten to match (otherwise the manifest refuses it first)
    tamper(out, 'summary.json', (t) => {
      const summary = JSON.parse(t)
      summary.datastores[0].minFreeBytes = 'lots'
      return JSON.stringify(summary)
    })
    const bad = await snapsim('compare', out, f)
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('summary.json: datastores[0].minFreeBytes: expected a finite number')
  })

  it('compare.html: one page, no script, every value escaped', async () => {
    const f = file('a<b>.yaml', still.replace('name: still', 'name: "<script>alert(1)</script>"'))
    const out = join(dir, 'cmp')
    expect((await snapsim('compare', f, '--set', 'datastores.ds.capacity=500 GiB,600 GiB', '--out', out)).code).toBe(0)
    const html = readFileSync(join(out, 'compare.html'), 'utf8')
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain("default-src 'none'")
    expect(html).toContain('a&#60;b&#62;.yaml')
    expect(html.match(/<svg/g)).toHaveLength(1)
  })
})
