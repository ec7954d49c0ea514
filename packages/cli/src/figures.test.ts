// Planner figures against values worked out by hand: the small functions alone, then a whole
// run whose durations, window, deltas and alarm time follow in closed form.

import { simulate } from '@snapsim/core'
import { parseScenario } from '@snapsim/scenario'
import { describe, expect, it } from 'vitest'
import { peakOf, timeAbove } from './datastore-figures.ts'
import { backlogAtFires, runSpans, slope, spread, windowEnd } from './job-figures.ts'
import { snapshotAgeAlarms } from './snapshot-age.ts'
import { summarize } from './summary.ts'

const GiB = 2 ** 30
const MiB = 2 ** 20
const DAY = 86400

describe('job figures, alone', () => {
  it('spread: median and 95th percentile interpolate between ranks (R-7)', () => {
    const four = spread([4, 1, 3, 2])!
    expect([four.median, four.max]).toEqual([2.5, 4])
    expect(four.p95).toBeCloseTo(3.85, 12) // rank 3 * 0.95 = 2.85: 3 + 0.85
    // n = 20: rank (n - 1) * 0.95 = 18.05 lies between 19 and 20
    const s = spread(Array.from({ length: 20 }, (_, i) => i + 1))!
    expect(s.p95).toBeCloseTo(19.05, 12)
    expect(spread([])).toBeNull()
  })

  it('slope: least squares through exact lines and symmetric noise', () => {
    expect(slope([0, 1, 2], [10, 12, 14])).toBe(2)
    expect(slope([0, 1, 2, 3], [0, 1, 1, 0])).toBe(0)
    expect(slope([5], [1])).toBeNull()
    expect(slope([1, 1], [1, 2])).toBeNull()
  })

  it('backlog: tasks of earlier fires not ended at a fire (one ending at the fire is not)', () => {
    const tasks = [
      { firedAt: 0, end: 15 },
      { firedAt: 0, end: 10 },
      { firedAt: 10, end: null },
    ]
    expect(backlogAtFires([0, 10, 20], tasks)).toEqual([0, 1, 1])
  })

  it('window end: the window after the fire, else the next fire, else never', () => {
    expect(windowEnd({ fires: [0, 100], window: 30 }, 1)).toBe(130)
    expect(windowEnd({ fires: [0, 100] }, 0)).toBe(100)
    expect(windowEnd({ fires: [0, 100] }, 1)).toBe(Number.POSITIVE_INFINITY)
  })

  it('runSpans: a run ends with its last task; skipped fires are no run; a task at the horizon leaves it unfinished', () => {
    const t = (run: number, firedAt: number, start: number | null, end: number | null, outcome: 'success' | 'skipped' | 'unfinished') =>
      ({ job: 'j', vm: 'v', run, firedAt, start, end, outcome, reason: null, bytesRead: 0, bytesToRead: 0, incremental: false, overlapped: false, missedWindow: false, chainDepth: 0, snapshot: null, orphaned: false }) as const
    expect(runSpans([t(0, 0, 0, 5, 'success'), t(0, 0, 5, 9, 'success'), t(1, 10, null, 10, 'skipped'), t(2, 20, 21, null, 'unfinished')])).toEqual([
      { run: 0, firedAt: 0, end: 9 },
      { run: 2, firedAt: 20, end: null },
    ])
  })
})

describe('datastore figures, alone', () => {
  it('peak of the deltas: the largest point, first reached', () => {
    expect(peakOf({ t: [0, 5, 5, 9, 12], deltas: [0, 7, 3, 7, 2] })).toEqual({ bytes: 7, at: 5 })
  })

  it('time above a level: from each alarm to the first drop below it, else to the horizon', () => {
    const series = { t: [0, 10, 20, 30, 30, 40, 50], used: [50, 90, 100, 100, 60, 90, 95] }
    // alarm at 5 (between 0 and 10), drop at 30: 25 s; alarm again at 35, never drops: 100 - 35
    expect(timeAbove(series, [5], 80, 100)).toBe(25)
    expect(timeAbove(series, [5, 35], 80, 100)).toBe(25 + 65)
    expect(timeAbove(series, [], 80, 100)).toBe(0)
  })
})

// VM a: 100 GiB used, growing 1 GiB/d, writing 1 MiB/s over its whole 200 GiB disk; VM b: 50 GiB,
// no writes. One stream at 100 MiB/s: a first, then b. Run k reads (100 + k) GiB from a in
// 1024 + 10.24 k seconds and 50 GiB from b in 512 s: it lasts 1536 + 10.24 k s.
const text = `name: figures
horizon: 3d
datastores:
  - { id: ds, capacity: 1000 GiB, consolidationThroughput: 200 MiB/s, alarms: [{ name: low, level: 40.05% }] }
vms:
  - { id: a, disk: 200 GiB, used: 100 GiB, dataGrowth: 1 GiB/d, writeRate: 1 MiB/s }
  - { id: b, disk: 200 GiB, used: 50 GiB }
jobs:
  - { id: j, vms: [a, b], schedule: "0 0 * * *", streamThroughput: 100 MiB/s, concurrency: 1, window: 20min }
`

describe('figures of a whole run, in closed form', () => {
  const scenario = parseScenario(text, 'figures.yaml')
  const s = summarize(scenario, simulate(scenario.model))
  const job = s.jobs[0]!
  const d = s.datastores[0]!

  it('run durations: median, 95th percentile, max and their trend per week', () => {
    expect(job.runs).toBe(3)
    expect(job.runsUnfinished).toBe(0)
    const r = job.runDurationSeconds!
    expect(r.median).toBeCloseTo(1546.24, 6)
    expect(r.p95).toBeCloseTo(1546.24 + 0.9 * 10.24, 6)
    expect(r.max).toBeCloseTo(1556.48, 6)
    expect(job.runDurationTrendPerWeek).toBeCloseTo(10.24 * 7, 6)
  })

  it('window: 20 min; headroom 1200 - 1536 - 10.24 k s; b misses it every day, a never', () => {
    expect(job.windowSeconds).toBe(1200)
    expect(job.headroomSeconds!.min).toBeCloseTo(1200 - 1556.48, 6)
    expect(job.headroomSeconds!.median).toBeCloseTo(1200 - 1546.24, 6)
    expect(job.tasksMissedWindow).toBe(3)
    expect(job.missedWindow).toEqual([
      { date: '2026-01-05', tasks: 1, vms: ['b'] },
      { date: '2026-01-06', tasks: 1, vms: ['b'] },
      { date: '2026-01-07', tasks: 1, vms: ['b'] },
    ])
    expect(job.missedWindowDays).toBe(3)
    expect(job.backlogMax).toBe(0)
    expect(job.backlogMaxRun).toBeNull()
    expect(job.firesWithBacklog).toBe(0)
  })

  it('deltas: a\'s delta at the end of its longest read; least free space at the same time', () => {
    // S(W) = R (1 - exp(-W / R)), R = 200 GiB, W = 1 MiB/s x (1024 + 20.48) s in run 2
    const R = 200 * GiB
    const W = (1024 + 20.48) * MiB
    const S = R * (1 - Math.exp(-W / R))
    expect(d.peakDeltasBytes / S).toBeCloseTo(1, 12)
    expect(d.peakDeltasAt).toBeCloseTo(2 * DAY + 1044.48, 6)
    expect(d.minFreeBytes / (600 * GiB - S)).toBeCloseTo(1, 12)
    expect(d.minFreeAt).toBeCloseTo(2 * DAY + 1044.48, 6)
  })

  it('time above 40.05 %: from the crossing (S = 0.5 GiB) to the end of the merge, each day', () => {
    const R = 200 * GiB
    const cross = (-R * Math.log(1 - (0.5 * GiB) / R)) / MiB // seconds of writing until S = 0.5 GiB
    let expected = 0
    for (let k = 0; k < 3; k++) {
      const readEnd = 1024 + 10.24 * k
      const size = R * (1 - Math.exp(-(readEnd * MiB) / R))
      expected += readEnd + size / (200 * MiB) - cross
    }
    const low = d.timeAboveAlarms.find((x) => x.name === 'low')!
    expect(low.level).toBeCloseTo(0.4005, 12)
    expect(low.seconds).toBeCloseTo(expected, 4)
  })
})

describe('snapshot-age alarm', () => {
  it('alone: an alarm per snapshot older than the threshold, at creation + threshold; the oldest, to the horizon if still there', () => {
    const s = snapshotAgeAlarms(
      [
        { vm: 'a', takenAt: 0, removedAt: 100 },
        { vm: 'b', takenAt: 50, removedAt: null },
        { vm: 'c', takenAt: 10, removedAt: 60 },
      ],
      200,
      60,
    )
    expect(s).toEqual({ thresholdSeconds: 60, count: 2, firstAt: 60, firstVm: 'a', oldestSeconds: 150, oldestVm: 'b' })
  })

  it('in a run: a snapshot open for the read and the merge', () => {
    // a's read: 400 GiB at 50 MiB/s = 8192 s; its delta S = 500 GiB (1 - exp(-1.6)) merges at
    // 100 MiB/s: removed at 8192 + S / 100 MiB/s.
    const text = `name: age
horizon: 1d
datastores: [{ id: ds, capacity: 2000 GiB, consolidationThroughput: 100 MiB/s }]
vms: [{ id: a, disk: 500 GiB, used: 400 GiB, writeRate: 100 MiB/s }]
jobs: [{ id: j, vms: [a], schedule: "0 0 * * *", streamThroughput: 50 MiB/s }]
policies: { snapshotAgeAlarm: 3h }
`
    const sc = parseScenario(text, 'age.yaml')
    const s = summarize(sc, simulate(sc.model))
    const removed = 8192 + (500 * GiB * (1 - Math.exp(-1.6))) / (100 * MiB)
    expect(s.snapshotAgeAlarm!.count).toBe(1)
    expect(s.snapshotAgeAlarm!.firstAt).toBe(10800)
    expect(s.snapshotAgeAlarm!.oldestSeconds).toBeCloseTo(removed, 6)
  })
})

describe('a local window, across the spring daylight-saving night', () => {
  // Europe/Berlin, 2026-03-27 00:00 CET. Fires at 22:00 on the 27th, 28th (the night that loses
  // an hour) and 29th (CEST). Ends 06:00: 8 h, 7 h and 8 h after the fires. A run reads 270 GiB
  // at 10 MiB/s: 27648 s = 7.68 h — it misses only the short night, by 27648 - 25200 = 2448 s.
  const text = `name: dst window
start: 2026-03-27T00:00
timezone: Europe/Berlin
horizon: 3d
datastores: [{ id: ds, capacity: 2 TiB }]
vms: [{ id: a, disk: 500 GiB, used: 270 GiB }]
jobs: [{ id: j, vms: [a], schedule: "0 22 * * *", streamThroughput: 10 MiB/s, window: "20:00-06:00" }]
`
  const sc = parseScenario(text, 'dst.yaml')
  it('each fire ends at the next local 06:00', () => {
    expect(sc.model.jobs[0]!.fires).toEqual([79200, 165600, 248400])
    expect(sc.model.jobs[0]!.windowEnds).toEqual([108000, 190800, 277200])
  })
  it('the engine and the figures judge the short night missed', () => {
    const s = summarize(sc, simulate(sc.model))
    const job = s.jobs[0]!
    expect(s.backups.map((b) => b.missedWindow)).toEqual([false, true, false])
    expect(job.windowLocal).toBe(true)
    expect(job.headroomSeconds!.min).toBeCloseTo(25200 - 27648, 6)
    expect(job.missedWindow).toEqual([{ date: '2026-03-28', tasks: 1, vms: ['a'] }])
  })
})
