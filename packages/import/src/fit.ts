// Write rates from measured change. A backup product's incremental history (or a CBT report)
// says how many distinct bytes D a VM changed in an interval of T seconds. Under the model's
// own law (docs/model.md) the distinct data after W bytes written on a region R = footprint ×
// disk is S(W) = R (1 − e^(−W/R)); with W = w·T, the write rate that produces D is
//     w = −R ln(1 − D/R) / T.
// D ≥ R cannot come from any rate (the region would have to be larger): such a day is rejected
// and says so. Pure functions, each testable alone.

import { quantileSorted } from 'd3-array'

/** Distinct bytes after writing W bytes uniformly on a region of R bytes: S(W) = R (1 − e^(−W/R)). */
export const distinct = (written: number, region: number): number => region * -Math.expm1(-written / region)

/**
 * The write rate (bytes/s) that changes `changed` distinct bytes of a region of `region` bytes
 * in `seconds`; undefined when changed ≥ region (no rate reaches it) or an input is not finite
 * and positive (changed may be 0).
 */
export function fitRate(changed: number, region: number, seconds: number): number | undefined {
  if (!(Number.isFinite(changed) && changed >= 0 && Number.isFinite(region) && region > 0 && Number.isFinite(seconds) && seconds > 0)) return undefined
  if (changed >= region) return undefined
  // −log1p(−x) keeps precision when D is a small share of R.
  return (-region * Math.log1p(-changed / region)) / seconds
}

export interface RateSummary {
  readonly n: number
  readonly median: number
  readonly p10: number
  readonly p90: number
  readonly min: number
  readonly max: number
}

/** Median, 10th and 90th percentiles, min and max of fitted rates (d3-array quantiles, R-7). */
export function summarizeRates(rates: readonly number[]): RateSummary | undefined {
  if (rates.length === 0) return undefined
  const s = [...rates].sort((a, b) => a - b)
  return { n: s.length, median: quantileSorted(s, 0.5)!, p10: quantileSorted(s, 0.1)!, p90: quantileSorted(s, 0.9)!, min: s[0]!, max: s[s.length - 1]! }
}
