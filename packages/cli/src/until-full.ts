// `--until-full [LIMIT]`: when nothing filled within the horizon, simulate on — the same
// scenario with a longer horizon — until a datastore fills or the limit is reached. No
// extrapolation: the fill time is a simulated one.
//
// How: the horizon doubles (never past the limit) until a run fills; summary detail suffices for
// the search (fill times are the same in both details, docs/model.md). The run that is reported
// then ends at the end of the day of the first fill (or at the limit): a longer horizon adds fires
// and days after the old end but changes nothing before it (the engine is causal, and draws are
// named by entity and day), so the first fill is the same in every run long enough to hold it.

import { simulate, type Result } from '@snapsim/core'
import type { LoadedScenario } from '@snapsim/scenario'

export const DEFAULT_UNTIL_FULL = 5 * 365 * 86400

export interface UntilFull {
  /** The scenario's own horizon. */
  readonly horizonSeconds: number
  readonly limitSeconds: number
  /** First fill past the horizon, or null if none up to the limit. */
  readonly firstFullAt: number | null
  /** Horizon of the reported run. */
  readonly simulatedSeconds: number
  /** Runs the search took (the reported one included). */
  readonly runs: number
}

const firstFull = (r: Result): number | null => {
  const t = r.datastores.flatMap((d) => (d.fullAt === null ? [] : [d.fullAt]))
  return t.length === 0 ? null : Math.min(...t)
}

/**
 * The scenario with horizon `h` comes from `load(h)`. Returns the run to report (the original
 * one when it filled within its horizon, so `info` is null then).
 */
export function untilFull(load: (horizon: number) => LoadedScenario, first: { scenario: LoadedScenario; result: Result }, limit: number): { scenario: LoadedScenario; result: Result; info: UntilFull | null } {
  const horizon = first.scenario.model.horizon
  if (firstFull(first.result) !== null) return { ...first, info: null }
  if (horizon >= limit) return { ...first, info: { horizonSeconds: horizon, limitSeconds: limit, firstFullAt: null, simulatedSeconds: horizon, runs: 1 } }
  let runs = 1
  let h = horizon
  let fill: number | null = null
  while (fill === null && h < limit) {
    h = Math.min(2 * h, limit)
    runs++
    fill = firstFull(simulate(load(h).model, { log: false, detail: 'summary', grid: [] }))
  }
  const end = fill === null ? h : Math.min(limit, (Math.floor(fill / 86400) + 1) * 86400)
  const scenario = load(end)
  const result = simulate(scenario.model)
  runs++
  return { scenario, result, info: { horizonSeconds: horizon, limitSeconds: limit, firstFullAt: firstFull(result), simulatedSeconds: end, runs } }
}

/** The outcome in words, for the summary. */
export function describeUntilFull(u: UntilFull, when: (t: number) => string, formatDuration: (s: number) => string): string {
  if (u.firstFullAt === null) return `Nothing filled within the horizon (${formatDuration(u.horizonSeconds)}), nor when simulated on up to the limit of ${formatDuration(u.limitSeconds)} (--until-full).`
  return `Nothing filled within the horizon (${formatDuration(u.horizonSeconds)}); simulated on (--until-full), the first datastore filled on ${when(u.firstFullAt)} (day ${Math.floor(u.firstFullAt / 86400) + 1}). The figures above cover the ${formatDuration(u.simulatedSeconds)} simulated.`
}
