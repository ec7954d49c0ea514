// The fleet overview: ordered by headroom, and its small charts draw no more than the data hold.

import { simulate, type Result } from '@snapsim/core'
import * as vega from 'vega'
import { describe, expect, it } from 'vitest'
import { datastoresByRisk, overviewSpec } from './overview.ts'
import { toVega } from './render.ts'
import { GiB, HOUR, MiB, ctx, ds, job, model, vm } from './fixtures.test-helpers.ts'

/**
 * Three datastores, each with one VM backed up twice a day: every merge's end frees its delta at
 * once, a vertical step the series stores as two points at one time. Peak use by hand: 40 GiB
 * fixed + the thick 100 GiB disk + the delta (writes of 10 MiB/s while the run reads its 50 GiB at
 * 100 MiB/s, 512 s: at most 5 GiB) lies in (140, 145] GiB: free 27.5–30 % of 200 GiB, 51.7–53.3 %
 * of 300 GiB, 63.75–65 % of 400 GiB.
 */
function steppedResult(): Result {
  return simulate(
    model({
      datastores: [ds('wide', 400 * GiB, { fixedUse: 40 * GiB }), ds('tight', 200 * GiB, { fixedUse: 40 * GiB }), ds('mid', 300 * GiB, { fixedUse: 40 * GiB })],
      vms: ['wide', 'tight', 'mid'].map((d) => vm(`vm-${d}`, d, { writeRate: 10 * MiB })),
      jobs: [job('j', ['vm-wide', 'vm-tight', 'vm-mid'], [HOUR, 13 * HOUR])],
    }),
  )
}

/** Every item of every mark of `type` in a vega scenegraph. */
function itemsOf(node: any, type: string, out: any[] = []): any[] {
  if (node === null || typeof node !== 'object') return out
  if (node.marktype === type) out.push(...(node.items ?? []).flatMap((i: any) => (i.marktype === undefined ? [i] : [])))
  for (const child of node.items ?? []) itemsOf(child, type, out)
  return out
}

describe('fleet overview', () => {
  const result = steppedResult()

  it('ranks the datastores by least free share first', () => {
    const order = datastoresByRisk(result).map((d) => d.id)
    expect(order).toEqual(['tight', 'mid', 'wide'])
    const [tight, mid, wide] = datastoresByRisk(result).map((d) => d.minFreeFraction)
    expect(tight).toBeGreaterThanOrEqual(0.275)
    expect(tight).toBeLessThan(0.3)
    expect(mid).toBeGreaterThanOrEqual(155 / 300)
    expect(mid).toBeLessThan(160 / 300)
    expect(wide).toBeGreaterThanOrEqual(0.6375)
    expect(wide).toBeLessThan(0.65)
  })

  it('has vertical steps in its data (two points at one time), the case that drew spikes', () => {
    const rows = (overviewSpec(result, ctx) as any).data.values.filter((r: any) => r.kind === 'use' && r.ds === 'tight')
    const steps = rows.filter((r: any, i: number) => i > 0 && r.x === rows[i - 1].x)
    expect(steps.length).toBeGreaterThan(0)
  })

  it('draws every use point inside its chart: none above 100 %, the area down to the chart’s floor', async () => {
    // the bug: vega-lite stacks an area by default, so the two points of a step at one time were
    // added up (e.g. 75 % + 75 % drawn at 150 %) — thin spikes above 100 % and gaps below them
    const spec = overviewSpec(result, ctx)
    const view = new vega.View(vega.parse(toVega(spec).spec), { renderer: 'none' })
    await view.runAsync()
    const areas = itemsOf((view.scenegraph() as any).root, 'area')
    expect(areas.length).toBeGreaterThan(0)
    const maxShare = Math.max(...result.datastores.map((d) => d.peakUsed / d.capacity))
    expect(maxShare).toBeLessThan(0.8)
    for (const item of areas) {
      // y in pixels from the cell's top, where 100 % is: a point above it is a spike
      expect(item.y).toBeGreaterThanOrEqual(0)
      // the datum it draws is the one it holds: its height on the axis matches its own share
      expect(item.datum.f).toBeLessThanOrEqual(maxShare + 1e-4)
      expect(item.y2).toBeGreaterThanOrEqual(item.y)
    }
    // every point of one cell's area shares the same floor (a stacked point would sit on another)
    const floors = new Set(areas.map((i) => Math.round(i.y2 * 1000)))
    expect(floors.size).toBe(1)
    view.finalize()
  })
})
