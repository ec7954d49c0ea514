// The Wilson score interval for a binomial proportion: unlike the normal approximation it stays
// inside [0, 1] and keeps its coverage near 95 % for small counts and proportions near 0 or 1
// (Wilson 1927; Brown, Cai & DasGupta 2001).

import type { Proportion } from './types.ts'

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054

export function wilson(successes: number, trials: number, z = Z95): Proportion {
  if (trials <= 0) return { successes, trials, estimate: 0, low: 0, high: 1 }
  const p = successes / trials
  const z2 = z * z
  const denom = 1 + z2 / trials
  const center = (p + z2 / (2 * trials)) / denom
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom
  return { successes, trials, estimate: p, low: Math.max(0, center - half), high: Math.min(1, center + half) }
}
