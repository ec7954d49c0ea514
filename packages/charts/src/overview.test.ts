// The fleet overview: ordered by headroom, and its small charts draw no more than the data hold.

import { simulate, type Result } from '@snapsim/core'
import * as vega from 'vega'
import { describe, expect, it } from 'vitest'
import { datastoresByRisk, overviewSpec } from './overview.ts'
import { toVega } from './compile.ts'
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
    const rows = (overviewSpec(result, ctx) as any).layer.find((l: any) => l.mark.type === 'area').data.values.filter((r: any) => r.ds === 'tight' && r.y !== null)
    const steps = rows.filter((r: any, i: number) => i > 0 && r.x === rows[i - 1].x)
    expect(steps.length).toBeGreaterThan(0)
  })

  it('draws every use point inside its own chart: none above 100 %, the area down to the chart’s floor', async () => {
    // the bug: vega-lite stacks an area by default, so the two points of a step at one time were
    // added up (e.g. 75 % + 75 % drawn at 150 %) — thin spikes above 100 % and gaps below them.
    // The overview is one view with its cells placed in pixels: each point must stay in its cell.
    const spec = overviewSpec(result, ctx) as any
    const cells = new Map<string, any>(spec.layer.find((l: any) => l.mark.type === 'rect').data.values.map((c: any) => [c.ds, c]))
    const view = new vega.View(vega.parse(toVega(spec).spec), { renderer: 'none' })
    await view.runAsync()
    const areas = itemsOf((view.scenegraph() as any).root, 'area').filter((i) => i.datum.y !== null)
    expect(areas.length).toBeGreaterThan(0)
    expect(new Set(areas.map((i) => i.datum.ds))).toEqual(new Set(['tight', 'mid', 'wide']))
    for (const item of areas) {
      const cell = cells.get(item.datum.ds)
      // y in pixels from the view's top: above the cell's top (100 %) would be a spike
      expect(item.y).toBeGreaterThanOrEqual(cell.y)
      expect(item.y).toBeLessThanOrEqual(cell.y2)
      expect(item.x).toBeGreaterThanOrEqual(cell.x)
      expect(item.x).toBeLessThanOrEqual(cell.x2)
      // every point of one cell's area shares that cell's floor (a stacked point would sit on another)
      expect(item.y2).toBe(cell.y2)
    }
    // by hand: tight never has less than 40 GiB fixed + its thick 100 GiB disk = 70 % of 200 GiB,
    // so it frames 70–100 %; its peak (at most 145 GiB, 72.5 %) is in the lowest 2.5/30 of the cell
    const tight = cells.get('tight')
    expect(tight.band).toBe('70–100 %')
    const top = Math.min(...areas.filter((i) => i.datum.ds === 'tight').map((i) => i.y))
    expect(top).toBeGreaterThanOrEqual(tight.y2 - ((tight.y2 - tight.y) * 2.5) / 30 - 0.1)
    expect(top).toBeLessThan(tight.y2)
    // the cells follow the ranking, row by row
    expect([...cells.values()].sort((a, b) => a.y - b.y || a.x - b.x).map((c) => c.ds)).toEqual(['tight', 'mid', 'wide'])
    view.finalize()
  })
})
