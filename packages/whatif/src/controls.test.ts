// The override mapping against hand values: a control's value -> the --set flags -> the model
// the scenario loader makes of them (the BSI growth scenario: one 20 TiB datastore, job
// "nightly" at 20:00 Europe/Berlin, 100 MiB/s stream and shared, overlap start, no hunter).

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, prepareScenario, resolvePrepared } from '@snapsim/scenario'
import { controlsFor, niceStep, settingsOf, simpleCron, type Control } from './controls.ts'
import { loadWith, settingsFor, type WhatIfSetup } from './engine.ts'
import { setArguments } from './flags.ts'

const GiB = 2 ** 30
const MiB = 2 ** 20
const file = new URL('../../../scenarios/bsi-g478/02-growth.yaml', import.meta.url)
const text = readFileSync(file, 'utf8')
const prepared = prepareScenario(text, '02-growth.yaml', undefined, DEFAULT_LIMITS)
const model = resolvePrepared(prepared).model
const controls = controlsFor(prepared.raw, model)
const setup: WhatIfSetup = { source: { file: '02-growth.yaml', text, base: [], limits: DEFAULT_LIMITS }, controls, buckets: 100 }
const control = (key: string): Control => controls.find((c) => c.key === key)!

/** The flags of these control values and the model they load to. */
function apply(values: Record<string, number | string>) {
  const settings = settingsFor(setup, model, values)
  return { args: setArguments(settings), model: loadWith(setup.source, settings).model }
}

describe('the controls of the BSI growth scenario', () => {
  it('are the ones the issue lists, with the run\'s values', () => {
    expect(controls.map((c) => [c.key, c.base])).toEqual([
      ['writeRate', 1],
      ['dataGrowth', 1],
      ['capacity:ds1', 20480], // 20 TiB in GiB
      ['start:nightly', 20 * 60], // "0 20 * * *"
      ['concurrency:nightly', 24], // no limit: the top position, one stream per VM
      ['throughput:nightly', 100],
      ['overlap:nightly', 'start'],
      ['maxAge', ''], // no hunter
    ])
    const cap = control('capacity:ds1')
    // steps of 128 GiB (20480/160); from the first step above what the datastore holds at the
    // start: 400 GiB other data + thick disks 10×150 + 8×300 + 4×1536 + 2×2048 GiB = 14,540 GiB
    // -> 114 × 128 = 14,592 GiB; up to twice the capacity
    expect(cap.type === 'slider' && [cap.min, cap.max, cap.step]).toEqual([14592, 40960, 128])
  })

  it('at the run\'s values give no flag and the same model', () => {
    const r = apply(Object.fromEntries(controls.map((c) => [c.key, c.base])))
    expect(r.args).toEqual([])
    expect(r.model).toEqual(model)
  })

  it('capacity 25,600 GiB: one flag, 25 TiB in the model', () => {
    const r = apply({ 'capacity:ds1': 25600 })
    expect(r.args).toEqual(['datastores.ds1.capacity=25600 GiB'])
    expect(r.model.datastores[0]!.capacity).toBe(25 * 1024 * GiB)
  })

  it('write rate × 1.5 and data growth × 2: every VM scaled', () => {
    const r = apply({ writeRate: 1.5, dataGrowth: 2 })
    expect(r.args).toEqual(['scale.writeRate=1.5', 'scale.dataGrowth=2'])
    const web = r.model.vms.find((v) => v.id === 'web-01')!
    const db = r.model.vms.find((v) => v.id === 'db-01')!
    expect(web.writeRate).toBeCloseTo(0.9 * MiB, 6) // 0.6 MiB/s × 1.5
    expect(db.writeRate).toBeCloseTo(6 * MiB, 6) // 4 MiB/s × 1.5
    expect(db.dataGrowth * 86400).toBeCloseTo(24 * GiB, 0) // 12 GiB/d × 2
  })

  it('a factor between positions snaps to the nearest one (0.05 steps from 0.1)', () => {
    expect(settingsOf(control('writeRate'), 1.23, model)).toEqual([['scale.writeRate', 1.25]])
    expect(settingsOf(control('writeRate'), 1.02, model)).toEqual([]) // snaps to 1: the run's own
  })

  it('start 21:30: the cron keeps its other fields; fires at 21:30 local, in seconds from 00:00 CET on 5 Jan', () => {
    const r = apply({ 'start:nightly': 21 * 60 + 30 })
    expect(r.args).toEqual(['jobs.nightly.schedule=30 21 * * *'])
    const fires = r.model.jobs[0]!.fires
    expect(fires[0]).toBe(21.5 * 3600)
    // after the change to summer time on 29 Mar 2026 the local clock is an hour ahead: fire 88
    // (2 Apr, 21:30 CEST = 19:30 UTC) comes 87 days and 20.5 h after 00:00 CET (23:00 UTC) on 5 Jan
    expect(fires[87]).toBe(87 * 86400 + 20.5 * 3600)
  })

  it('concurrency 4 sets it; the top position is "no limit" again', () => {
    expect(apply({ 'concurrency:nightly': 4 }).model.jobs[0]!.concurrency).toBe(4)
    expect(apply({ 'concurrency:nightly': 24 }).args).toEqual([])
  })

  it('throughput 150 MiB/s: the shared pool and the stream cap that equalled it', () => {
    const r = apply({ 'throughput:nightly': 150 })
    expect(r.args).toEqual(['jobs.nightly.sharedThroughput=150 MiB/s', 'jobs.nightly.streamThroughput=150 MiB/s'])
    expect(r.model.jobs[0]!.sharedThroughput).toBe(150 * MiB)
    expect(r.model.jobs[0]!.streamThroughput).toBe(150 * MiB)
  })

  it('overlap skip and the hunter at 72 h (the file has no policies: --set creates them)', () => {
    const r = apply({ 'overlap:nightly': 'skip', maxAge: '72h' })
    expect(r.args).toEqual(['jobs.nightly.overlap=skip', 'policies.maxSnapshotAge=72h'])
    expect(r.model.jobs[0]!.overlap).toBe('skip')
    expect(r.model.policies?.maxSnapshotAge).toBe(72 * 3600)
  })

  it('refuses values outside a slider or not among the choices', () => {
    expect(() => settingsOf(control('capacity:ds1'), 50000, model)).toThrow('not within 14592..40960')
    expect(() => settingsOf(control('capacity:ds1'), 14000, model)).toThrow('not within 14592..40960')
    expect(() => settingsOf(control('writeRate'), Number.NaN, model)).toThrow('not within')
    expect(() => settingsOf(control('overlap:nightly'), 'later', model)).toThrow('not one of the choices')
  })

  it('the run\'s own --set values come first; a control replaces the run\'s value of its path', () => {
    const s: WhatIfSetup = { ...setup, source: { ...setup.source, base: [['datastores.ds1.capacity', '22 TiB'], ['jobs.nightly.concurrency', 8]] } }
    expect(setArguments(settingsFor(s, model, { 'capacity:ds1': 25600 }))).toEqual(['jobs.nightly.concurrency=8', 'datastores.ds1.capacity=25600 GiB'])
  })
})

describe('helpers', () => {
  it('niceStep: a power of two near span/steps, at least 1', () => {
    expect(niceStep(20480, 160)).toBe(128)
    expect(niceStep(100, 100)).toBe(1)
    expect(niceStep(3, 100)).toBe(1)
    expect(niceStep(1000, 100)).toBe(8)
  })
  it('simpleCron: minute and hour as numbers, or nothing', () => {
    expect(simpleCron('0 20 * * *')).toEqual([0, 20, '* * *'])
    expect(simpleCron(' 15  2 * * 1,4 ')).toEqual([15, 2, '* * 1,4'])
    expect(simpleCron('*/15 * * * *')).toBeNull()
    expect(simpleCron('0 20-22 * * *')).toBeNull()
    expect(simpleCron('0 24 * * *')).toBeNull()
    expect(simpleCron('0 0 20 * * *')).toBeNull() // six fields (seconds): not offered
  })
})
