// A Monte Carlo run or a sweep as facts for its narration: how many replications filled a
// datastore, when the first fill came (median and range) and where, how tight it got when none
// filled, the downtime, the worst replication; for a sweep its grid, the parameter that drives
// P(full) if one does, and the cheapest point meeting the target. Every figure is one of the
// risk summary's (or, for the driver, a mean of its points' P(full)); times are seconds since the
// scenario's start.

import type { RiskSummary, SweepSummary } from '@snapsim/risk'

/** A sweep point named in a sentence: its index and its parameter values as written. */
export interface PointRef {
  readonly index: number
  readonly values: string
}

export type RiskFact =
  | {
      readonly kind: 'risk.fill'
      readonly replications: number
      readonly filled: number
      readonly low: number
      readonly high: number
      readonly horizon: number
      /** A sweep's report shows the risk of one point. */
      readonly point: PointRef | null
    }
  | { readonly kind: 'risk.datastore'; readonly datastore: string; readonly first: boolean; readonly filled: number; readonly trials: number; readonly median: number; readonly min: number; readonly max: number }
  | { readonly kind: 'risk.more'; readonly datastores: number }
  | { readonly kind: 'risk.peak'; readonly datastore: string; readonly median: number; readonly max: number }
  | { readonly kind: 'risk.downtime'; readonly meanVms: number; readonly maxVms: number; readonly meanSeconds: number }
  | { readonly kind: 'risk.worst'; readonly replication: number; readonly firstFullAt: number | null; readonly downtime: number }
  | { readonly kind: 'sweep.grid'; readonly points: number; readonly replications: number; readonly parameters: readonly string[] }
  | { readonly kind: 'sweep.driver'; readonly path: string; readonly others: boolean; readonly low: Level; readonly high: Level }
  | { readonly kind: 'sweep.flat'; readonly path: string; readonly effect: number }
  | { readonly kind: 'sweep.target'; readonly target: string; readonly cheapest: PointRef | null }

export type RiskFactKind = RiskFact['kind']

/** A parameter's value and the mean P(full) over the points that have it. */
export interface Level {
  readonly value: string
  readonly p: number
}

/** How much P(full) a parameter moves: its values' mean P(full), lowest and highest. */
export interface Effect {
  readonly path: string
  readonly low: Level
  readonly high: Level
  /** high.p − low.p */
  readonly effect: number
}

/** The smallest effect (in P(full), 10 percentage points) a driver must have. */
export const DRIVER_MIN_EFFECT = 0.1

/** Each parameter's main effect on P(full): for each of its values, the mean over the points having it. */
export function effects(sweep: SweepSummary): Effect[] {
  return sweep.parameters.map(({ path, values }) => {
    const levels: Level[] = values.map((v) => {
      const at = sweep.points.filter((p) => Object.hasOwn(p.values, path) && String(p.values[path]) === String(v))
      return { value: String(v), p: at.length === 0 ? Number.NaN : at.reduce((a, x) => a + x.risk.pAnyFull.estimate, 0) / at.length }
    })
    const seen = levels.filter((l) => Number.isFinite(l.p))
    const low = seen.reduce<Level | undefined>((a, l) => (a === undefined || l.p < a.p ? l : a), undefined) ?? { value: '', p: 0 }
    const high = seen.reduce<Level | undefined>((a, l) => (a === undefined || l.p > a.p ? l : a), undefined) ?? { value: '', p: 0 }
    return { path, low, high, effect: high.p - low.p }
  })
}

/**
 * The parameter that drives P(full), if the sweep shows one: the largest main effect, at least
 * DRIVER_MIN_EFFECT and at least twice every other parameter's. Null otherwise.
 */
export function mainDriver(sweep: SweepSummary): Effect | null {
  const all = effects(sweep).sort((a, b) => b.effect - a.effect)
  const [top, next] = all
  if (top === undefined || top.effect < DRIVER_MIN_EFFECT) return null
  if (next !== undefined && top.effect < 2 * next.effect) return null
  return top
}

/** At most this many datastores are told one by one; the rest are counted (a fleet has hundreds). */
export const RISK_DATASTORES = 3

const valuesText = (values: Readonly<Record<string, string | number>>) =>
  Object.entries(values)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ')

/** The facts of a Monte Carlo run (and of the sweep it belongs to), in the order they are told. */
export function riskFacts(risk: RiskSummary, sweep?: SweepSummary): RiskFact[] {
  const facts: RiskFact[] = []
  const ref = (index: number): PointRef => ({ index, values: valuesText(sweep!.points.find((p) => p.index === index)?.values ?? {}) })
  if (sweep) {
    facts.push({ kind: 'sweep.grid', points: sweep.points.length, replications: sweep.replications, parameters: sweep.parameters.map((p) => p.path) })
    const driver = mainDriver(sweep)
    if (driver) facts.push({ kind: 'sweep.driver', path: driver.path, others: sweep.parameters.length > 1, low: driver.low, high: driver.high })
    else {
      const top = effects(sweep).sort((a, b) => b.effect - a.effect)[0]
      if (top) facts.push({ kind: 'sweep.flat', path: top.path, effect: top.effect })
    }
    if (sweep.target) facts.push({ kind: 'sweep.target', target: sweep.target.text, cheapest: sweep.target.cheapest === null ? null : ref(sweep.target.cheapest) })
  }
  // the point whose risk the report shows: the cheapest safe one, else the first
  const shown = sweep ? (sweep.points.find((p) => p.index === sweep.target?.cheapest) ?? sweep.points[0]) : undefined
  const a = risk.pAnyFull
  facts.push({ kind: 'risk.fill', replications: risk.replications, filled: a.successes, low: a.low, high: a.high, horizon: risk.horizonSeconds, point: shown ? ref(shown.index) : null })
  const filling = risk.datastores
    .filter((d) => d.timeToFull !== null && d.pFull.successes > 0)
    .sort((x, y) => y.pFull.successes - x.pFull.successes || median(x.timeToFull!.quantiles) - median(y.timeToFull!.quantiles))
  filling.slice(0, RISK_DATASTORES).forEach((d, i) => {
    const t = d.timeToFull!
    facts.push({ kind: 'risk.datastore', datastore: d.id, first: i === 0 && risk.datastores.length > 1, filled: d.pFull.successes, trials: d.pFull.trials, median: median(t.quantiles), min: t.min, max: t.max })
  })
  if (filling.length > RISK_DATASTORES) facts.push({ kind: 'risk.more', datastores: filling.length - RISK_DATASTORES })
  if (filling.length === 0 && risk.datastores.length > 0) {
    const tight = risk.datastores.reduce((x, y) => (median(y.peakUsedFraction.quantiles) > median(x.peakUsedFraction.quantiles) ? y : x))
    facts.push({ kind: 'risk.peak', datastore: tight.id, median: median(tight.peakUsedFraction.quantiles), max: tight.peakUsedFraction.max })
  }
  if (risk.vmsStopped.max > 0) facts.push({ kind: 'risk.downtime', meanVms: risk.vmsStopped.mean, maxVms: risk.vmsStopped.max, meanSeconds: risk.downtimeSeconds.mean })
  if (risk.replications > 1) facts.push({ kind: 'risk.worst', replication: risk.worst.replication, firstFullAt: risk.worst.firstFullAt, downtime: risk.worst.downtimeSeconds })
  return facts
}

function median(q: readonly { readonly p: number; readonly value: number }[]): number {
  return q.find((x) => x.p === 0.5)?.value ?? Number.NaN
}
