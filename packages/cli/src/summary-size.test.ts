// summary.json stays a summary at any fleet size: per-job lists are capped (counts kept), and the
// backlog at each fire is counted from sorted times — checked against the plain count.

import fc from 'fast-check'
import { simulate } from '@snapsim/core'
import { parseScenario } from '@snapsim/scenario'
import { describe, expect, it } from 'vitest'
import { MISSED_DATES, MISSED_VMS, backlogAtFires, backlogAtFiresSorted, jobFigures } from './job-figures.ts'
import { summarize, summaryFile } from './summary.ts'

const runs = process.env.SNAPSIM_DEEP ? 20_000 : 1_000

describe('backlog at each fire from sorted times', () => {
  // times on a coarse grid so that fires, fire times and ends coincide often (the edge cases:
  // a task ending exactly at a fire, a task fired and ended at once at a fire)
  const time = fc.integer({ min: 0, max: 30 })
  const task = fc.tuple(time, fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 })), { freq: 4 })).map(([firedAt, d]) => ({ firedAt, end: d === null ? null : firedAt + d }))
  const input = fc.record({ fires: fc.array(time, { maxLength: 20 }).map((f) => [...f].sort((a, b) => a - b)), tasks: fc.array(task, { maxLength: 60 }) })

  it('equals the plain count (fires × tasks) on generated inputs, ties included', () => {
    let endsAtFire = 0
    let firedAndEndedAtFire = 0
    fc.assert(
      fc.property(input, ({ fires, tasks }) => {
        const fireSet = new Set(fires)
        for (const b of tasks) {
          if (b.end !== null && fireSet.has(b.end) && b.firedAt < b.end) endsAtFire++
          if (b.end !== null && b.end === b.firedAt && fireSet.has(b.end)) firedAndEndedAtFire++
        }
        expect(backlogAtFiresSorted(fires, tasks)).toEqual(backlogAtFires(fires, tasks))
      }),
      { seed: 17, numRuns: runs },
    )
    // the generated inputs reach both edge cases many times
    expect(endsAtFire).toBeGreaterThan(100)
    expect(firedAndEndedAtFire).toBeGreaterThan(100)
  })

  it('worked example: one ending at the fire is not counted, one still reading is', () => {
    const tasks = [
      { firedAt: 0, end: 15 },
      { firedAt: 0, end: 10 },
      { firedAt: 10, end: null },
      { firedAt: 10, end: 10 },
    ]
    expect(backlogAtFiresSorted([0, 10, 20], tasks)).toEqual([0, 1, 1])
  })
})

describe('per-job lists capped', () => {
  it('lists the first dates and VMs that missed the window, and counts them all', () => {
    const day = 86400
    const dates = MISSED_DATES + 5
    const vms = MISSED_VMS + 7
    const tasks = Array.from({ length: dates * vms }, (_, i) => {
      const d = Math.floor(i / vms)
      return { job: 'j', vm: `vm${i % vms}`, run: d, firedAt: d * day, start: d * day, end: d * day + 100, outcome: 'success' as const, reason: null, bytesRead: 1, bytesToRead: 1, incremental: false, overlapped: false, missedWindow: true, chainDepth: 1, snapshot: null, orphaned: false }
    })
    const fires = Array.from({ length: dates }, (_, d) => d * day)
    const f = jobFigures({ id: 'j', fires, window: 50 }, tasks, (t) => `day ${t / day}`)
    expect(f.tasksMissedWindow).toBe(dates * vms)
    expect(f.missedWindowDays).toBe(dates)
    expect(f.missedWindow).toHaveLength(MISSED_DATES)
    expect(f.missedWindow[0]).toEqual({ date: 'day 0', tasks: vms, vms: Array.from({ length: MISSED_VMS }, (_, k) => `vm${k}`) })
    expect(f.missedWindow.at(-1)!.date).toBe(`day ${MISSED_DATES - 1}`)
  })
})

/** One datastore, one nightly job over `vms` VMs (10 GiB each at 10 MiB/s, one at a time) whose run never fits its 1-minute window. */
function fleetText(vms: number, days: number): string {
  const ids = Array.from({ length: vms }, (_, i) => `vm${i}`)
  return `name: size
horizon: ${days}d
datastores:
  - { id: ds, capacity: ${vms * 200} GiB }
vms:
${ids.map((id) => `  - { id: ${id}, disk: 20 GiB, used: 10 GiB, writeRate: 100 KiB/s }`).join('\n')}
jobs:
  - { id: nightly, vms: [${ids.join(', ')}], schedule: "0 22 * * *", streamThroughput: 10 MiB/s, concurrency: 1, window: 1min }
`
}

describe('summary.json size', () => {
  const size = (vms: number, days: number) => {
    const scenario = parseScenario(fleetText(vms, days), 'size.yaml')
    const summary = summarize(scenario, simulate(scenario.model))
    return { bytes: JSON.stringify(summaryFile(summary, false), null, 2).length, summary }
  }

  it('does not grow with the VMs, tasks or days of a job (ten times as many VMs and days: same size within a few hundred bytes)', () => {
    const small = size(20, 10)
    const large = size(200, 100)
    // the large run's job missed its window with 200 VMs on 100 days: 20,000 tasks
    expect(large.summary.jobs[0]!.tasksMissedWindow).toBeGreaterThan(10_000)
    expect(large.summary.jobs[0]!.backlogMax).toBeGreaterThan(0)
    expect(large.bytes - small.bytes).toBeLessThan(400)
    expect(large.bytes).toBeLessThan(8_000)
  })
})
