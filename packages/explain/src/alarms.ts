// Alarm levels crossed on a datastore: the first crossing of each level and how often it fired
// (a level that fires every night is the kind of alarm people learn to ignore).

import type { DatastoreResult } from '@snapsim/core'
import type { AlarmFact } from './facts.ts'

export function alarmFacts(datastores: readonly DatastoreResult[]): AlarmFact[] {
  const facts: AlarmFact[] = []
  for (const d of datastores) {
    const byName = new Map<string, AlarmFact>()
    for (const a of d.alarms) {
      const seen = byName.get(a.name)
      if (seen === undefined) byName.set(a.name, { kind: 'alarm', t: a.at, datastore: d.id, name: a.name, level: a.level, capacity: d.capacity, count: 1 })
      else byName.set(a.name, { ...seen, t: Math.min(seen.t, a.at), count: seen.count + 1 })
    }
    facts.push(...byName.values())
  }
  return facts
}
