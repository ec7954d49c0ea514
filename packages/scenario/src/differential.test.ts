// The differential harness one layer up: generated scenario documents — with the keys that the
// scenario layer resolves before the core sees a model (`scale:`, a datastore's `provisioning:
// thin`, weekly profiles by `weekday:`/`weekend:`, a local backup window `20:00-06:00` in a time
// zone with daylight saving, `vms[].snapshots` present at the start, cron schedules) — are resolved
// and simulated in full and in summary detail, which must agree as in
// packages/core/src/differential.test.ts (disagreements() of @snapsim/core/testing). The core's
// generator reaches the resolved forms of these keys; this one reaches the keys themselves.

import fc from 'fast-check'
import { simulate } from '@snapsim/core'
import { disagreements } from '@snapsim/core/testing'
import { describe, expect, it } from 'vitest'
import { parseScenario } from './load.ts'

const deep = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.SNAPSIM_DEEP === '1'

const day = fc.array(fc.constantFrom(0, 0.2, 1, 1.8, 4), { minLength: 24, maxLength: 24 })

const scenarioArb = fc.record({
  /** Start days: every weekday, and three that reach a change of daylight saving (US, EU, EU). */
  start: fc.constantFrom('2026-01-05', '2026-01-07', '2026-01-09', '2026-01-10', '2026-01-11', '2026-03-06', '2026-03-27', '2026-10-24'),
  timezone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York'),
  /** At least 3 days: a weekday schedule fires at least once from any start. */
  days: fc.integer({ min: 3, max: 4 }),
  datastores: fc.array(
    fc.record({
      headroomGiB: fc.constantFrom(0.5, 5, 50, 500),
      otherGiB: fc.integer({ min: 0, max: 50 }),
      thin: fc.boolean(),
      platform: fc.constantFrom('generic', 'vmware-vmfs6', 'hyperv-2016', 'qemu-kvm'),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  weekly: fc.option(fc.record({ weekday: day, weekend: day }), { nil: undefined }),
  vms: fc.array(
    fc.record({
      ds: fc.nat(1),
      diskGiB: fc.integer({ min: 20, max: 400 }),
      usedShare: fc.constantFrom(0.2, 0.5, 0.9),
      writeMiB: fc.integer({ min: 0, max: 30 }),
      growthGiB: fc.constantFrom(0, 5, 50),
      profiled: fc.boolean(),
      snapshot: fc.option(fc.record({ shareOfDisk: fc.constantFrom(0.01, 0.1), ageH: fc.constantFrom(2, 100) }), { nil: undefined, freq: 3 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  jobs: fc.array(
    fc.record({
      schedule: fc.constantFrom('0 22 * * *', '0 */6 * * *', '0 22 * * 1-5', '30 1 * * *', '0 * * * *'),
      incremental: fc.boolean(),
      streamMiB: fc.integer({ min: 10, max: 200 }),
      window: fc.option(fc.constantFrom('20:00-06:00', '22:00-23:00', '3h'), { nil: undefined }),
      overlap: fc.constantFrom('start', 'skip', 'queue', 'cancel'),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  scale: fc.option(fc.record({ writeRate: fc.constantFrom(0.5, 1.3, 3), used: fc.constantFrom(0.8, 1.1), dataGrowth: fc.constantFrom(0, 2) }), { nil: undefined }),
  maxSnapshotAge: fc.option(fc.constantFrom('6h', '2d'), { nil: undefined }),
})

type Draw = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never

const GiB = 2 ** 30

/** The scenario document (JSON is YAML) of a draw; capacities leave the drawn headroom at the start. */
function scenarioText(g: Draw): string {
  const dsCount = g.datastores.length
  const usedScale = g.scale?.used ?? 1
  const vms = g.vms.map((v, i) => ({
    id: `vm${i}`,
    datastore: `ds${v.ds % dsCount}`,
    disk: `${v.diskGiB} GiB`,
    used: `${v.diskGiB * v.usedShare} GiB`,
    writeRate: `${v.writeMiB} MiB/s`,
    dataGrowth: `${v.growthGiB} GiB/d`,
    footprint: '50%',
    ...(v.profiled && g.weekly ? { dailyProfile: 'week' } : {}),
    ...(v.snapshot ? { snapshots: [{ size: `${v.diskGiB * v.snapshot.shareOfDisk} GiB`, age: `${v.snapshot.ageH}h` }] } : {}),
  }))
  const datastores = g.datastores.map((d, k) => {
    const mine = g.vms.filter((v) => v.ds % dsCount === k)
    // at the start: thin disks hold `used` (scaled, at most the disk), thick ones the disk
    const disks = mine.reduce((s, v) => s + (d.thin ? Math.min(v.diskGiB, v.diskGiB * v.usedShare * usedScale) : v.diskGiB) + (v.snapshot ? v.diskGiB * v.snapshot.shareOfDisk : 0), 0)
    return {
      id: `ds${k}`,
      capacity: `${d.otherGiB + disks + d.headroomGiB} GiB`,
      otherData: `${d.otherGiB} GiB`,
      platform: d.platform,
      ...(d.thin ? { provisioning: 'thin' } : {}),
    }
  })
  const doc = {
    name: 'generated',
    start: `${g.start}T00:00`,
    timezone: g.timezone,
    horizon: `${g.days}d`,
    seed: 1,
    datastores,
    ...(g.weekly ? { profiles: { week: { weekday: g.weekly.weekday, weekend: g.weekly.weekend } } } : {}),
    vms,
    jobs: g.jobs.map((j, i) => ({
      id: `job${i}`,
      vms: ['*'],
      schedule: j.schedule,
      type: j.incremental ? 'incremental' : 'full',
      streamThroughput: `${j.streamMiB} MiB/s`,
      overlap: j.overlap,
      ...(j.window ? { window: j.window } : {}),
    })),
    ...(g.scale ? { scale: g.scale } : {}),
    ...(g.maxSnapshotAge ? { policies: { maxSnapshotAge: g.maxSnapshotAge } } : {}),
  }
  return JSON.stringify(doc)
}

describe('generated scenarios: summary detail agrees with full detail', () => {
  it('with scale, thin datastores, weekly profiles, local windows and snapshots at the start', () => {
    const reached = new Map<string, number>()
    const note = (f: string) => reached.set(f, (reached.get(f) ?? 0) + 1)
    const failures: string[] = []
    for (const g of fc.sample(scenarioArb, { numRuns: deep ? 10_000 : 300, seed: 20261202 })) {
      const text = scenarioText(g)
      const m = parseScenario(text, 'generated.yaml').model
      const full = simulate(m, { log: false })
      const lean = simulate(m, { log: false, detail: 'summary', grid: [0, m.horizon / 2] })
      const d = disagreements(m, full, lean)
      if (d.length > 0 && failures.length < 3) failures.push(`${text}\n${d.join('\n')}`)
      // what the resolved model shows of each key
      if (g.scale) note('scale') // (no factor drawn is 1)
      if (g.datastores.some((x) => x.thin)) note('thin datastore')
      if (m.profiles?.some((p) => p.length === 168) && m.vms.some((v) => v.profile !== undefined && v.writeRate > 0)) note('weekday and weekend profile')
      if (m.jobs.some((j) => j.windowEnds)) note('local window')
      if (full.backups.some((b) => b.missedWindow && b.start !== null)) note('missed window')
      if (m.vms.some((v) => v.snapshots)) note('snapshots at the start')
      if (full.datastores.some((x) => x.fullAt !== null)) note('full')
      if (m.hours?.starts.some((s, k) => k > 0 && s - m.hours!.starts[k - 1]! !== 3600)) note('daylight saving')
      if (full.backups.some((b) => b.overlapped)) note('overlap')
    }
    expect(failures).toEqual([])
    const wanted = ['scale', 'thin datastore', 'weekday and weekend profile', 'local window', 'missed window', 'snapshots at the start', 'full', 'overlap', 'daylight saving']
    expect(wanted.filter((f) => (reached.get(f) ?? 0) < 5).map((f) => `${f}: ${reached.get(f) ?? 0}`)).toEqual([])
  }, 600_000)
})
