// A generated fleet for the benchmarks: VMs spread over datastores (~40 each), office-hours
// daily profiles, a nightly incremental and a weekly full job per datastore, 1 % failure hazard,
// realistic sizes. Deterministic: a small seeded generator (mulberry32) keeps the fleet the same
// on every machine and run.

import { platforms, type Datastore, type Job, type Model, type Vm } from '../packages/core/src/index.ts'

const GiB = 2 ** 30
const MiB = 2 ** 20
const DAY = 86400

export const OFFICE = [0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.6, 1.2, 1.8, 1.8, 1.8, 1.6, 1.4, 1.8, 1.8, 1.8, 1.6, 1.2, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2]

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function fleet(vmCount: number, days: number, seed = 42): Model {
  const rnd = mulberry32(seed)
  const between = (a: number, b: number) => a + (b - a) * rnd()
  const dsCount = Math.max(1, Math.round(vmCount / 40))
  const vms: Vm[] = []
  for (let i = 0; i < vmCount; i++) {
    const disk = Math.round(between(100, 800)) * GiB
    vms.push({
      id: `vm${i}`,
      datastore: `ds${i % dsCount}`,
      disk,
      used: disk * between(0.4, 0.8),
      provisioning: 'thick',
      dataGrowth: 0,
      writeRate: between(1, 10) * MiB,
      footprint: between(0.1, 0.5),
      profile: 0,
    })
  }
  const datastores: Datastore[] = []
  const jobs: Job[] = []
  const nightly: number[] = []
  const weekly: number[] = []
  for (let d = 0; d < days; d++) {
    nightly.push(d * DAY + 20 * 3600)
    if (d % 7 === 5) weekly.push(d * DAY + 8 * 3600)
  }
  for (let d = 0; d < dsCount; d++) {
    const mine = vms.filter((v) => v.datastore === `ds${d}`)
    const provisioned = mine.reduce((s, v) => s + v.disk, 0)
    datastores.push({ id: `ds${d}`, capacity: 1.6 * provisioned, fixedUse: 0, consolidationThroughput: 300 * MiB, platform: platforms['vmware-vmfs6']! })
    const ids = mine.map((v) => v.id)
    const common = { vms: ids, streamThroughput: 150 * MiB, sharedThroughput: 600 * MiB, concurrency: 4, failure: { ratePerHour: 0.01, orphanedShare: 0.5 } } as const
    jobs.push({ id: `nightly-${d}`, fires: nightly, type: 'incremental', overlap: 'skip', ...common })
    jobs.push({ id: `weekly-${d}`, fires: weekly, type: 'full', overlap: 'queue', ...common })
  }
  return { horizon: days * DAY, seed: String(seed), datastores, vms, jobs, profiles: [OFFICE], policies: { maxSnapshotAge: 72 * 3600 } }
}

/** Many VMs whose only events are hourly rate changes, each with an active delta all horizon. */
export function hourlyOnly(vmCount: number, days: number): Model {
  const m = fleet(vmCount, days)
  return {
    ...m,
    datastores: m.datastores.map((d) => ({ ...d, capacity: d.capacity * 10 })),
    jobs: m.datastores.map((d) => ({
      id: `snap-${d.id}`,
      fires: [0],
      vms: m.vms.filter((v) => v.datastore === d.id).map((v) => v.id),
      type: 'full' as const,
      streamThroughput: 1, // one byte per second: the snapshots stay all horizon
      overlap: 'start' as const,
    })),
    policies: {},
  }
}

/**
 * The generated fleet as the CLI's writers see a loaded scenario (name, file, zone, start):
 * one definition for every bench that writes its files or report.
 */
export function fleetScenario(vmCount: number, days: number) {
  const model = fleet(vmCount, days)
  return { name: `fleet: ${vmCount} VMs x ${days} d (bench/fleet.ts)`, file: 'bench/fleet.ts', timezone: 'Europe/Berlin', startEpochMs: Date.UTC(2026, 0, 4, 23), seed: model.seed, model }
}
