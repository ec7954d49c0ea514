// The specs carry the right data: levels at their values, the full marker at fullAt converted to
// the scenario's wall clock, the encodings each chart promises.

import { describe, expect, it } from 'vitest'
import { simulate } from '@snapsim/core'
import { allSpecs, backupRunsSpec, datastoreUseSpec, reconstructDeltas, snapshotDeltasSpec, toVega, vmStatesSpec } from './index.ts'
import { demoContext, demoModel } from './demo.ts'
import { GiB, HOUR, START, ctx, fillingResult, orphanResult, overlapResult, wall } from './fixtures.test-helpers.ts'

// Specs are plain JSON; tests read them loosely.
type Json = any
// layers with named data (top-level `datasets`) given their values
const layersOf = (spec: unknown, i = 0): Json[] =>
  ((spec as Json).vconcat?.[i]?.layer ?? (spec as Json).layer).map((l: Json) => (l.data?.name ? { ...l, data: { values: (spec as Json).datasets[l.data.name] } } : l))
const markType = (l: Json): string => (typeof l.mark === 'string' ? l.mark : l.mark.type)
const values = (l: Json): Json[] => l.data.values

describe('datastore use', () => {
  const result = fillingResult()
  const layers = layersOf(datastoreUseSpec(result, ctx))

  it('plots used space as an area over wall-clock time on a UTC scale, in GiB', () => {
    const areas = layers.filter((l) => markType(l) === 'area')
    expect(areas).toHaveLength(2)
    const [base, deltas] = areas
    expect(base.encoding.x).toMatchObject({ field: 'x', type: 'temporal', scale: { type: 'utc' } })
    expect(base.encoding.y).toMatchObject({ field: 'base', type: 'quantitative', title: 'used (GiB)' })
    expect(deltas.encoding.y2).toEqual({ field: 'used' })
    const pts = values(base)
    // time 0 is 2024-01-15 00:00 UTC = 01:00 in Berlin; use starts at 40 + 50 GiB
    expect(pts[0].x).toBe(START + HOUR * 1000)
    expect(pts[0].used).toBeCloseTo(90, 9)
    expect(pts.at(-1).used).toBeCloseTo(100, 6)
  })

  it('draws the capacity rule at the capacity and the alarm rules at 75 % and 85 %', () => {
    const rules = values(layers.find((l) => markType(l) === 'rule' && values(l)[0]?.kind !== undefined))
    const byName = Object.fromEntries(rules.map((r: Json) => [r.name, r]))
    expect(byName.capacity).toMatchObject({ kind: 'capacity', value: 100, bytes: 100 * GiB })
    expect(byName.warning).toMatchObject({ kind: 'alarm', value: 75, label: 'warning 75 %' })
    expect(byName.alert).toMatchObject({ kind: 'alarm', value: 85, label: 'alert 85 %' })
  })

  it('uses configured alarm levels from the context', () => {
    const custom = layersOf(datastoreUseSpec(result, { ...ctx, alarms: { ds: [{ name: 'early', fraction: 0.5 }] } }))
    const rules = values(custom.find((l) => markType(l) === 'rule' && values(l)[0]?.kind !== undefined))
    // 50 % configured; 75/85 % still drawn because they fired (the Result lists them)
    expect(rules.map((r: Json) => [r.name, r.value])).toEqual([
      ['capacity', 100],
      ['early', 50],
      ['warning', 75],
      ['alert', 85],
    ])
  })

  it('marks the moment the datastore filled, converted to the wall clock, and labels it', () => {
    // full at 10 h: 2024-01-15 10:00 UTC = 11:00 Berlin
    expect(result.datastores[0]!.fullAt).toBeCloseTo(10 * HOUR, 0)
    const full = layers.filter((l) => markType(l) === 'rule' && values(l)[0]?.detail !== undefined)
    expect(full).toHaveLength(1)
    expect(values(full[0])[0].x).toBeCloseTo(Date.UTC(2024, 0, 15, 11, 0, 0), -3)
    const label = layers.find((l) => markType(l) === 'text' && values(l)[0]?.detail !== undefined)
    expect(values(label)[0].label).toBe('full: Mon 15 Jan 11:00')
  })

  it('marks the fired alarms where they fired', () => {
    const points = values(layers.find((l) => markType(l) === 'point'))
    expect(points.map((p: Json) => [p.name, p.x, p.value])).toEqual([
      ['warning', wall(0), 75],
      ['alert', wall(0), 85],
    ])
  })

  it('shades the backup windows: earliest start to latest end of each job run', () => {
    const o = overlapResult()
    const win = layersOf(datastoreUseSpec(o, ctx)).find((l) => markType(l) === 'rect')
    // run 1: a 0..2 h, b 0..1 h; run 2: both from 1 h, a until 3 h
    expect(values(win).map((w: Json) => [w.run, w.x, w.x2])).toEqual([
      [0, wall(0), wall(2 * HOUR)],
      [1, wall(HOUR), wall(3 * HOUR)],
    ])
  })
})

describe('backup runs (Gantt)', () => {
  const result = overlapResult()
  const spec = backupRunsSpec(result, ctx)
  const layers = layersOf(spec)
  const bars = layers.find((l) => markType(l) === 'bar')

  it('has one row per VM and a bar per run from start to end, coloured by outcome', () => {
    expect(bars.encoding.y).toMatchObject({ field: 'vm', type: 'nominal', sort: ['a', 'b'] })
    expect(bars.encoding.x).toMatchObject({ field: 'x', type: 'temporal', scale: { type: 'utc' } })
    expect(bars.encoding.x2).toEqual({ field: 'x2' })
    expect(bars.encoding.color).toMatchObject({ field: 'outcome', type: 'nominal' })
    const rows = values(bars).filter((r: Json) => r.vm === 'a')
    expect(rows.map((r: Json) => [r.run, r.x, r.x2, r.outcome])).toEqual([
      [1, wall(0), wall(2 * HOUR), 'success'],
      [2, wall(HOUR), wall(3 * HOUR), 'success'],
    ])
  })

  it('outlines overlapped runs and writes the chain depth on them', () => {
    expect(bars.encoding.stroke).toMatchObject({ condition: { test: 'datum.overlapped', value: 'black' } })
    const second = values(bars).find((r: Json) => r.vm === 'a' && r.run === 2)
    expect(second).toMatchObject({ overlapped: true, chainDepth: 2, depthLabel: '×2' })
    const depthText = layers.find((l) => markType(l) === 'text' && l.encoding.text?.field === 'depthLabel')
    expect(values(depthText).map((r: Json) => r.vm).sort()).toEqual(['a', 'b'])
  })

  it('draws an unfinished run to the horizon', () => {
    const r = simulate({
      horizon: 4 * HOUR,
      seed: 's',
      datastores: result.datastores.map((d) => ({ id: d.id, capacity: d.capacity, fixedUse: 0, consolidationThroughput: 1e8, platform: demoModel().datastores[0]!.platform })),
      vms: [{ id: 'a', datastore: 'ds', disk: 100 * GiB, used: 100 * GiB, provisioning: 'thick', dataGrowth: 0, writeRate: 0, footprint: 1 }],
      jobs: [{ id: 'j', fires: [HOUR], vms: ['a'], type: 'full', streamThroughput: 1e6, overlap: 'start' }],
    })
    const row = values(layersOf(backupRunsSpec(r, ctx)).find((l) => markType(l) === 'bar'))[0]
    expect(row).toMatchObject({ outcome: 'unfinished', x: wall(HOUR), x2: wall(4 * HOUR), endText: 'unfinished at the horizon' })
  })
})

describe('snapshot deltas', () => {
  it('reconstructs per-VM deltas whose sum is the datastore total at every series time', () => {
    const result = overlapResult()
    const d = result.datastores[0]!
    const points = reconstructDeltas(result, d)
    let checked = 0
    for (let i = 0; i < d.series.t.length; i++) {
      const t = d.series.t[i]!
      // skip the two sides of a step (same t twice): the reconstruction takes the later side
      if (d.series.t[i + 1] === t) continue
      const p = points.find((q) => q.t === t)!
      const sum = [...p.byVm.values()].reduce((a, b) => a + b, 0)
      expect(Math.abs(sum - d.series.deltas[i]!)).toBeLessThan(1e-6 * GiB)
      checked++
    }
    expect(checked).toBeGreaterThan(10)
  })

  it('holds a frozen delta at its largest size until its merge ends', () => {
    const result = overlapResult()
    const first = result.snapshots.findIndex((s) => s.vm === 'a')
    const s = result.snapshots[first]!
    // a's first snapshot (0 h) is frozen at 1 h by the second; it is removed after its run (2 h)
    const points = reconstructDeltas(result, result.datastores[0]!)
    const at = (t: number) => points.find((p) => p.t === t)
    const second = result.snapshots.find((x, i) => x.vm === 'a' && i !== first)!
    expect(second.takenAt).toBe(HOUR)
    // between 1 h and its removal a's value is the frozen first delta plus the growing second one
    const mid = points.find((p) => p.t > HOUR && p.t < s.removalStartedAt!)!
    expect(mid.byVm.get('a')!).toBeGreaterThanOrEqual(s.maxBytes)
    expect(at(0)!.byVm.get('a') ?? 0).toBe(0)
  })

  it('keeps snapshots still present at the horizon up to the horizon', () => {
    const result = orphanResult()
    const d = result.datastores[0]!
    const last = reconstructDeltas(result, d).at(-1)!
    expect(last.t).toBe(result.horizon)
    const sum = [...last.byVm.values()].reduce((a, b) => a + b, 0)
    expect(sum).toBeGreaterThan(0)
    expect(Math.abs(sum - d.series.deltas.at(-1)!)).toBeLessThan(1e-6 * GiB)
  })

  it('stacks the top VMs by delta size, the rest as "other", and marks orphans', () => {
    const result = orphanResult()
    const spec = snapshotDeltasSpec(result, { ...ctx, topVms: 1 })
    const layers = layersOf(spec)
    const area = layers.find((l) => markType(l) === 'area')
    expect(area.encoding.y).toMatchObject({ field: 'value', stack: 'zero' })
    expect(area.encoding.color).toMatchObject({ field: 'vm', type: 'nominal' })
    expect(area.encoding.color.scale.domain).toHaveLength(2)
    expect(area.encoding.color.scale.domain[1]).toBe('other')
    const orphans = values(layers.find((l) => markType(l) === 'rule'))
    expect(orphans).toHaveLength(4)
    expect(orphans.map((o: Json) => o.vm).sort()).toEqual(['a', 'a', 'b', 'b'])
    // orphaned when the aborted backup ended
    const b0 = result.backups.find((b) => b.vm === 'a' && b.run === 0)!
    expect(orphans.map((o: Json) => o.x)).toContain(wall(b0.end!))
  })
})

describe('VM states', () => {
  it('shows running then paused from the moment the datastore filled', () => {
    const layers = layersOf(vmStatesSpec(fillingResult(), ctx))
    const bars = layers.find((l) => markType(l) === 'bar')
    expect(bars.encoding.color).toMatchObject({ field: 'state', scale: { domain: ['running', 'paused', 'crashed'] } })
    const rows = values(bars)
    expect(rows.map((r: Json) => r.state)).toEqual(['running', 'paused'])
    expect(rows[0].x).toBe(wall(0))
    expect(rows[1].x).toBeCloseTo(wall(10 * HOUR), -3)
    expect(rows[1].x2).toBe(wall(24 * HOUR))
    expect(rows[1].reason).toBe('paused: no space')
  })

  it('limits rows, keeping VMs with trouble first', () => {
    const result = simulate(demoModel())
    const spec = vmStatesSpec(result, { ...demoContext, maxRows: 3 })
    const bars = layersOf(spec).find((l) => markType(l) === 'bar')
    expect(bars.encoding.y.sort).toHaveLength(3)
    expect((spec as Json).title.subtitle.join(' ')).toContain('3 of 10 VMs shown')
  })
})

describe('all specs', () => {
  it('compile without vega-lite warnings', () => {
    const specs = allSpecs(simulate(demoModel()), demoContext)
    for (const spec of Object.values(specs)) expect(toVega(spec).warnings).toEqual([])
  })
})
