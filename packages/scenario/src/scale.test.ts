// Scale factors: what each VM gets, by hand.

import { describe, expect, it } from 'vitest'
import { parseScenario } from './load.ts'
import { ScenarioError } from './errors.ts'

const GiB = 2 ** 30
const MiB = 2 ** 20
const base = `name: s
horizon: 1d
datastores: [{ id: ds, capacity: 10 TiB }]
vms:
  - { id: web, count: 2, disk: 100 GiB, used: 60 GiB, writeRate: 10 MiB/s, dataGrowth: 1 GiB/d }
  - { id: db, disk: 500 GiB, used: 480 GiB, writeRate: 20 MiB/s }
`

const vmsOf = (text: string, set?: Record<string, string | number>) => parseScenario(text, 's.yaml', set ? { set } : {}).model.vms

describe('scale', () => {
  it('one mapping scales every VM; used stays within the disk', () => {
    const vms = vmsOf(`${base}scale: { writeRate: 1.3, used: 1.1, dataGrowth: 2 }\n`)
    expect(vms.map((v) => v.writeRate)).toEqual([13 * MiB, 13 * MiB, 26 * MiB])
    expect(vms.map((v) => v.used)).toEqual([66 * GiB, 66 * GiB, 500 * GiB]) // 528 GiB capped at the 500 GiB disk
    expect(vms[0]!.dataGrowth * 86400).toBeCloseTo(2 * GiB, 3)
  })

  it('a list with selectors: factors of matching entries multiply, others stay', () => {
    const vms = vmsOf(`${base}scale:\n  - { vms: "web-*", writeRate: 2 }\n  - { vms: [web-01, db], writeRate: 0.5 }\n`)
    expect(vms.map((v) => [v.id, v.writeRate / MiB])).toEqual([
      ['web-01', 10],
      ['web-02', 20],
      ['db', 10],
    ])
  })

  it('--set scale.writeRate creates the block; bad globs and factors are reported where they are', () => {
    expect(vmsOf(base, { 'scale.writeRate': 0.7 }).map((v) => v.writeRate / MiB)).toEqual([7, 7, 14])
    try {
      vmsOf(`${base}scale:\n  - { vms: "wbe-*", writeRate: -1 }\n`)
      expect.unreachable()
    } catch (e) {
      const issues = (e as ScenarioError).issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`)
      expect(issues).toEqual(['8:12 scale[0].vms: `wbe-*` matches no VM; VMs: web-01, web-02, db', '8:32 scale[0].writeRate: a scale factor must be a number within 0..1000, got -1'])
    }
  })
})

describe('--set creates policies', () => {
  it('policies.maxSnapshotAge on a file without policies: the hunter at 72 h', () => {
    const model = parseScenario(base, 's.yaml', { set: { 'policies.maxSnapshotAge': '72h' } }).model
    expect(model.policies?.maxSnapshotAge).toBe(72 * 3600)
  })
  it('another missing top-level key is still refused', () => {
    expect(() => parseScenario(base, 's.yaml', { set: { 'alarms.x': 1 } })).toThrow(/no key `alarms`/)
  })
})
