// The planner's risk bound, e.g. "P(full) < 1%", and the cheapest grid point that meets it.
// A point meets the bound when the upper end of its 95 % Wilson interval does: 0 fills in 50
// replications is not evidence of a risk below 1 % (the interval reaches 7.1 %).

import type { SweepPoint } from './types.ts'

export interface RiskTarget {
  readonly text: string
  /** Bound on P(any datastore full within the horizon), a fraction. */
  readonly bound: number
  readonly inclusive: boolean
}

export function parseTarget(text: string): RiskTarget {
  const m = /^\s*P\(\s*full\s*\)\s*(<=|<)\s*([0-9]*\.?[0-9]+)\s*(%?)\s*$/.exec(text)
  if (!m) throw new Error(`target: expected something like "P(full) < 1%", got \`${text}\``)
  const value = Number(m[2]) / (m[3] === '%' ? 100 : 1)
  if (!(value > 0 && value <= 1)) throw new Error(`target: the bound must be within (0, 100 %], got \`${text}\``)
  return { text: text.trim(), bound: value, inclusive: m[1] === '<=' }
}

export function meetsTarget(point: SweepPoint, target: RiskTarget): boolean {
  const high = point.risk.pAnyFull.high
  return target.inclusive ? high <= target.bound : high < target.bound
}

/** The cheapest point meeting the target (lowest cost, then grid order), or null. */
export function cheapestSafe(points: readonly SweepPoint[], target: RiskTarget): SweepPoint | null {
  let best: SweepPoint | null = null
  for (const p of points) if (meetsTarget(p, target) && (best === null || p.cost < best.cost || (p.cost === best.cost && p.index < best.index))) best = p
  return best
}

/** The fewest replications with which 0 fills can show P(full) below `bound` (Wilson upper end). */
export function replicationsToShow(bound: number): number {
  // 0 of n: the upper end is z^2 / (n + z^2) < bound  <=>  n > z^2 (1 - bound) / bound
  const z2 = 1.959963984540054 ** 2
  return Math.floor((z2 * (1 - bound)) / bound) + 1
}
