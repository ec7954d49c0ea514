// vega-lite types used by the spec builders, derived from the package's stable `TopLevelSpec`.

import type { TopLevelSpec } from 'vega-lite'

export type { TopLevelSpec }
/** A top-level layered spec. */
export type LayerChart = Extract<TopLevelSpec, { layer: unknown }>
/** One layer of a layered spec (a unit or a nested layer). */
export type Layer = LayerChart['layer'][number]
/** A top-level vertical concatenation. */
export type VConcatChart = Extract<TopLevelSpec, { vconcat: unknown }>
/** A chart inside a vconcat. */
export type ConcatItem = VConcatChart['vconcat'][number]
