// @snapsim/risk: Monte Carlo over snapsim runs: per-replication records, their aggregate
// (Wilson intervals, quantiles, histograms, ECDF, fan charts), parameter sweeps.

export type * from './types.ts'
export { aggregate, type AggregateMeta } from './aggregate.ts'
export { QUANTILES, summarizeSample } from './distribution.ts'
export { replicationRecord, sampleSeries, timeGrid } from './record.ts'
export { Z95, wilson } from './wilson.ts'
export { cheapestSafe, meetsTarget, parseTarget, replicationsToShow, type RiskTarget } from './target.ts'
