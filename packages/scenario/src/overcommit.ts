// Thin overcommitment: a datastore whose thin VMs are provisioned beyond its capacity can fill
// as they grow, whatever the snapshots do. `snapsim validate` warns; it is not an error (thin
// overcommitment is a common, deliberate choice).

import type { Model } from '@snapsim/core'

export interface Overcommit {
  readonly datastore: string
  /** Other data plus every VM's provisioned disk (thick and thin). */
  readonly provisionedBytes: number
  readonly capacityBytes: number
  /** provisioned / capacity, above 1. */
  readonly ratio: number
  readonly thinVms: number
}

/** Datastores with thin VMs whose provisioned total exceeds the capacity. */
export function overcommitted(model: Pick<Model, 'datastores' | 'vms'>): Overcommit[] {
  return model.datastores.flatMap((d) => {
    const mine = model.vms.filter((v) => v.datastore === d.id)
    const thinVms = mine.filter((v) => v.provisioning === 'thin').length
    const provisionedBytes = d.fixedUse + mine.reduce((s, v) => s + v.disk, 0)
    return thinVms > 0 && provisionedBytes > d.capacity ? [{ datastore: d.id, provisionedBytes, capacityBytes: d.capacity, ratio: provisionedBytes / d.capacity, thinVms }] : []
  })
}
