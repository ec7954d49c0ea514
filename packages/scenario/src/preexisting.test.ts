import { describe, expect, it } from 'vitest'
import { parseScenario } from './load.ts'

const GiB = 2 ** 30
const base = (snapshots: string, capacity = '1 TiB') => `name: s
horizon: 1d
datastores:
  - { id: ds, capacity: ${capacity} }
vms:
  - { id: a, disk: 400 GiB, used: 100 GiB, snapshots: ${snapshots} }
`

describe('vms[].snapshots: snapshots that exist before the run', () => {
  it('become the model VM snapshots, oldest first, in bytes and seconds', () => {
    const s = parseScenario(base('[{ size: 20 GiB, age: 30d }, { size: 512 MiB, age: 36h }]'), 's.yaml')
    expect(s.model.vms[0]!.snapshots).toEqual([
      { bytes: 20 * GiB, age: 30 * 86400 },
      { bytes: 512 * 2 ** 20, age: 36 * 3600 },
    ])
  })
  it('count when the VMs must fit at the start', () => {
    // thick 400 GiB + 700 GiB of deltas > 1 TiB
    expect(() => parseScenario(base('[{ size: 700 GiB, age: 1d }]'), 's.yaml')).toThrow(/do not fit at the start: otherData 0 B \+ disks 1\.07 TiB/)
  })
  it('must hold their datastore platform\'s delta metadata', () => {
    const text = `name: s
horizon: 1d
datastores:
  - { id: ds, capacity: 1 TiB, platformOptions: { deltaOverhead: 300 MiB } }
vms:
  - { id: a, disk: 400 GiB, used: 100 GiB, snapshots: [{ size: 100 MiB, age: 1d }] }
`
    expect(() => parseScenario(text, 's.yaml')).toThrow(/s\.yaml:4:5: datastores\[0\]: VM `a` has a snapshot \(vms\[\]\.snapshots\) smaller than the delta metadata of `ds`'s platform \(deltaOverhead 300 MiB\)/)
  })
  it('report bad values and unknown keys with their position', () => {
    expect(() => parseScenario(base('[{ size: -1 GiB, age: 1d }, { size: 1 GiB, age: 1 parsec }, { size: 1 GiB, age: 1d, job: x }]'), 's.yaml')).toThrow(
      /s\.yaml:6:64: vms\[0\]\.snapshots\[0\]\.size: size must not be negative[\s\S]*vms\[0\]\.snapshots\[1\]\.age: [\s\S]*vms\[0\]\.snapshots\[2\]\.job: unknown key/,
    )
  })
})
