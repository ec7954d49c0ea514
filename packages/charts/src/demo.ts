// A hand-made model in the spirit of the BSI G 4.78 example, for images and tests: one VMFS
// datastore, ten VMs whose data grows, a nightly full backup at 22:00 that outgrows its night,
// starts again while the last run still reads (stacked snapshots), sometimes aborts and leaves
// its snapshot behind, until the datastore fills and the VMs stop.

import { vmwareVmfs6, type Model } from '@snapsim/core'
import type { ChartContext } from './context.ts'

const GiB = 1024 ** 3
const MiB = 1024 ** 2
const HOUR = 3600
const DAY = 86400

export function demoModel(): Model {
  const days = 14
  const vms = Array.from({ length: 10 }, (_, i) => ({
    id: `vm-${String(i + 1).padStart(2, '0')}`,
    datastore: 'ds-prod',
    disk: (300 + 60 * i) * GiB,
    used: (150 + 40 * i) * GiB,
    provisioning: 'thick' as const,
    dataGrowth: (4 + i) * (GiB / DAY),
    writeRate: (0.4 + 0.15 * i) * MiB,
    footprint: 0.25,
  }))
  const disks = vms.reduce((s, v) => s + v.disk, 0)
  return {
    horizon: days * DAY,
    seed: 'charts-demo',
    datastores: [
      { id: 'ds-prod', capacity: disks + 700 * GiB, fixedUse: 150 * GiB, consolidationThroughput: 150 * MiB, platform: vmwareVmfs6 },
    ],
    vms,
    jobs: [
      {
        id: 'nightly-full',
        fires: Array.from({ length: days }, (_, d) => d * DAY + 22 * HOUR),
        vms: vms.map((v) => v.id),
        type: 'full',
        streamThroughput: 60 * MiB,
        sharedThroughput: 45 * MiB,
        concurrency: 3,
        overlap: 'start',
        failure: { ratePerHour: 0.02, orphanedShare: 0.5 },
        window: 8 * HOUR,
      },
    ],
  }
}

/** The demo's calendar: Monday 2024-03-25 00:00 in Berlin; daylight saving begins inside the run (Sunday 31 March). */
export const demoContext: ChartContext = {
  startEpochMs: Date.UTC(2024, 2, 24, 23, 0, 0),
  timezone: 'Europe/Berlin',
}
