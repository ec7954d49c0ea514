// What the narration is derived from: a core Result, where it sits on the calendar, and what the
// Result does not say about the jobs (their overlap policy and window), when the model is known.

import type { Model, OverlapPolicy, Result, Seconds } from '@snapsim/core'

export interface JobInfo {
  readonly id: string
  readonly overlap: OverlapPolicy
  /** Seconds after a fire by which its run should be done. */
  readonly window: Seconds | null
}

export interface ExplainInput {
  readonly result: Result
  /** The scenario's name, for the what-if sentences. */
  readonly name: string
  /** The instant of simulated time 0, ms since 1970 UTC, and the scenario's IANA zone. */
  readonly startEpochMs: number
  readonly timezone: string
  /** From the model when known (a scenario file); a result file alone lacks them. */
  readonly jobs?: readonly JobInfo[]
}

/** The job facts of a model: a window defaults to "by the next fire", as in the engine. */
export function jobInfo(model: Model): JobInfo[] {
  return model.jobs.map((j) => ({
    id: j.id,
    overlap: j.overlap,
    window: j.window ?? (j.fires.length > 1 ? j.fires[1]! - j.fires[0]! : null),
  }))
}
