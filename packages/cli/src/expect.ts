// Evaluating `expect:` blocks: each comparison of an expectation must hold.

import type { Expectation } from '@snapsim/scenario'
import { metricValue } from './metrics.ts'
import type { SummaryJson } from './summary.ts'

export interface ExpectationOutcome {
  readonly expectation: Expectation
  /** `vmsStopped equals 0` */
  readonly label: string
  readonly actual: number | null
  readonly passed: boolean
}

const COMPARISONS = [
  ['equals', (a: number, b: number) => a === b],
  ['below', (a: number, b: number) => a < b],
  ['above', (a: number, b: number) => a > b],
  ['atMost', (a: number, b: number) => a <= b],
  ['atLeast', (a: number, b: number) => a >= b],
] as const

/** Evaluate one expectation; throws MetricError for an unknown metric. */
export function evaluate(summary: SummaryJson, e: Expectation): ExpectationOutcome {
  const actual = metricValue(summary, e.metric)
  const value = actual ?? Number.POSITIVE_INFINITY
  const parts: string[] = []
  let passed = true
  for (const [key, holds] of COMPARISONS) {
    const bound = e[key]
    if (bound === undefined) continue
    parts.push(`${key} ${bound}`)
    if (!holds(value, bound)) passed = false
  }
  return { expectation: e, label: `${e.metric} ${parts.join(', ')}`, actual, passed }
}
