// Closed forms worked out by hand, on the generic platform (no rounding, no overhead, stop at 0
// free, resume at once), to 0.1 % (toBeNear). The expected numbers are derived in the comments.

import { describe, expect, it } from 'vitest'
import { simulate } from './simulate.ts'
import { lvmThin } from './platform.ts'
import { DAY, GiB, HOUR, MiB, TiB, ds, job, model, profile, vm } from './testing.test-helpers.ts'

describe('delta growth to full', () => {
  it('linear: a thin disk growing 1 GiB/h fills the free 10 GiB in 10 h', () => {
    // capacity 100 GiB, fixed 40, thin disk holds used = 50 GiB: free 10 GiB at 1 GiB/h.
    const r = simulate(
      model({
        datastores: [ds('ds', 100 * GiB, { fixedUse: 40 * GiB })],
        vms: [vm('a', 'ds', { disk: 80 * GiB, used: 50 * GiB, provisioning: 'thin', dataGrowth: GiB / HOUR })],
      }),
    )
    expect(r.datastores[0]!.fullAt).toBeNear(10 * HOUR)
    expect(r.vms[0]!.firstStopAt).toBe(r.datastores[0]!.fullAt)
    expect(r.vms[0]!.finalState).toBe('paused')
    expect(r.vms[0]!.downtime).toBeNear(10 * DAY - 10 * HOUR)
  })

  it('nearly linear: footprint 100 % on a large disk, W << R', () => {
    // Snapshot at 1 h; 10 MiB/s; R = 10 TiB; free for the delta 20 GiB.
    // S(W) = R(1 - e^{-W/R}) = 20 GiB  =>  W = -R ln(1 - 20 GiB / 10 TiB); t = 1 h + W / 10 MiB.
    const R = 10 * TiB
    const W = -R * Math.log(1 - (20 * GiB) / R)
    const r = simulate(
      model({
        datastores: [ds('ds', 10 * TiB + 20 * GiB)],
        vms: [vm('a', 'ds', { disk: 10 * TiB, used: 1 * GiB, writeRate: 10 * MiB })],
        jobs: [job('j', ['a'], [HOUR], { streamThroughput: 1 })], // reads for ~34 years: never ends
      }),
    )
    const expected = HOUR + W / (10 * MiB)
    expect(r.datastores[0]!.fullAt).toBeNear(expected)
    // and it is close to linear: 20 GiB / 10 MiB/s = 2048 s after the snapshot
    expect(Math.abs(r.datastores[0]!.fullAt! - HOUR - 2048) / 2048).toBeLessThan(0.002)
  })

  it('saturating: a 10 % footprint fills only if the region exceeds the free space', () => {
    // disk 1 TiB, footprint 10 % => R = 102.4 GiB. Free for deltas: 100 GiB (reached), then 110 GiB (never).
    const R = 0.1 * TiB
    const fill = (free: number) =>
      simulate(
        model({
          datastores: [ds('ds', TiB + free)],
          vms: [vm('a', 'ds', { disk: TiB, used: GiB, writeRate: 50 * MiB, footprint: 0.1 })],
          jobs: [job('j', ['a'], [0], { streamThroughput: 1 })],
        }),
      )
    const W = -R * Math.log(1 - (100 * GiB) / R)
    expect(fill(100 * GiB).datastores[0]!.fullAt).toBeNear(W / (50 * MiB))
    const never = fill(110 * GiB)
    expect(never.datastores[0]!.fullAt).toBeNull()
    // the delta saturates at R: the largest snapshot size is R to 0.1 %
    expect(never.snapshots[0]!.maxBytes).toBeNear(R)
  })
})

describe('fair-shared throughput', () => {
  const sizes = [100, 200, 300, 400].map((g) => g * GiB)
  const fleet = () => sizes.map((s, i) => vm(`v${i}`, 'ds', { disk: s, used: s }))
  const ends = (concurrency: number | undefined, pool: number) => {
    const r = simulate(
      model({
        datastores: [ds('ds', 100 * TiB)],
        vms: fleet(),
        jobs: [job('j', ['v0', 'v1', 'v2', 'v3'], [0], { streamThroughput: 150 * MiB, sharedThroughput: pool * MiB, ...(concurrency ? { concurrency } : {}) })],
      }),
    )
    return r.backups.map((b) => b.end!)
  }

  it('without a concurrency limit: max-min shares recomputed at every end', () => {
    // pool 400 MiB/s over 4 streams: 100 each (cap 150). v0 ends at 102400/100 = 1024 s.
    // 3 streams: 133.33 each; v1 has 100 GiB left: +768 s => 1792 s.
    // 2 streams: min(150, 200) = 150; v2 has 100 GiB left: +682.67 s => 2474.67 s.
    // 1 stream: 150; v3 has 100 GiB left: +682.67 s => 3157.33 s.
    const e = ends(undefined, 400)
    ;[1024, 1792, 2474.667, 3157.333].forEach((x, i) => expect(e[i]).toBeNear(x))
  })

  it('with concurrency 2: waiting VMs start as slots free', () => {
    // pool 200: two streams at 100. v0 ends 1024; v2 starts; v1 (100 left) ends 2048; v3 starts;
    // v2 (200 left) ends 4096; v3 alone at the cap 150 with 200 GiB left: +1365.33 => 5461.33 s.
    const e = ends(2, 200)
    ;[1024, 2048, 4096, 5461.333].forEach((x, i) => expect(e[i]).toBeNear(x))
  })

  it('waiting VMs have no snapshot until their slot frees', () => {
    const r = simulate(
      model({
        datastores: [ds('ds', 100 * TiB)],
        vms: fleet(),
        jobs: [job('j', ['v0', 'v1', 'v2', 'v3'], [0], { streamThroughput: 150 * MiB, sharedThroughput: 200 * MiB, concurrency: 2 })],
      }),
    )
    expect(r.snapshots.map((s) => s.takenAt)).toEqual([0, 0, 1024, 2048])
  })
})

describe('incremental backups', () => {
  it('read the distinct data changed since the last successful backup', () => {
    // first run (t = 0) is a full: 50 GiB. A day later the VM has written W = 10 MiB/s * 86400 s
    // = 843.75 GiB on R = 20 % of 1000 GiB = 200 GiB: changed = 200 GiB * (1 - e^{-4.21875}).
    const r = simulate(
      model({
        datastores: [ds('ds', 100 * TiB)],
        vms: [vm('a', 'ds', { disk: 1000 * GiB, used: 50 * GiB, writeRate: 10 * MiB, footprint: 0.2 })],
        jobs: [job('j', ['a'], [0, DAY], { type: 'incremental', streamThroughput: 1000 * MiB })],
      }),
    )
    const [first, second] = r.backups
    expect(first!.incremental).toBe(false)
    expect(first!.bytesRead).toBe(50 * GiB)
    expect(second!.incremental).toBe(true)
    expect(second!.bytesRead).toBeNear(200 * GiB * (1 - Math.exp(-843.75 / 200)))
  })
})

describe('snapshot removal', () => {
  it('merges at the consolidation throughput and frees the space when the merge ends', () => {
    // backup of 100 GiB at 100 MiB/s: 1024 s. Delta: W = 20 MiB/s * 1024 s = 20 GiB on R = 1 TiB:
    // S = 1 TiB (1 - e^{-20/1024}). Merge at 50 MiB/s takes S / 50 MiB.
    const S = TiB * -Math.expm1(-20 / 1024)
    const r = simulate(
      model({
        datastores: [ds('ds', 100 * TiB, { consolidationThroughput: 50 * MiB })],
        vms: [vm('a', 'ds', { disk: TiB, used: 100 * GiB, writeRate: 20 * MiB })],
        jobs: [job('j', ['a'], [0])],
      }),
    )
    const snap = r.snapshots[0]!
    expect(snap.removalStartedAt).toBe(1024)
    expect(snap.maxBytes).toBeNear(S)
    expect(snap.removedAt! - 1024).toBeNear(S / (50 * MiB))
    // use: base 1 TiB until 0, then grows, stays at 1 TiB + S during the merge, drops at its end
    const d = r.datastores[0]!
    expect(d.peakUsed).toBeNear(TiB + S)
    const last = d.series.used[d.series.used.length - 1]!
    expect(last).toBe(TiB)
  })
})

describe('overlap policies', () => {
  // a 2 TiB full backup at 20 MiB/s takes 104857.6 s (29.1 h); the job fires every 24 h.
  const run = (overlap: 'start' | 'skip' | 'queue' | 'cancel') =>
    simulate(
      model({
        horizon: 2 * DAY,
        datastores: [ds('ds', 100 * TiB)],
        vms: [vm('a', 'ds', { disk: 4 * TiB, used: 2 * TiB, writeRate: 1 * MiB })],
        jobs: [job('j', ['a'], [0, DAY], { streamThroughput: 20 * MiB, overlap })],
      }),
    )

  it('start stacks a second delta on the first; the first is frozen', () => {
    const r = run('start')
    expect(r.snapshots).toHaveLength(2)
    expect(r.snapshots[1]!.depth).toBe(2)
    expect(r.backups[1]!.overlapped).toBe(true)
    expect(r.backups[1]!.chainDepth).toBe(2)
    // the first delta froze at the second snapshot: W = 1 MiB/s * 86400 s, nearly linear on R = 4 TiB
    const R = 4 * TiB
    expect(r.snapshots[0]!.maxBytes).toBeNear(R * -Math.expm1(-(86400 * MiB) / R))
    // both streams share nothing (no pool): each at 20 MiB/s
    expect(r.backups[0]!.end).toBeCloseTo(104857.6, 3)
  })

  it('skip takes no second snapshot', () => {
    const r = run('skip')
    expect(r.snapshots).toHaveLength(1)
    expect(r.backups[1]!.outcome).toBe('skipped')
    expect(r.backups[1]!.overlapped).toBe(true)
    expect(Math.max(...r.snapshots.map((s) => s.depth))).toBe(1)
  })

  it('queue starts the second run when the first ends', () => {
    const r = run('queue')
    expect(r.backups[1]!.start).toBeCloseTo(104857.6, 3)
    expect(r.backups[1]!.firedAt).toBe(DAY)
  })

  it('cancel aborts the first run and removes its snapshot', () => {
    const r = run('cancel')
    expect(r.backups[0]!.outcome).toBe('cancelled')
    expect(r.backups[0]!.end).toBe(DAY)
    expect(r.backups[0]!.bytesRead).toBeCloseTo(86400 * 20 * MiB, -3)
    expect(r.snapshots[0]!.removalStartedAt).toBe(DAY)
    expect(r.backups[1]!.start).toBe(DAY)
  })

  it('jobs that fire at the same instant fire in the order of the jobs', () => {
    // Job "a" fires at 1 h and 2 h, job "b" at 0 and 2 h, both on one VM; each 50 GiB backup
    // at 100 MiB/s takes 512 s, so every run is over before the next fire. At 2 h, "a" (the
    // first job) takes its snapshot first (depth 1) and "b" stacks on it (depth 2) — though
    // "b"'s fire at 2 h was scheduled at 0, before "a"'s (scheduled at 1 h). The naive
    // reference (reference.test.ts) found the engine doing it the other way round.
    const r = simulate(
      model({
        horizon: 3 * HOUR,
        datastores: [ds('ds', 10 * TiB)],
        vms: [vm('v', 'ds', { writeRate: 1 * MiB })],
        jobs: [job('a', ['v'], [HOUR, 2 * HOUR]), job('b', ['v'], [0, 2 * HOUR])],
      }),
    )
    const at2h = r.backups.filter((b) => b.firedAt === 2 * HOUR)
    expect(at2h.map((b) => [b.job, b.chainDepth])).toEqual([
      ['a', 1],
      ['b', 2],
    ])
  })
})

describe('out of space', () => {
  // ds 1 TiB + free F; A (thick 1 TiB-ish) gets a snapshot at 0 and writes 100 MiB/s on R = 500 GiB;
  // B (thick, no snapshot) shares the datastore and must keep running.
  const R = 500 * GiB
  const free = 50 * GiB
  const scenario = (platform = profile({})) =>
    model({
      horizon: DAY,
      datastores: [ds('ds', 1000 * GiB + free, { platform, consolidationThroughput: 100 * MiB })],
      vms: [
        vm('a', 'ds', { disk: 500 * GiB, used: 400 * GiB, writeRate: 100 * MiB }),
        vm('b', 'ds', { disk: 500 * GiB, used: 400 * GiB, writeRate: 100 * MiB }),
      ],
      // reading 400 GiB at 50 MiB/s takes 8192 s
      jobs: [job('j', ['a'], [0], { streamThroughput: 50 * MiB })],
    })

  it('pauses only the VMs that must allocate, and resumes them when they no longer must', () => {
    const r = simulate(scenario())
    const W = -R * Math.log(1 - free / R)
    const fullAt = W / (100 * MiB) // 539.4 s
    expect(r.datastores[0]!.fullAt).toBeNear(fullAt)
    const [a, b] = r.vms
    expect(a!.firstStopAt).toBeNear(fullAt)
    expect(b!.firstStopAt).toBeNull()
    expect(b!.downtime).toBe(0)
    // A's delta stops growing at 50 GiB; the backup ends at 8192 s and the merge of A's only
    // delta begins: A's writes go to its thick base disk, so it runs again then (the merge,
    // 50 GiB / 100 MiB/s = 512 s, frees the space later)
    const resumeAt = 8192
    expect(a!.states.map((s) => s.state)).toEqual(['running', 'paused', 'running'])
    expect(a!.states[1]!.to).toBeNear(resumeAt)
    expect(a!.downtime).toBeNear(resumeAt - fullAt)
    expect(r.snapshots[0]!.maxBytes).toBeNear(free)
  })

  it('lvm-thin queues I/O for 60 s, then errors, then the guest crashes and stays down', () => {
    const r = simulate(scenario(profile({ ...lvmThin, grain: 0, crashAfter: 120 })))
    const a = r.vms[0]!
    const fullAt = r.datastores[0]!.fullAt!
    expect(a.states.map((s) => s.state)).toEqual(['running', 'paused', 'paused', 'crashed'])
    expect(a.states[2]!.from).toBeCloseTo(fullAt + 60, 6)
    expect(a.states[3]!.from).toBeCloseTo(fullAt + 60 + 120, 6)
    expect(a.finalState).toBe('crashed')
    expect(a.downtime).toBeNear(DAY - fullAt)
  })

  it('a resume delay keeps the VM stopped after space is back (Hyper-V 2016: resumed by hand)', () => {
    const r = simulate(scenario(profile({ resumeDelay: 1800 })))
    const a = r.vms[0]!
    expect(a.states[1]!.to).toBeNear(8192 + 1800)
  })
})

describe('alarms and policies', () => {
  it('alarm crossings are solved, not polled: 75 % of 100 GiB on a linear thin disk', () => {
    // used 50 GiB + 1 GiB/h: 75 GiB at 25 h, 85 GiB at 35 h, full at 50 h.
    const r = simulate(
      model({
        horizon: 3 * DAY,
        datastores: [ds('ds', 100 * GiB)],
        vms: [vm('a', 'ds', { disk: 200 * GiB, used: 50 * GiB, provisioning: 'thin', dataGrowth: GiB / HOUR })],
      }),
    )
    const d = r.datastores[0]!
    expect(d.alarms.map((a) => a.name)).toEqual(['warning', 'alert'])
    expect(d.alarms[0]!.at).toBeNear(25 * HOUR)
    expect(d.alarms[1]!.at).toBeNear(35 * HOUR)
    expect(d.fullAt).toBeNear(50 * HOUR)
  })

  it('the snapshot hunter removes a snapshot at its maximum age, aborting its backup', () => {
    const r = simulate(
      model({
        datastores: [ds('ds', 100 * TiB)],
        vms: [vm('a', 'ds', { disk: TiB, used: 900 * GiB, writeRate: MiB })],
        jobs: [job('j', ['a'], [0], { streamThroughput: MiB })],
        policies: { maxSnapshotAge: 72 * HOUR },
      }),
    )
    expect(r.backups[0]!.outcome).toBe('cancelled')
    expect(r.backups[0]!.end).toBe(72 * HOUR)
    expect(r.snapshots[0]!.removalStartedAt).toBe(72 * HOUR)
  })

  it('the space guard refuses a snapshot when free space is below its level', () => {
    const r = simulate(
      model({
        datastores: [ds('ds', 100 * GiB, { fixedUse: 95 * GiB, guard: { minFreeBytes: 10 * GiB, abortRunning: false } })],
        vms: [vm('a', 'ds', { disk: 4 * GiB, used: GiB, writeRate: MiB })],
        jobs: [job('j', ['a'], [0])],
      }),
    )
    expect(r.backups[0]!.outcome).toBe('skipped')
    expect(r.snapshots).toHaveLength(0)
  })

  it('a failure that orphans its snapshot leaves the delta growing until the datastore fills', () => {
    // hazard 1000/h: the transfer aborts within seconds; orphaned share 1 => the snapshot stays.
    const r = simulate(
      model({
        datastores: [ds('ds', 1100 * GiB)],
        vms: [vm('a', 'ds', { disk: TiB, used: 900 * GiB, writeRate: 10 * MiB })],
        jobs: [job('j', ['a'], [0], { failure: { ratePerHour: 1000, orphanedShare: 1 } })],
      }),
    )
    expect(r.backups[0]!.outcome).toBe('failed')
    expect(r.backups[0]!.orphaned).toBe(true)
    expect(r.snapshots[0]!.orphaned).toBe(true)
    expect(r.snapshots[0]!.removedAt).toBeNull()
    // free 76 GiB on R = 1 TiB at 10 MiB/s
    const R = TiB
    expect(r.datastores[0]!.fullAt).toBeNear((-R * Math.log(1 - (76 * GiB) / R)) / (10 * MiB))
  })

  it('the chain limit makes a further snapshot fail', () => {
    const r = simulate(
      model({
        datastores: [ds('ds', 100 * TiB, { platform: profile({ maxChain: 2 }) })],
        vms: [vm('a', 'ds', { disk: TiB, used: 900 * GiB })],
        jobs: [job('j', ['a'], [0, 10, 20], { streamThroughput: MiB })],
      }),
    )
    expect(r.backups.map((b) => b.outcome)).toEqual(['unfinished', 'unfinished', 'snapshot-failed'])
  })
})

describe('daily profiles', () => {
  it('rates follow the hour grid: writes only in hour 1 (multiplier 2) fill at the predicted time', () => {
    // profile: 0 except hour 1 (x2). Thin? no: delta on a snapshot at 0, write 10 MiB/s x 2 in [1 h, 2 h).
    // Free 20 GiB with R = 100 TiB (linear to 0.01 %): 20 GiB / 20 MiB/s = 1024 s after 1 h.
    const p = Array.from({ length: 24 }, (_, h) => (h === 1 ? 2 : 0))
    const r = simulate(
      model({
        datastores: [ds('ds', 100 * TiB + 20 * GiB)],
        vms: [vm('a', 'ds', { disk: 100 * TiB, used: GiB, writeRate: 10 * MiB, profile: 0 })],
        profiles: [p],
        jobs: [job('j', ['a'], [0], { streamThroughput: 1 })],
      }),
    )
    expect(r.datastores[0]!.fullAt).toBeNear(HOUR + 1024)
  })
})

describe('values drawn per run and per day', () => {
  it('runs with different per-stream caps share the pool max-min fairly', () => {
    // run 0 (cap 50 MiB/s) alone from 0 to 10 s; then run 1 (cap 200) joins: water-filling over
    // the pool of 200 gives run 0 min(50, 100) = 50 and run 1 the remaining 150. Run 1 reads
    // 100 GiB in 682.67 s (ends 692.67 s); run 0 stays at its cap: 102400 MiB / 50 = 2048 s.
    const r = simulate(
      model({
        datastores: [ds('ds', 100 * TiB)],
        vms: [vm('a', 'ds', { disk: 200 * GiB, used: 100 * GiB })],
        jobs: [job('j', ['a'], [0, 10], { streamThroughput: 1, streamThroughputPerRun: [50 * MiB, 200 * MiB], sharedThroughput: 200 * MiB })],
      }),
    )
    expect(r.backups[0]!.end).toBeNear(2048)
    expect(r.backups[1]!.end).toBeNear(10 + 102400 / 150)
  })

  it('day factors scale the write rate from each local midnight', () => {
    // 1 MiB/s on day 0, 3 MiB/s on day 1; the delta on R = 100 TiB fills F = 200 GiB when
    // W* = -R ln(1 - F/R): t = 86400 + (W* - 86400 MiB) / 3 MiB/s.
    const R = 100 * TiB
    const F = 200 * GiB
    const W = -R * Math.log(1 - F / R)
    const r = simulate(
      model({
        datastores: [ds('ds', R + F)],
        vms: [vm('a', 'ds', { disk: R, used: GiB, writeRate: MiB, dayFactors: [1, 3] })],
        jobs: [job('j', ['a'], [0], { streamThroughput: 1 })],
      }),
    )
    expect(r.datastores[0]!.fullAt).toBeNear(DAY + (W - DAY * MiB) / (3 * MiB))
  })
})

describe('platform levels and the space guard', () => {
  // One VM: a 1 TiB thick disk on 1 TiB + 76 GiB; a snapshot at 0, then 10 MiB/s on R = 1 TiB
  // (nearly linear). The backup reads at 1 byte/s: it never ends by itself.
  const R = TiB
  const tFor = (delta: number) => (-R * Math.log(1 - delta / R)) / (10 * MiB)
  const base = (extra: Partial<Parameters<typeof ds>[2]> = {}) =>
    model({
      datastores: [ds('ds', TiB + 76 * GiB, extra)],
      vms: [vm('a', 'ds', { disk: TiB, used: 500 * GiB, writeRate: 10 * MiB })],
      jobs: [job('j', ['a'], [0], { streamThroughput: 1 })],
    })

  it('stopBelowFree: VMs stop when free space falls to it (Hyper-V 2012 R2 style), not at 0', () => {
    const r = simulate(base({ platform: profile({ stopBelowFree: 10 * GiB }) }))
    expect(r.datastores[0]!.fullAt).toBeNear(tFor(66 * GiB))
  })

  it('an allocation unit stops the VM when the next unit no longer fits', () => {
    // 1 GiB units and 76 GiB free: the 76th unit is allocated when S passes 75 GiB and fills
    // the datastore exactly; writes into it still fit. The VM stops when S passes 76 GiB and
    // the 77th unit does not fit.
    const r = simulate(base({ platform: profile({ grain: GiB }) }))
    expect(r.datastores[0]!.fullAt).toBeNear(tFor(76 * GiB))
    expect(r.datastores[0]!.peakUsed).toBeLessThanOrEqual(TiB + 76 * GiB)
  })

  it('the space guard with abortRunning cancels running backups when free space falls below it', () => {
    const r = simulate(base({ guard: { minFreeBytes: 50 * GiB, abortRunning: true } }))
    const at = tFor(26 * GiB)
    expect(r.backups[0]!.outcome).toBe('cancelled')
    expect(r.backups[0]!.end).toBeNear(at)
    expect(r.snapshots[0]!.removalStartedAt).toBeNear(at)
    expect(r.datastores[0]!.fullAt).toBeNull()
  })
})

describe('taking a snapshot needs room', () => {
  // A 99 GiB thick disk (no writes) on 100 GiB: 1 GiB free. The backup fires at 0.
  const one = (platform: Parameters<typeof profile>[0], free = GiB) =>
    simulate(
      model({
        datastores: [ds('ds', 99 * GiB + free, { platform: profile(platform) })],
        vms: [vm('a', 'ds', { disk: 99 * GiB, used: 10 * GiB })],
        jobs: [job('j', ['a'], [0])],
      }),
    )

  it('fails when free space is below the new delta’s metadata plus one grain', () => {
    // 1 GiB free, metadata 2 GiB: no snapshot, the use stays at 99 GiB.
    const r = one({ deltaOverhead: 2 * GiB })
    expect(r.backups[0]!.outcome).toBe('snapshot-failed')
    expect(r.backups[0]!.reason).toContain('free space below')
    expect(r.snapshots).toHaveLength(0)
    expect(r.datastores[0]!.peakUsed).toBe(99 * GiB)
    // metadata 512 MiB + one 512 MiB grain = exactly the 1 GiB free: it fits (10 GiB read at
    // 100 MiB/s: success at 102.4 s); a byte less free and it does not.
    const fits = one({ deltaOverhead: 512 * MiB, grain: 512 * MiB })
    expect(fits.backups[0]!.outcome).toBe('success')
    expect(fits.backups[0]!.end).toBeNear(102.4)
    expect(fits.datastores[0]!.peakUsed).toBe(99 * GiB + 512 * MiB)
    expect(one({ deltaOverhead: 512 * MiB, grain: 512 * MiB }, GiB - 1).backups[0]!.outcome).toBe('snapshot-failed')
  })

  it('a profile may ask for more room (snapshotFree), never less than the metadata', () => {
    expect(one({ snapshotFree: 2 * GiB }).backups[0]!.outcome).toBe('snapshot-failed')
    expect(one({ snapshotFree: 2 * GiB }, 2 * GiB).backups[0]!.outcome).toBe('success')
    expect(() => one({ deltaOverhead: GiB, snapshotFree: 0 })).toThrow(/snapshotFree/)
  })

  it('fails on a datastore that is stopping VMs; a VM without a delta keeps running', () => {
    // A thin disk grows 1 GiB/h into 10 GiB free: full at 10 h and stopped from then on. The
    // thick VM's backup fires at 12 h: no snapshot, so it never has to allocate.
    const r = simulate(
      model({
        datastores: [ds('ds', 100 * GiB, { fixedUse: 40 * GiB - 10 * GiB })],
        vms: [vm('t', 'ds', { disk: 80 * GiB, used: 50 * GiB, provisioning: 'thin', dataGrowth: GiB / HOUR }), vm('k', 'ds', { disk: 10 * GiB, used: 5 * GiB, writeRate: MiB })],
        jobs: [job('j', ['k'], [12 * HOUR])],
      }),
    )
    expect(r.datastores[0]!.fullAt).toBeNear(10 * HOUR)
    expect(r.backups[0]!.outcome).toBe('snapshot-failed')
    expect(r.backups[0]!.reason).toContain('full')
    expect(r.vms[1]!.downtime).toBe(0)
    expect(r.vms[0]!.downtime).toBeCloseTo(10 * DAY - 10 * HOUR, 3)
  })
})

describe('the snapshot hunter and orphans', () => {
  it('removes an orphaned snapshot at its maximum age: merged from then on, freed when the merge ends', () => {
    // A transfer fault within seconds (1000/h) orphans the snapshot taken at 0 (share 1). The
    // orphan keeps taking the VM's 10 MiB/s on R = 1 TiB: at the hunter's deadline, 6 h, it
    // holds S = R (1 - exp(-W/R)) with W = 10 MiB/s x 21,600 s = 210.9375 GiB, S = 193.1 GiB.
    // Its merge runs at the consolidation throughput, 100 MiB/s: S / 100 MiB/s = 1977.8 s.
    const R = TiB
    const W = 10 * MiB * 6 * HOUR
    const S = R * -Math.expm1(-W / R)
    const r = simulate(
      model({
        datastores: [ds('ds', 2 * TiB)],
        vms: [vm('a', 'ds', { disk: TiB, used: 100 * GiB, writeRate: 10 * MiB })],
        jobs: [job('j', ['a'], [0], { failure: { ratePerHour: 1000, orphanedShare: 1 } })],
        policies: { maxSnapshotAge: 6 * HOUR },
      }),
    )
    expect(r.backups[0]!.outcome).toBe('failed')
    expect(r.backups[0]!.end!).toBeLessThan(60)
    const snap = r.snapshots[0]!
    expect(snap.orphaned).toBe(true)
    expect(snap.removalStartedAt).toBe(6 * HOUR)
    expect(snap.maxBytes).toBeNear(S)
    expect(snap.removedAt).toBeNear(6 * HOUR + S / (100 * MiB))
    const merge = r.log.find((e) => e.type === 'snapshot-merge-start')!
    expect(merge.type === 'snapshot-merge-start' && merge.reason).toMatch(/snapshot hunter/)
    // the use: 1 TiB thick disk + the delta, back to 1 TiB after the merge
    const d = r.datastores[0]!
    expect(d.peakUsed).toBeNear(TiB + S)
    expect(d.series.used.at(-1)).toBe(TiB)
  })

  it('takes a VM’s orphans in order of age, one check pending per VM', () => {
    // Two orphans: snapshots at 0 and 2 h, each backup failing within seconds (1000/h, share 1).
    // maxSnapshotAge 3 h. The check pending for the VM is at the oldest orphan's deadline, 3 h:
    // the first goes (frozen at 2 h with 2 h of the VM's 1 MiB/s); the next check is then set at
    // the second's deadline, 5 h: it goes too, with the 3 h of writes since 2 h. Each merge runs
    // at 100 MiB/s; R = 1 TiB.
    const r = simulate(
      model({
        datastores: [ds('ds', 2 * TiB)],
        vms: [vm('a', 'ds', { disk: TiB, used: 100 * GiB, writeRate: MiB })],
        jobs: [job('j', ['a'], [0, 2 * HOUR], { failure: { ratePerHour: 1000, orphanedShare: 1 } })],
        policies: { maxSnapshotAge: 3 * HOUR },
      }),
    )
    expect(r.snapshots.map((s) => s.orphaned)).toEqual([true, true])
    expect(r.snapshots.map((s) => s.removalStartedAt)).toEqual([3 * HOUR, 5 * HOUR])
    const R = TiB
    const S = (w: number) => R * -Math.expm1(-w / R)
    // first: frozen at 2 h with 2 h of writes
    expect(r.snapshots[0]!.maxBytes).toBeNear(S(2 * HOUR * MiB))
    expect(r.snapshots[0]!.removedAt).toBeNear(3 * HOUR + S(2 * HOUR * MiB) / (100 * MiB))
    expect(r.snapshots[1]!.maxBytes).toBeNear(S(3 * HOUR * MiB))
    expect(r.snapshots[1]!.removedAt).toBeNear(5 * HOUR + S(3 * HOUR * MiB) / (100 * MiB))
  })
})

describe('a stopped VM resumes when its pending write can be met', () => {
  // VM a: a 50 GiB thick disk writing 10 MiB/s over all of it (R = 50 GiB); its backup at 0
  // reads 10 GiB at 100 MiB/s and ends at 102.4 s. 512 MiB free: its delta fills them when
  // S(W) = 512 MiB, W = -R ln(1 - 512 MiB / R), at tFull = W / 10 MiB/s = 51.46 s, and a stops.
  // Its backup still ends at 102.4 s; the merge of its delta then begins and takes
  // 512 MiB / 1 MiB/s = 512 s.
  const R = 50 * GiB
  const tFull = (-R * Math.log(1 - (512 * MiB) / R)) / (10 * MiB)
  const fleet = (extra: { resumeDelay?: number; thin?: boolean; orphan?: boolean } = {}) =>
    simulate(
      model({
        datastores: [ds('ds', 50 * GiB + 512 * MiB + (extra.thin ? 20 * GiB : 0), { consolidationThroughput: MiB, platform: profile({ resumeDelay: extra.resumeDelay ?? 0 }) })],
        vms: [
          vm('a', 'ds', { disk: 50 * GiB, used: 10 * GiB, writeRate: 10 * MiB }),
          ...(extra.thin ? [vm('t', 'ds', { disk: 40 * GiB, used: 20 * GiB, provisioning: 'thin' as const, dataGrowth: 1 })] : []),
        ],
        jobs: [job('j', ['a', ...(extra.thin ? ['t'] : [])], [0])],
      }),
    )

  it('as soon as its active delta is merged away: at the merge’s start, not its end', () => {
    const r = fleet()
    expect(r.datastores[0]!.fullAt).toBeNear(tFull)
    // stopped at tFull, running again at 102.4 s when its only delta's merge begins (its writes
    // go to the base disk) — not at 102.4 + 512 s when the merge frees the space
    expect(r.vms[0]!.states.map((s) => s.state)).toEqual(['running', 'paused', 'running'])
    expect(r.vms[0]!.states[1]!.to).toBeNear(102.4)
    expect(r.vms[0]!.downtime).toBeNear(102.4 - tFull)
  })

  it('after the platform’s resume delay', () => {
    const r = fleet({ resumeDelay: 1800 })
    expect(r.vms[0]!.downtime).toBeNear(102.4 + 1800 - tFull)
  })

  it('a thin disk that still grows must allocate: it waits for space', () => {
    // VM t: a thin disk (20 of 40 GiB used, growing 1 B/s) backed up too, writing nothing; 20 GiB
    // more capacity keep 512 MiB free. Both stop at tFull (t has a delta). t's backup reads
    // 20 GiB at 100 MiB/s and ends at 204.8 s; its empty delta is merged at once, but its thin
    // disk still grows: it must allocate and stays stopped until space is back, when a's merge
    // ends at 102.4 + 512 s and frees 512 MiB.
    const r = fleet({ thin: true })
    const t = r.vms[1]!
    expect(t.firstStopAt).toBeCloseTo(r.datastores[0]!.fullAt!, 6)
    expect(t.states[1]!.to).toBeNear(102.4 + 512)
    expect(r.vms[0]!.states[1]!.to).toBeNear(102.4)
  })
})
