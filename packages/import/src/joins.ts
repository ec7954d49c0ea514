// Rows of different tabs describe the same VM: join them on `VM ID`, then `VM UUID`, then `VM`
// + `VI SDK Server` (docs/import.md). A VM ID is a vCenter managed-object id, unique within one
// vCenter only: an ID that two vInfo rows share (two vCenters) is not used as a key.

/** The keys a row carries for the join (empty strings when the column is missing or blank). */
export interface VmKeys {
  readonly name: string
  readonly id: string
  readonly uuid: string
  readonly server: string
}

const nameKey = (k: VmKeys): string => `${k.name}\u0000${k.server}`

export class VmIndex<T extends VmKeys> {
  private readonly byId = new Map<string, T | null>()
  private readonly byUuid = new Map<string, T | null>()
  private readonly byName = new Map<string, T | null>()

  constructor(vms: readonly T[]) {
    // null marks a key seen twice: ambiguous, so the next key decides.
    const put = (m: Map<string, T | null>, key: string, vm: T) => {
      if (key === '' || key === '\u0000') return
      m.set(key, m.has(key) ? null : vm)
    }
    for (const vm of vms) {
      put(this.byId, vm.id, vm)
      put(this.byUuid, vm.uuid, vm)
      put(this.byName, nameKey(vm), vm)
    }
  }

  /** The VM a row of another tab belongs to, and which key found it. */
  find(k: VmKeys): { vm: T; by: 'id' | 'uuid' | 'name' } | undefined {
    const id = k.id !== '' ? this.byId.get(k.id) : undefined
    if (id) return { vm: id, by: 'id' }
    const uuid = k.uuid !== '' ? this.byUuid.get(k.uuid) : undefined
    if (uuid) return { vm: uuid, by: 'uuid' }
    const name = k.name !== '' ? this.byName.get(nameKey(k)) : undefined
    if (name) return { vm: name, by: 'name' }
    return undefined
  }
}
