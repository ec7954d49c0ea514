// What a capacity planner asks of each datastore beyond its peak: the least free space and when,
// the most space all snapshot deltas held together, and how long use stayed above each alarm
// level. The engine tracks them in both levels of detail (DatastoreResult.peakDeltas,
// timeAboveAlarms); for result files written before it did, and as the slow twin they are
// tested against, they are computed from a full-detail run's use series, which holds the use
// before and after every event (model.md, "Samples"): use does not fall between events, so the
// deltas' peak is at a point of the series and use falls below a level only at a point where it drops.

import type { PlannerDatastore, TimeAboveLevel } from '@snapsim/charts'
import type { AlarmRecord, DatastoreResult, UseSeries } from '@snapsim/core'

/** Time above one alarm level, the level as a share of capacity (core's LevelTime has it in bytes). */
export type LevelTime = TimeAboveLevel

/** A datastore's figures (PlannerDatastore, documented there, without its id and capacity). */
export type DatastoreFigures = Omit<PlannerDatastore, 'id' | 'capacityBytes'>

/** The largest value of `deltas` and the first time it was reached (0 at time 0 if none). */
export function peakOf(series: Pick<UseSeries, 't' | 'deltas'>): { bytes: number; at: number } {
  let bytes = 0
  let at = 0
  for (let i = 0; i < series.t.length; i++) {
    if (series.deltas[i]! > bytes) {
      bytes = series.deltas[i]!
      at = series.t[i]!
    }
  }
  return { bytes, at }
}

/**
 * Seconds at or above `levelBytes`: each alarm (an upward crossing) starts a stretch that ends at
 * the first drop of the use below the level after it, or at the horizon.
 */
export function timeAbove(series: Pick<UseSeries, 't' | 'used'>, alarmsAt: readonly number[], levelBytes: number, horizon: number): number {
  let total = 0
  let i = 0
  for (const at of alarmsAt) {
    while (i < series.t.length && series.t[i]! < at) i++
    let end = horizon
    for (let j = Math.max(i, 1); j < series.t.length; j++) {
      if (series.used[j]! < levelBytes && series.used[j]! < series.used[j - 1]!) {
        end = series.t[j]!
        i = j
        break
      }
    }
    total += end - at
  }
  return total
}

/** Alarm levels of a datastore, each once (by name and level), in order of level. */
function levelsOf(alarms: readonly AlarmRecord[], configured: readonly { name: string; fraction: number }[], capacity: number): { name: string; bytes: number }[] {
  const seen = new Map<string, { name: string; bytes: number }>()
  for (const c of configured) seen.set(`${c.name}\u0000${c.fraction * capacity}`, { name: c.name, bytes: c.fraction * capacity })
  for (const a of alarms) seen.set(`${a.name}\u0000${a.level}`, { name: a.name, bytes: a.level })
  return [...seen.values()].sort((a, b) => a.bytes - b.bytes)
}

export function datastoreFigures(d: DatastoreResult, configured: readonly { name: string; fraction: number }[], horizon: number): DatastoreFigures {
  const tracked = d.timeAboveAlarms
  if (d.peakDeltas !== undefined && d.peakDeltasAt !== undefined && tracked !== undefined) {
    return {
      minFreeBytes: d.capacity - d.peakUsed,
      minFreeAt: d.peakUsedAt,
      peakDeltasBytes: d.peakDeltas,
      peakDeltasAt: d.peakDeltasAt,
      timeAboveAlarms: levelsOf(d.alarms, configured, d.capacity).map((l) => ({
        name: l.name,
        level: l.bytes / d.capacity,
        seconds: tracked.find((x) => x.name === l.name && x.level === l.bytes)?.seconds ?? 0,
      })),
    }
  }
  return fromSeries(d, configured, horizon)
}

/** The same figures from a full-detail use series (result files without the tracked ones). */
export function fromSeries(d: DatastoreResult, configured: readonly { name: string; fraction: number }[], horizon: number): DatastoreFigures {
  const peak = peakOf(d.series)
  return {
    minFreeBytes: d.capacity - d.peakUsed,
    minFreeAt: d.peakUsedAt,
    peakDeltasBytes: peak.bytes,
    peakDeltasAt: peak.at,
    timeAboveAlarms: levelsOf(d.alarms, configured, d.capacity).map((l) => ({
      name: l.name,
      level: l.bytes / d.capacity,
      seconds: timeAbove(
        d.series,
        d.alarms.filter((a) => a.name === l.name && a.level === l.bytes).map((a) => a.at),
        l.bytes,
        horizon,
      ),
    })),
  }
}
