// Space running out and what it did to the VMs: the datastore full, the first VM that stopped
// and the platform's reason, the downtime that followed. G 4.78: "the virtualisation server
// refuses the virtual IT system further write access ... and it gets into an error situation".

import type { DatastoreResult, Result, VmResult } from '@snapsim/core'
import type { DowntimeFact, EndFact, FullFact, StopFact } from './facts.ts'

export function fullFacts(datastores: readonly DatastoreResult[]): FullFact[] {
  return datastores.filter((d) => d.fullAt !== null).map((d) => ({ kind: 'full' as const, t: d.fullAt!, datastore: d.id, capacity: d.capacity, times: d.fullTimes.length }))
}

/** Per datastore the VM that stopped first (the first in the result's order at a tie). */
export function stopFacts(result: Result, vms: readonly VmResult[]): StopFact[] {
  const facts: StopFact[] = []
  for (const d of result.datastores) {
    const on = result.vms.filter((v) => v.datastore === d.id)
    const stopped = vms.filter((v) => v.datastore === d.id && v.firstStopAt !== null)
    if (stopped.length === 0) continue
    const t = Math.min(...stopped.map((v) => v.firstStopAt!))
    const first = stopped.find((v) => v.firstStopAt === t)!
    const interval = first.states.find((s) => s.state !== 'running' && s.from === t)
    const together = on.filter((v) => v.firstStopAt === t).length
    const everyone = on.every((v) => v.firstStopAt !== null)
    facts.push({
      kind: 'stop',
      t,
      vm: first.id,
      datastore: d.id,
      platform: d.platform,
      reason: interval?.reason ?? interval?.state ?? 'paused',
      together,
      onDatastore: on.length,
      bsi: together === on.length && everyone ? 'allFailed' : 'refused',
    })
  }
  return facts
}

export function downtimeFacts(result: Result, vms: readonly VmResult[]): DowntimeFact[] {
  const facts: DowntimeFact[] = []
  for (const d of result.datastores) {
    const stopped = vms.filter((v) => v.datastore === d.id && v.firstStopAt !== null)
    if (stopped.length === 0) continue
    const longest = stopped.reduce((a, v) => (v.downtime > a.downtime ? v : a))
    const on = result.vms.filter((v) => v.datastore === d.id).length
    facts.push({
      kind: 'downtime',
      t: Math.max(...stopped.map((v) => v.firstStopAt!)),
      datastore: d.id,
      vms: stopped.length,
      onDatastore: on,
      seconds: stopped.reduce((s, v) => s + v.downtime, 0),
      longestVm: longest.id,
      longestSeconds: longest.downtime,
      stillStopped: stopped.filter((v) => v.finalState !== 'running').length,
      crashed: stopped.filter((v) => v.states.some((s) => s.state === 'crashed')).length,
    })
  }
  return facts
}

/** Datastores on which no VM stopped: their peak. */
export function endFacts(datastores: readonly DatastoreResult[], vms: readonly VmResult[]): EndFact[] {
  return datastores
    .filter((d) => !vms.some((v) => v.datastore === d.id && v.firstStopAt !== null))
    .map((d) => ({ kind: 'end' as const, t: d.peakUsedAt, datastore: d.id, peak: d.peakUsed, peakAt: d.peakUsedAt, capacity: d.capacity }))
}
