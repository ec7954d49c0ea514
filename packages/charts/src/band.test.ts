// The use chart frames the band its use moves in (with a checkbox back to zero), and marks the
// first alarm and the first overlap on the time axis — values worked out by hand.

import * as vega from 'vega'
import { describe, expect, it } from 'vitest'
import { FROM_ZERO_PARAM, useBand } from './band.ts'
import { firstMarks } from './marks.ts'
import { resolve } from './context.ts'
import { toVega } from './compile.ts'
import { datastoreUseChart, datastoreUseSpec, screenSeries } from './use.ts'
import { snapshotDeltasChart } from './deltas.ts'
import { GiB, HOUR, ctx, fillingResult, overlapResult, wall } from './fixtures.test-helpers.ts'

type Json = any

describe('the use chart’s band', () => {
  // fillingResult: capacity 100 GiB, 40 GiB fixed + a thin disk from 50 GiB, no snapshots, so
  // the base (use minus deltas) starts at 90 GiB, the lowest point; levels 75, 85 and 100 GiB
  const result = fillingResult()
  const d = result.datastores[0]!

  it('starts a tenth of the band below the lowest level or base: 75 − 0.1 × (105 − 75) = 72 GiB', () => {
    const band = useBand(d, screenSeries(d, ctx), [100 * GiB, 75 * GiB, 85 * GiB])
    expect(band.minBase).toBeCloseTo(90 * GiB, 0)
    expect(band.top).toBeCloseTo(105 * GiB, 0)
    expect(band.floor).toBeCloseTo(72 * GiB, 0)
    // without levels below it: 90 − 0.1 × 15 = 88.5 GiB
    expect(useBand(d, screenSeries(d, ctx), [100 * GiB]).floor).toBeCloseTo(88.5 * GiB, 0)
  })

  it('starts at zero when the floor would be low anyway (under 15 % of the capacity)', () => {
    // a 1 TiB datastore holding two thick 100 GiB disks: base 200 GiB (19.5 %), top 1075 GiB;
    // the floor would be 200 − 0.1 × 875 = 112.5 GiB, 11 % of the capacity: zero instead
    const low = overlapResult()
    const dl = low.datastores[0]!
    const band = useBand(dl, screenSeries(dl, ctx))
    expect(band.minBase).toBe(200 * GiB)
    expect(band.floor).toBe(0)
    const spec = datastoreUseChart(low, dl.id, ctx) as Json
    expect(spec.params).toBeUndefined()
    expect(spec.layer.find((l: Json) => l.encoding?.y?.scale).encoding.y.scale.domain).toEqual([0, 1.05 * 1024])
  })

  it('draws the frame, and the full height once the checkbox is ticked (vega, headless)', async () => {
    const spec = datastoreUseChart(result, d.id, ctx) as Json
    expect(spec.params).toEqual([{ name: FROM_ZERO_PARAM, value: false, bind: { input: 'checkbox', name: 'y axis from zero ' } }])
    const view = new vega.View(vega.parse(toVega(spec).spec), { renderer: 'none' })
    await view.runAsync()
    const domain = () => (view.scale('y') as Json).domain().map((v: number) => Math.round(v * 1000) / 1000)
    expect(domain()).toEqual([72, 105])
    await view.signal(FROM_ZERO_PARAM, true).runAsync()
    expect(domain()).toEqual([0, 105])
    view.finalize()
  })

  it('marks the base below the frame with a label, hidden while the axis runs from zero', () => {
    const spec = datastoreUseChart(result, d.id, ctx) as Json
    const label = spec.layer.find((l: Json) => l.data?.values?.[0]?.label?.startsWith('axis from'))
    expect(label.data.values[0]).toEqual({ value: 72, label: 'axis from 72 GiB; base disks and other data never below 90 GiB (tick "y axis from zero" for all of it)' })
    expect(label.mark.opacity).toEqual({ expr: `${FROM_ZERO_PARAM} ? 0 : 1` })
  })

  it('has one checkbox for all the datastores of a concatenation', () => {
    const spec = datastoreUseSpec(result, ctx) as Json
    expect(spec.params.map((p: Json) => p.name)).toEqual([FROM_ZERO_PARAM])
    expect(spec.vconcat[0].params).toBeUndefined()
  })
})

describe('first alarm and first overlap on the time axis', () => {
  it('marks the first alarm where it fired: both default levels at time 0 (01:00 in Berlin)', () => {
    const result = fillingResult()
    const marks = firstMarks(result, result.datastores[0]!, resolve(ctx))
    expect(marks.map((m) => [m.kind, m.x, m.label])).toEqual([['first alarm', wall(0), '1st alarm: Mon 15 Jan 01:00']])
  })

  it('marks the first overlap at the fire that found its job still running: the second fire, 1 h in', () => {
    const result = overlapResult()
    const marks = firstMarks(result, result.datastores[0]!, resolve(ctx))
    expect(marks.map((m) => [m.kind, m.x, m.label])).toEqual([['first overlap', wall(HOUR), '1st overlap: Mon 15 Jan 02:00']])
  })

  it('draws them as rules with labels on the use and the deltas chart, coloured without a colour scale', () => {
    const result = overlapResult()
    for (const spec of [datastoreUseChart(result, 'ds', ctx), snapshotDeltasChart(result, 'ds', ctx)] as Json[]) {
      const rules = spec.layer.filter((l: Json) => l.mark?.type === 'rule' && l.data?.values?.[0]?.kind === 'first overlap')
      expect(rules).toHaveLength(1)
      expect(rules[0].data.values[0].x).toBe(wall(HOUR))
      expect(rules[0].encoding.color).toBeUndefined()
      const text = spec.layer.find((l: Json) => l.mark?.type === 'text' && l.data?.values?.[0]?.kind === 'first overlap')
      expect(text.encoding.text).toEqual({ field: 'label' })
    }
  })
})
