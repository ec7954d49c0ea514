// A run small enough to work out by hand: its turning points and their sentences, word for word.

import { generic, simulate, type Model } from '@snapsim/core'
import { describe, expect, it } from 'vitest'
import { explain } from './explain.ts'
import { jobInfo } from './input.ts'

const MiB = 2 ** 20
const GiB = 2 ** 30
const START = Date.UTC(2026, 0, 5) // Mon 5 Jan 2026 00:00 UTC

// One VM (100 GiB thick disk, writes 1 MiB/s spread over the whole disk) on a datastore with 5 GiB
// to spare; one backup at 01:00 that reads at 1 byte/s (it never ends). The delta's data after W
// bytes written is S = R (1 - e^{-W/R}) with R = 100 GiB (distinct blocks of uniform writes), so it
// reaches the 5 GiB free when W = -R ln(1 - 5/100) = 5.1293 GiB, i.e. 5,252.4 s after the snapshot:
// full at 3,600 + 5,252.4 = 8,852.4 s = 02:27:32. The VM must write to its delta, so it stops
// then (generic profile: at 0 free) and stays stopped to the end of the 2-day horizon. The disk
// alone fills 100/105 = 95.2 % from the start: both default alarms (75 %, 85 %) fire at time 0.
const R = 100 * GiB
const W = -R * Math.log(1 - 5 / 100)
const FULL = 3600 + W / MiB
const m: Model = {
  horizon: 2 * 86400,
  seed: 'hand',
  datastores: [{ id: 'ds', capacity: 105 * GiB, fixedUse: 0, consolidationThroughput: 100 * MiB, platform: generic }],
  vms: [{ id: 'a', datastore: 'ds', disk: 100 * GiB, used: 50 * GiB, provisioning: 'thick', dataGrowth: 0, writeRate: MiB, footprint: 1 }],
  jobs: [{ id: 'j', fires: [3600], vms: ['a'], type: 'full', streamThroughput: 1, overlap: 'start' }],
}

describe('a run worked out by hand', () => {
  const result = simulate(m)
  const input = { result, name: 'hand', startEpochMs: START, timezone: 'UTC', jobs: jobInfo(m) }

  it('has the facts of the closed form', () => {
    const n = explain(input, { lang: 'en', level: 'full' })
    const kinds = n.all.map((f) => f.kind)
    expect(kinds).toEqual(['setting', 'alarm', 'alarm', 'recovery', 'schedule', 'run', 'full', 'stop', 'downtime'])
    const [setting, warning, alert, recovery, schedule, run, full, stop, down] = n.all
    // the thick disk takes 100 GiB of the 105 from the start
    expect(setting).toEqual({ kind: 'setting', t: 0, datastore: 'ds', capacity: 105 * GiB, used: 100 * GiB, vms: 1 })
    // the one backup never ends: no recovery point in the whole 2 days
    expect(recovery).toEqual({ kind: 'recovery', t: 0, vm: 'a', age: 2 * 86400 })
    expect(warning).toMatchObject({ t: 0, name: 'warning', level: 0.75 * 105 * GiB, count: 1 })
    expect(alert).toMatchObject({ t: 0, name: 'alert', level: 0.85 * 105 * GiB, count: 1 })
    expect(schedule).toMatchObject({ t: 3600, job: 'j', vms: 1, fires: 1, overlap: 'start', window: null })
    expect(run).toMatchObject({ t: 3600, run: 0, snapshots: 1, end: null, first: true })
    expect(run!.kind === 'run' && Math.abs(run.largest!.bytes - 5 * GiB) / (5 * GiB)).toBeLessThan(1e-3)
    expect(Math.abs(full!.t - FULL)).toBeLessThan(5)
    expect(stop).toMatchObject({ vm: 'a', datastore: 'ds', reason: generic.stopReason, together: 1, onDatastore: 1, bsi: 'allFailed' })
    expect(stop!.t).toBe(full!.t)
    expect(down!.kind === 'downtime' && Math.abs(down.seconds - (2 * 86400 - FULL))).toBeLessThan(5)
  }, 60_000)

  it('tells them word for word in English and German', () => {
    const en = explain(input, { lang: 'en', level: 'full' }).told.map((x) => x.sentences)
    expect(en[7]).toEqual([
      'Day 1, Mon, 5 Jan 2026, 02:27 UTC: VM a stops: it must write to its delta and there is no room left. The run records the state as “paused: no space”.',
      'The platform stops VMs that can no longer allocate space.',
      'G 4.78: “Shortly after, all virtual IT systems on the virtualisation server fail because the available storage space is exhausted.” (our translation)',
    ])
    // 2 d - 8,852 s = 1 d 21 h 32 min 28 s: rounded to the hour past a day
    expect(en[8]).toEqual(['In all, 1 of 1 VMs on ds stood still for 1 day 22 h together; the longest, a, for 1 day 22 h. At the end 1 is still stopped.'])
    const de = explain(input, { lang: 'de', level: 'full' }).told.map((x) => x.sentences)
    expect(de[6]).toEqual(['Tag 1, Mo., 5. Jan. 2026, 02:27 UTC: Der Speicherplatz des Datenspeichers ds ist erschöpft – alle 105\u00a0GiB sind belegt.'])
    // read at 1 B/s from 01:00 to the horizon: 172,800 - 3,600 = 169,200 B = 165.2 KiB
    expect(de[5]![1]).toBe('Der Lauf ist am Ende der Simulation noch nicht abgeschlossen; gelesen wurden bis dahin 165\u00a0KiB.')
  }, 60_000)

  it('sums it up at the brief level: one sentence per turning point, the fill and the stop in one', () => {
    const brief = explain(input, { lang: 'en', level: 'brief' }).told
    // of the two alarm levels crossed at 0 the first per datastore is told (it says how often it fired)
    expect(brief.map((x) => x.fact.kind)).toEqual(['setting', 'alarm', 'recovery', 'schedule', 'run', 'stop', 'downtime'])
    expect(brief[0]!.sentences).toEqual(['Datastore ds holds 105\u00a0GiB and carries 1 VM; 100\u00a0GiB are in use at the start (95.2%).'])
    // full at 02:27:32 (the closed form above), the VM stops in the same second: one sentence
    expect(brief[5]!.merged!.map((f) => f.kind)).toEqual(['full'])
    expect(brief[5]!.sentences).toEqual([
      'Day 1, Mon, 5 Jan 2026, 02:27 UTC: datastore ds is full, and VM a stops because there is no room left for its delta — the run records “paused: no space”.',
      'G 4.78: “Shortly after, all virtual IT systems on the virtualisation server fail because the available storage space is exhausted.” (our translation)',
    ])
    const de = explain(input, { lang: 'de', level: 'brief' }).told
    expect(de[6]!.sentences).toEqual(['Insgesamt stand 1 von 1 virtuellen IT-Systemen auf ds zusammen 1 Tag 22 h still, am längsten a (1 Tag 22 h); am Ende steht noch 1 System.'])
  }, 60_000)

  it('keeps to the period and the VM asked for', () => {
    expect(explain(input, { lang: 'en', level: 'full', from: 4000 }).told.map((x) => x.fact.kind)).toEqual(['full', 'stop', 'downtime'])
    expect(explain(input, { lang: 'en', level: 'full', to: 3600 }).told.map((x) => x.fact.kind)).toEqual(['setting', 'alarm', 'alarm', 'recovery', 'schedule', 'run'])
    expect(explain(input, { lang: 'en', level: 'full', vm: 'nobody' }).told.map((x) => x.fact.kind)).toEqual([])
  }, 60_000)
})
