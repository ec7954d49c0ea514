// Chain-depth labels only where they fit: drawn (opacity 1) on a bar at least LABEL_PX wide at
// the scale it is drawn with, hidden otherwise — re-decided when the x scale changes (a zoom).

import * as vega from 'vega'
import { describe, expect, it } from 'vitest'
import { backupRunsSpec, jobLanesSpec } from './backups.ts'
import { LABEL_PX } from './depth-labels.ts'
import { toVega } from './compile.ts'
import { ctx, overlapResult } from './fixtures.test-helpers.ts'

type Json = any

/** The label texts drawn by a view: [text, opacity, bar width in px]. */
function labels(view: vega.View): { text: string; opacity: number }[] {
  const out: { text: string; opacity: number }[] = []
  const walk = (node: Json) => {
    if (node?.marktype === 'text') for (const item of node.items ?? []) if (typeof item.text === 'string' && item.text.startsWith('×')) out.push({ text: item.text, opacity: item.opacity })
    for (const child of node?.items ?? []) walk(child)
  }
  walk((view.scenegraph() as Json).root)
  return out
}

async function drawn(spec: object): Promise<vega.View> {
  const view = new vega.View(vega.parse(toVega(spec as never).spec), { renderer: 'none' })
  await view.runAsync()
  return view
}

describe('chain-depth labels', () => {
  // overlapResult: VM a's second task (chain depth 2) reads from 1 h to 3 h of a 24 h horizon:
  // 2/24 of the plot's width — 75 px of 900, 12.5 px of 150
  const result = overlapResult()

  it('are drawn on a bar wide enough, and not on one too narrow (per-VM Gantt)', async () => {
    expect((900 * 2) / 24).toBeGreaterThanOrEqual(LABEL_PX)
    expect((150 * 2) / 24).toBeLessThan(LABEL_PX)
    // both VMs' second tasks have chain depth 2; b's reads at most as long as a's
    const wide = await drawn(backupRunsSpec(result, { ...ctx, width: 900 }))
    expect(labels(wide)).toEqual([
      { text: '×2', opacity: 1 },
      { text: '×2', opacity: 1 },
    ])
    const narrow = await drawn(backupRunsSpec(result, { ...ctx, width: 150 }))
    expect(labels(narrow)).toEqual([
      { text: '×2', opacity: 0 },
      { text: '×2', opacity: 0 },
    ])
    wide.finalize()
    narrow.finalize()
  })

  it('appear when the x scale widens (as a zoom does) and go again when it narrows', async () => {
    const view = await drawn(backupRunsSpec(result, { ...ctx, width: 150 }))
    expect(labels(view)[0]!.opacity).toBe(0)
    await view.width(900).runAsync()
    expect(labels(view)[0]!.opacity).toBe(1)
    await view.width(150).runAsync()
    expect(labels(view)[0]!.opacity).toBe(0)
    view.finalize()
  })

  it('work the same on the job lanes (a bar per run: 1 h to 3 h, deepest chain 2)', async () => {
    const lanes = (w: number) => drawn(jobLanesSpec(result, { ...ctx, width: w }))
    const wide = await lanes(900)
    expect(labels(wide)).toEqual([{ text: '×2', opacity: 1 }])
    const narrow = await lanes(150)
    expect(labels(narrow)).toEqual([{ text: '×2', opacity: 0 }])
    wide.finalize()
    narrow.finalize()
  })
})
