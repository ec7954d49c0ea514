// Evaluating `expect:` blocks: each comparison of an expectation must hold. A bound may carry the
// unit of its metric's kind (`atMost: 26h`, `atLeast: 1.5 TiB`, `atMost: 80%`); failures print
// the actual value and the bound in those units ("first alarm 76 d 21 h, expected at least 90 d").

import type { Expectation } from '@snapsim/scenario'
import { formatBytes, parseDuration, parseShare, parseSize } from '@snapsim/scenario'
import { MetricError, metricInfo, metricValue, type MetricKind } from './metrics.ts'
import type { SummaryJson } from './summary.ts'

export interface ExpectationOutcome {
  readonly expectation: Expectation
  /** `vmsStopped equals 0`, `firstAlarmAt atLeast 90 d` */
  readonly label: string
  readonly actual: number | null
  /** The actual value in its unit: `76 d 21 h`, `never` for a null time. */
  readonly actualText: string
  /** `first alarm 76 d 21 h, expected at least 90 d` */
  readonly failure: string
  readonly passed: boolean
}

const COMPARISONS = [
  ['equals', 'exactly', (a: number, b: number) => a === b],
  ['below', 'below', (a: number, b: number) => a < b],
  ['above', 'above', (a: number, b: number) => a > b],
  ['atMost', 'at most', (a: number, b: number) => a <= b],
  ['atLeast', 'at least', (a: number, b: number) => a >= b],
] as const

export type ComparisonKey = (typeof COMPARISONS)[number][0]

/** A bound that does not fit its metric's kind: bad input, with the comparison it was given for. */
export class BoundError extends Error {
  override name = 'BoundError'
  constructor(
    readonly key: ComparisonKey,
    message: string,
  ) {
    super(message)
  }
}

const KIND_WORDS: Readonly<Record<MetricKind, string>> = {
  count: 'a number',
  time: 'a time since the start like `90d` or `36h`',
  duration: 'a duration like `26h` or `1h30min`',
  bytes: 'a size like `1.5 TiB`',
  share: 'a share like `80%` or 0.8',
}

/** A bound as written (a number, or text with a unit) in the metric's base unit. */
export function parseBound(kind: MetricKind, value: number | string): number {
  let n: number
  switch (kind) {
    case 'count':
      n = typeof value === 'number' ? value : /^\s*-?[0-9]+(\.[0-9]+)?\s*$/.test(value) ? Number(value) : Number.NaN
      if (!Number.isFinite(n)) throw new Error(`\`${String(value)}\` is not a number`)
      return n
    case 'time':
    case 'duration':
      n = parseDuration(value)
      break
    case 'bytes':
      n = parseSize(value)
      break
    case 'share':
      n = parseShare(value)
      break
  }
  if (!Number.isFinite(n)) throw new Error(`\`${String(value)}\` is not a finite value`)
  return n
}

/**
 * `76 d 21 h`, `52 min 37.333 s`: every part that is not zero, seconds to the millisecond, so a
 * bound written to the second is shown as written (formatDuration rounds to minutes).
 */
export function exactDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds)
  const ms = Math.round(Math.abs(seconds) * 1000)
  if (ms === 0) return '0 s'
  const d = Math.floor(ms / 86_400_000)
  const h = Math.floor((ms % 86_400_000) / 3_600_000)
  const m = Math.floor((ms % 3_600_000) / 60_000)
  const s = (ms % 60_000) / 1000
  const parts: string[] = []
  if (d > 0) parts.push(`${d} d`)
  if (h > 0) parts.push(`${h} h`)
  if (m > 0) parts.push(`${m} min`)
  if (s > 0) parts.push(`${s} s`)
  return (seconds < 0 ? '-' : '') + parts.join(' ')
}

/** A value of the metric's kind in words: `76 d 21 h`, `1.50 TiB`, `80.0 %`, `12`. */
export function formatMetric(kind: MetricKind, value: number | null): string {
  // A time that never came; any other missing value (a trend of one run) is none.
  if (value === null) return kind === 'time' ? 'never' : 'none'
  switch (kind) {
    case 'count':
      return String(value)
    case 'time':
    case 'duration':
      return exactDuration(value)
    case 'bytes':
      return formatBytes(value)
    case 'share':
      return `${(value * 100).toFixed(1)} %`
  }
}

/** Evaluate one expectation; throws MetricError for an unknown metric, BoundError for a bad bound. */
export function evaluate(summary: SummaryJson, e: Expectation): ExpectationOutcome {
  const actual = metricValue(summary, e.metric)
  const info = metricInfo(e.metric)
  if (!info) throw new MetricError(`unknown metric \`${e.metric}\``)
  const value = actual ?? Number.POSITIVE_INFINITY
  const labels: string[] = []
  const expected: string[] = []
  let passed = true
  for (const [key, words, holds] of COMPARISONS) {
    const raw = e[key]
    if (raw === undefined) continue
    let bound: number
    try {
      bound = parseBound(info.kind, raw)
    } catch (err) {
      throw new BoundError(key, `${key}: ${(err as Error).message}; ${e.metric} takes ${KIND_WORDS[info.kind]}`)
    }
    labels.push(`${key} ${formatMetric(info.kind, bound)}`)
    expected.push(`${words} ${formatMetric(info.kind, bound)}`)
    if (!holds(value, bound)) passed = false
  }
  const actualText = formatMetric(info.kind, actual)
  return {
    expectation: e,
    label: `${e.metric} ${labels.join(', ')}`,
    actual,
    actualText,
    failure: `${info.words} ${actualText}, expected ${expected.join(' and ')}`,
    passed,
  }
}
