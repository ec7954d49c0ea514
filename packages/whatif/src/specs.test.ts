// The what-if charts change only through their named datasets (page.ts swaps them with vega
// changesets and never compiles again): every data source a layer reads is a dataset the spec
// declares, no layer carries inline values, and the page's names (useData) are the spec's.

import { describe, expect, it } from 'vitest'
import { deltasSpec, runsSpec, stoppedSpec, useData, useSpec } from './specs.ts'

/** Every `data` object anywhere in a spec. */
function dataRefs(spec: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(spec)) for (const x of spec) dataRefs(x, out)
  else if (spec !== null && typeof spec === 'object') {
    for (const [k, v] of Object.entries(spec)) {
      if (k === 'datasets') continue
      if (k === 'data') out.push(v as Record<string, unknown>)
      dataRefs(v, out)
    }
  }
  return out
}

describe('what-if chart specs', () => {
  const specs = { use: useSpec('TiB', ['a', 'b', 'c']), deltas: deltasSpec('TiB', ['a', 'b']), backups: runsSpec(['nightly', 'weekly']), states: stoppedSpec(24) }

  it('read only named datasets that they declare, each used', () => {
    for (const spec of Object.values(specs)) {
      const declared = Object.keys(spec.datasets as object).sort()
      const refs = dataRefs(spec)
      expect(refs.length).toBeGreaterThan(0)
      for (const r of refs) expect(Object.keys(r)).toEqual(['name'])
      expect([...new Set(refs.map((r) => r.name as string))].sort()).toEqual(declared)
    }
  })

  it('name the use datasets of the k-th datastore as the page fills them', () => {
    const names = Object.keys(specs.use.datasets as object)
    expect(names).toEqual([0, 1, 2].flatMap((k) => Object.values(useData(k))))
    expect(names).toEqual(['use0', 'cap0', 'full0', 'use1', 'cap1', 'full1', 'use2', 'cap2', 'full2'])
    expect(Object.keys(specs.deltas.datasets as object)).toEqual(['deltas0', 'deltas1'])
  })

  it('keep the jobs in the order given and the VMs stopped axis at the fleet size', () => {
    expect((specs.backups.encoding as { y: { sort: string[] } }).y.sort).toEqual(['nightly', 'weekly'])
    expect((specs.states.encoding as { y: { scale: { domain: number[] } } }).y.scale.domain).toEqual([0, 24])
    expect((stoppedSpec(0).encoding as { y: { scale: { domain: number[] } } }).y.scale.domain).toEqual([0, 1])
  })
})
