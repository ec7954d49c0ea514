// Shared backup infrastructure (proxies and repositories used by several jobs), against values
// worked out by hand: task slots shared across jobs and across a job's overlapping runs (a VM
// waiting for a slot takes no snapshot), and throughput shared max-min fairly over all streams
// through a resource. Generic platform, no writes: a full backup reads `used` bytes.

import { describe, expect, it } from 'vitest'
import type { Model, SharedResource } from './model.ts'
import { simulate } from './simulate.ts'
import { GiB, MiB, ds, job, model, vm } from './testing.test-helpers.ts'

const INF = Number.POSITIVE_INFINITY

/** Two VMs of 100 GiB (a) and 50 GiB (b) in use, each backed up by its own job at time 0. */
function twoJobs(proxy: SharedResource | null): Model {
  return model({
    datastores: [ds('ds', 10_000 * GiB)],
    vms: [vm('a', 'ds', { used: 100 * GiB }), vm('b', 'ds', { used: 50 * GiB })],
    jobs: [
      job('ja', ['a'], [0], { streamThroughput: 1000 * MiB, ...(proxy ? { proxy: 'p' } : { sharedThroughput: 100 * MiB }) }),
      job('jb', ['b'], [0], { streamThroughput: 1000 * MiB, ...(proxy ? { proxy: 'p' } : { sharedThroughput: 100 * MiB }) }),
    ],
    ...(proxy ? { proxies: [proxy] } : {}),
  })
}

const backup = (r: ReturnType<typeof simulate>, vmId: string, run = 0) => r.backups.find((b) => b.vm === vmId && b.run === run)!
const snapshotOf = (r: ReturnType<typeof simulate>, vmId: string) => r.snapshots.filter((s) => s.vm === vmId)

describe('two jobs on one proxy', () => {
  it('one slot: the second job waits, without a snapshot, until the first one is done', () => {
    // Proxy: 1 task, 100 MiB/s. ja fires first (same instant, model order): a reads 100 GiB at
    // 100 MiB/s = 1024 s. b waits, then reads 50 GiB at 100 MiB/s: 512 s, ending at 1536 s.
    const r = simulate(twoJobs({ id: 'p', tasks: 1, throughput: 100 * MiB }))
    expect(backup(r, 'a').start).toBe(0)
    expect(backup(r, 'a').end).toBeNear(1024)
    expect(backup(r, 'b').start).toBeNear(1024)
    expect(backup(r, 'b').end).toBeNear(1536)
    // b's snapshot is taken when its slot comes, not when its job fired
    expect(snapshotOf(r, 'b')[0]!.takenAt).toBeNear(1024)
  })

  it('two slots: both read at once and share the throughput, 50 MiB/s each', () => {
    // b's 50 GiB at 50 MiB/s end at 1024 s; a has read 50 GiB by then and reads the other 50 GiB
    // alone at 100 MiB/s: 512 s more, ending at 1536 s.
    const r = simulate(twoJobs({ id: 'p', tasks: 2, throughput: 100 * MiB }))
    expect(backup(r, 'a').start).toBe(0)
    expect(backup(r, 'b').start).toBe(0)
    expect(backup(r, 'b').end).toBeNear(1024)
    expect(backup(r, 'a').end).toBeNear(1536)
  })

  it('the per-job shorthand gives each job its own pool: no sharing', () => {
    // Each job's pool of 100 MiB/s: a ends at 1024 s, b at 512 s.
    const r = simulate(twoJobs(null))
    expect(backup(r, 'a').end).toBeNear(1024)
    expect(backup(r, 'b').end).toBeNear(512)
  })
})

describe("a job's overlapping runs compete for the proxy's slots", () => {
  // Three VMs of 100 GiB; one job (concurrency 2 per run, overlap: start) fires at 0 and at
  // 600 s; streams capped at 100 MiB/s, the proxy has 2 tasks and 200 MiB/s.
  const overlapping = (proxy: boolean) =>
    simulate(
      model({
        datastores: [ds('ds', 10_000 * GiB)],
        vms: ['x', 'y', 'z'].map((id) => vm(id, 'ds', { used: 100 * GiB })),
        jobs: [job('j', ['x', 'y', 'z'], [0, 600], { streamThroughput: 100 * MiB, concurrency: 2, ...(proxy ? { proxy: 'p' } : {}) })],
        ...(proxy ? { proxies: [{ id: 'p', tasks: 2, throughput: 200 * MiB }] } : {}),
      }),
    )

  it('the second run waits for slots the first one frees; the first run goes first', () => {
    // Run 0 reads x and y at 100 MiB/s: 1024 s. Run 1 (fired at 600) finds both slots taken.
    // At 1024 the two slots free: run 0 (started first) takes one for z, run 1 the other for x;
    // both at 100 MiB/s until 2048. Then run 1 reads y and z: until 3072.
    const r = overlapping(true)
    expect(backup(r, 'x', 0).end).toBeNear(1024)
    expect(backup(r, 'y', 0).end).toBeNear(1024)
    expect(backup(r, 'z', 0).start).toBeNear(1024)
    expect(backup(r, 'z', 0).end).toBeNear(2048)
    expect(backup(r, 'x', 1).start).toBeNear(1024)
    expect(backup(r, 'x', 1).end).toBeNear(2048)
    expect(backup(r, 'y', 1).start).toBeNear(2048)
    expect(backup(r, 'z', 1).start).toBeNear(2048)
    expect(backup(r, 'z', 1).end).toBeNear(3072)
    // never more than 2 snapshots open at once (one per slot)
    const open = (t: number) => r.snapshots.filter((s) => s.takenAt <= t && (s.removalStartedAt ?? INF) > t).length
    for (const t of [0, 600, 1023, 1500, 2047, 2500]) expect(open(t)).toBeLessThanOrEqual(2)
  })

  it('without the proxy each run has its own slots: the second run starts at its fire', () => {
    const r = overlapping(false)
    expect(backup(r, 'x', 1).start).toBe(600)
    expect(backup(r, 'y', 1).start).toBe(600)
  })
})

describe('max-min fair share on a shared repository', () => {
  it('a capped stream keeps its cap, the uncapped one takes the rest', () => {
    // Repository 300 MiB/s. ja's stream is capped at 100 MiB/s, jb's is not (the repository is
    // its only limit): 100 and 200 MiB/s. a (100 GiB) ends at 1024 s; b (400 GiB) has read
    // 200 GiB by then and reads the other 200 GiB alone at 300 MiB/s: 682.67 s more.
    const r = simulate(
      model({
        datastores: [ds('ds', 10_000 * GiB)],
        vms: [vm('a', 'ds', { used: 100 * GiB }), vm('b', 'ds', { disk: 500 * GiB, used: 400 * GiB })],
        jobs: [job('ja', ['a'], [0], { streamThroughput: 100 * MiB, repository: 'r' }), job('jb', ['b'], [0], { streamThroughput: INF, repository: 'r' })],
        repositories: [{ id: 'r', throughput: 300 * MiB }],
      }),
    )
    expect(backup(r, 'a').end).toBeNear(1024)
    expect(backup(r, 'b').end).toBeNear(1024 + (200 * 1024) / 300)
  })

  it('a stream needs a slot on its proxy and on its repository; the proxy can be the bottleneck', () => {
    // ja reads through proxy p (50 MiB/s) into repository r (300 MiB/s), jb straight into r.
    // ja's stream is held at 50 by p; jb takes 250 of r. a (100 GiB): 2048 s; b (250 GiB): 1024 s.
    // r has one slot more than it needs; p's single slot is taken by ja.
    const r = simulate(
      model({
        datastores: [ds('ds', 10_000 * GiB)],
        vms: [vm('a', 'ds', { used: 100 * GiB }), vm('b', 'ds', { disk: 500 * GiB, used: 250 * GiB })],
        jobs: [job('ja', ['a'], [0], { streamThroughput: INF, proxy: 'p', repository: 'r' }), job('jb', ['b'], [0], { streamThroughput: INF, repository: 'r' })],
        proxies: [{ id: 'p', tasks: 1, throughput: 50 * MiB }],
        repositories: [{ id: 'r', tasks: 3, throughput: 300 * MiB }],
      }),
    )
    expect(backup(r, 'b').end).toBeNear(1024)
    // after b: a alone, still held at 50 MiB/s by p
    expect(backup(r, 'a').end).toBeNear(2048)
  })

  it('slots on the repository hold back a job that has proxy slots to spare', () => {
    // Repository with 1 task: jb (fired at 10 s) waits until ja's 100 GiB at 100 MiB/s are done.
    const r = simulate(
      model({
        datastores: [ds('ds', 10_000 * GiB)],
        vms: [vm('a', 'ds', { used: 100 * GiB }), vm('b', 'ds', { used: 50 * GiB })],
        jobs: [job('ja', ['a'], [0], { proxy: 'p', repository: 'r' }), job('jb', ['b'], [10], { proxy: 'p', repository: 'r' })],
        proxies: [{ id: 'p', tasks: 4 }],
        repositories: [{ id: 'r', tasks: 1 }],
      }),
    )
    expect(backup(r, 'b').start).toBeNear(1024)
    expect(backup(r, 'b').end).toBeNear(1536)
  })
})
