// Builders for hand-made models in tests: every field explicit, defaults that keep the
// closed forms simple (generic profile, flat rates, no growth).

import type { Datastore, Job, Model, Vm } from './model.ts'
import { generic, type Platform } from './platform.ts'

export const KiB = 1024
export const MiB = 1024 * KiB
export const GiB = 1024 * MiB
export const TiB = 1024 * GiB
export const HOUR = 3600
export const DAY = 86400

export function ds(id: string, capacity: number, extra: Partial<Datastore> = {}): Datastore {
  return { id, capacity, fixedUse: 0, consolidationThroughput: 100 * MiB, platform: generic, ...extra }
}

export function vm(id: string, datastore: string, extra: Partial<Vm> = {}): Vm {
  return {
    id,
    datastore,
    disk: 100 * GiB,
    used: 50 * GiB,
    provisioning: 'thick',
    dataGrowth: 0,
    writeRate: 0,
    footprint: 1,
    ...extra,
  }
}

export function job(id: string, vms: string[], fires: number[], extra: Partial<Job> = {}): Job {
  return { id, fires, vms, type: 'full', streamThroughput: 100 * MiB, overlap: 'start', ...extra }
}

export function model(parts: Partial<Model> & Pick<Model, 'datastores' | 'vms'>): Model {
  return { horizon: 10 * DAY, seed: 'test', jobs: [], ...parts }
}

export function profile(over: Partial<Platform>): Platform {
  return { ...generic, ...over }
}
