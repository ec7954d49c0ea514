// Summaries of a sample: mean, range, quantiles and a histogram (d3-array).

import { bin, extent, mean, quantileSorted } from 'd3-array'
import type { Distribution } from './types.ts'

export const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const

export function summarizeSample(values: readonly number[], bins = 20): Distribution {
  const sorted = [...values].sort((a, b) => a - b)
  const [min, max] = extent(sorted) as [number | undefined, number | undefined]
  const histogram =
    sorted.length === 0
      ? []
      : bin()
          .thresholds(bins)(sorted)
          .map((b) => ({ x0: b.x0 ?? min ?? 0, x1: b.x1 ?? max ?? 0, count: b.length }))
  return {
    mean: mean(sorted) ?? 0,
    min: min ?? 0,
    max: max ?? 0,
    quantiles: QUANTILES.map((p) => ({ p, value: quantileSorted(sorted, p) ?? 0 })),
    histogram,
  }
}
