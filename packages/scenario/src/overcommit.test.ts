// Thin provisioning as a datastore default, and the overcommitment warning, by hand.

import { describe, expect, it } from 'vitest'
import { parseScenario } from './load.ts'
import { overcommitted } from './overcommit.ts'

const GiB = 2 ** 30
const text = `name: thin
horizon: 1d
datastores:
  - { id: a, capacity: 1000 GiB, otherData: 100 GiB, provisioning: thin }
  - { id: b, capacity: 1000 GiB }
vms:
  - { id: t, count: 2, datastore: a, disk: 500 GiB, used: 200 GiB }
  - { id: k, datastore: a, disk: 100 GiB, used: 50 GiB, provisioning: thick }
  - { id: c, datastore: b, disk: 500 GiB, used: 200 GiB }
`

describe('thin provisioning per datastore', () => {
  const model = parseScenario(text, 'thin.yaml').model
  it('is the default of the VMs on it; a VM may say otherwise; other datastores stay thick', () => {
    expect(model.vms.map((v) => [v.id, v.provisioning])).toEqual([
      ['t-01', 'thin'],
      ['t-02', 'thin'],
      ['k', 'thick'],
      ['c', 'thick'],
    ])
  })

  it('overcommitment: other data and all disks over the capacity, with thin VMs', () => {
    // 100 + 500 + 500 + 100 = 1200 GiB provisioned on 1000 GiB
    expect(overcommitted(model)).toEqual([{ datastore: 'a', provisionedBytes: 1200 * GiB, capacityBytes: 1000 * GiB, ratio: 1.2, thinVms: 2 }])
    const roomy = parseScenario(text.replace('capacity: 1000 GiB, otherData', 'capacity: 1200 GiB, otherData'), 'thin.yaml').model
    expect(overcommitted(roomy)).toEqual([])
  })
})
