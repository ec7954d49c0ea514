// The planner's figures the engine tracks (Result.jobs, DatastoreResult.peakDeltas and
// timeAboveAlarms) against their slow twin: the same figures derived from a full-detail run's
// task records and use series (fromRecords, fromSeries), on generated models. Summary detail
// against full detail on the same figures: core's differential harness (differential.test-helpers.ts).
// The coverage check shows the generated models (and the same cut an hour after their first
// fire, so runs are still going at the horizon) reach every case (missed windows, a backlog,
// runs unfinished at the horizon, an alarm level left again after a merge, the deltas' peak).

import { simulate, type Model } from '@snapsim/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { modelArb, runs } from '../../core/src/generate.test-helpers.ts'
import { fromSeries, timeAbove } from './datastore-figures.ts'
import { fromRecords } from './job-figures.ts'

const near = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)))

type Case = 'missed window' | 'backlog' | 'unfinished run' | 'alarm left again' | 'deltas peak'

function check(m: Model, seen?: Set<Case>): void {
  const r = simulate(m)
  m.jobs.forEach((job, k) => {
    const tracked = r.jobs![k]!
    const slow = fromRecords(job, r.backups.filter((b) => b.job === job.id), r.log)
    expect(tracked.runs.length, `${job.id} runs`).toBe(slow.runs.length)
    tracked.runs.forEach((s, i) => {
      expect([s.run, s.firedAt]).toEqual([slow.runs[i]!.run, slow.runs[i]!.firedAt])
      expect(near(s.end, slow.runs[i]!.end), `${job.id} run ${s.run}: end ${s.end} vs ${slow.runs[i]!.end}`).toBe(true)
      if (s.end === null) seen?.add('unfinished run')
    })
    expect(tracked.missedWindow).toEqual(slow.missedWindow)
    expect(tracked.backlog).toEqual(slow.backlog)
    if (tracked.missedWindow.length > 0) seen?.add('missed window')
    if (tracked.backlog.some((n) => n > 0)) seen?.add('backlog')
  })
  r.datastores.forEach((d) => {
    const slow = fromSeries(d, [], r.horizon)
    expect(near(d.peakDeltas!, slow.peakDeltasBytes), `${d.id}: deltas peak ${d.peakDeltas} vs ${slow.peakDeltasBytes}`).toBe(true)
    if (d.peakDeltas! > 0) seen?.add('deltas peak')
    for (const level of d.timeAboveAlarms!) {
      const alarms = d.alarms.filter((a) => a.name === level.name && a.level === level.level).map((a) => a.at)
      const seconds = timeAbove(d.series, alarms, level.level, r.horizon)
      // (the series' drop below the level and the engine's re-arming are the same instant)
      expect(Math.abs(level.seconds - seconds), `${d.id} above ${level.name}: ${level.seconds} vs ${seconds}`).toBeLessThanOrEqual(1e-6 * (1 + alarms.length))
      if (alarms.length > 0 && level.seconds < r.horizon - alarms[0]!) seen?.add('alarm left again')
    }
  })
}

/** The model cut an hour after its first fire: runs are still going at the horizon. */
function cut(m: Model): Model {
  const first = Math.min(...m.jobs.map((j) => j.fires[0] ?? m.horizon))
  const horizon = Math.min(m.horizon, first + 3600)
  return {
    ...m,
    horizon,
    jobs: m.jobs.map((j) => {
      const keep = j.fires.filter((f) => f < horizon).length
      return { ...j, fires: j.fires.slice(0, keep), ...(j.windowEnds ? { windowEnds: j.windowEnds.slice(0, keep) } : {}) }
    }),
  }
}

describe('planner figures tracked by the engine equal those derived from the records', () => {
  it('on generated models (full detail)', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        check(m)
        check(cut(m))
      }),
      { numRuns: runs(300, 20_000), seed: 20261202 },
    )
  }, 600_000)

  it('the generated models reach every case', () => {
    const seen = new Map<Case, number>()
    for (const m of fc.sample(modelArb, { numRuns: 1000, seed: 1202 })) {
      const cases = new Set<Case>()
      check(m, cases)
      check(cut(m), cases)
      for (const c of cases) seen.set(c, (seen.get(c) ?? 0) + 1)
    }
    const wanted: Case[] = ['missed window', 'backlog', 'unfinished run', 'alarm left again', 'deltas peak']
    expect(wanted.filter((c) => (seen.get(c) ?? 0) < 5).map((c) => `${c}: ${seen.get(c) ?? 0}`)).toEqual([])
  }, 120_000)
})
