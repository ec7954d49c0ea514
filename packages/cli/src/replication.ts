// One Monte Carlo replication: the scenario with replication r's draws, simulated, boiled down
// to a ReplicationRecord. The same function runs in-process and in the worker threads.

import { simulate } from '@snapsim/core'
import { replicationRecord, timeGrid, type ReplicationRecord } from '@snapsim/risk'
import { metricValue, needsFullDetail } from './metrics.ts'
import { summarize } from './summary.ts'
import { prepareScenario, readScenarioText, resolvePrepared, type LoadedScenario, type PreparedScenario, type SweepValue } from '@snapsim/scenario'

/** Key paths set on the scenario (a sweep's grid point). */
export type Settings = Readonly<Record<string, SweepValue>>

/** Points of the fan-chart grid over the horizon. */
export const GRID_POINTS = 200

/**
 * The scenario as replication r sees it: its uncertain inputs drawn from streams named
 * `${seed}/r${r}/…` and its failure draws from `${seed}/r${r}/failure/…`.
 */
export function loadReplication(file: string, seed: string | undefined, r: number, set?: Settings): LoadedScenario {
  const p = prepared(file, set)
  // Without distributions, replications differ only in their model seed (failure draws): the
  // scenario is resolved once (units, cron, calendar) and the seed set per replication.
  if (p.fixed && p.fixed.seedOverride === seed) {
    const s = p.fixed.scenario
    const replicationSeed = `${s.baseSeed}/r${r}`
    return { ...s, seed: replicationSeed, model: { ...s.model, seed: replicationSeed } }
  }
  const s = resolvePrepared(p.prepared, { replication: r, ...(seed !== undefined ? { seed } : {}), ...(set ? { set } : {}) })
  if (!s.uncertain) p.fixed = { seedOverride: seed, scenario: s }
  return s
}

/**
 * The file parsed and checked once per process (per worker thread) and sweep point: only the
 * resolution, which makes the replication's draws, is repeated. Keyed by the text too, so a
 * file rewritten between runs in one process is parsed again.
 */
interface Cached {
  readonly prepared: PreparedScenario
  /** A scenario without distributions, resolved once (for this seed override). */
  fixed?: { readonly seedOverride: string | undefined; readonly scenario: LoadedScenario }
}

const cache = new Map<string, Cached>()

function prepared(file: string, set?: Settings): Cached {
  const text = readScenarioText(file)
  const key = `${file}\u0000${set ? JSON.stringify(set) : ''}\u0000${text}`
  let p = cache.get(key)
  if (!p) {
    p = { prepared: prepareScenario(text, file, set) }
    // A sweep visits many points: keep the cache small.
    if (cache.size >= 64) cache.clear()
    cache.set(key, p)
  }
  return p
}

export function runReplication(file: string, seed: string | undefined, r: number, set?: Settings, metrics: readonly string[] = []): ReplicationRecord {
  const s = loadReplication(file, seed, r, set)
  const grid = timeGrid(s.model.horizon, GRID_POINTS)
  if (metrics.length > 0) {
    // The planner's figures (run durations, window headroom, the deltas' peak, time above the
    // alarms) are tracked in summary detail too; only metrics read from per-task records need
    // full detail (needsFullDetail).
    const full = metrics.some(needsFullDetail)
    const result = full ? simulate(s.model, { log: false, sampleInterval: 0 }) : simulate(s.model, { log: false, detail: 'summary', grid })
    const summary = summarize(s, result)
    return { ...replicationRecord(result, r, s.model.seed, grid), metrics: metrics.map((m) => metricValue(summary, m)) }
  }
  // Summary detail: totals, and the use exactly at the fan chart's grid; no log, no records.
  const result = simulate(s.model, { log: false, detail: 'summary', grid })
  return replicationRecord(result, r, s.model.seed, grid)
}
