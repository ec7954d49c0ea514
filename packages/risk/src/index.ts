// @snapsim/risk: Monte Carlo over snapsim runs: per-replication records, their aggregate
// (Wilson intervals, quantiles, histograms, ECDF, fan charts), parameter sweeps.

export type * from './types.ts'
