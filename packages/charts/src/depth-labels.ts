// Chain-depth labels ("×3") on Gantt bars only where they fit: a label is drawn on a bar at least
// `LABEL_PX` wide at the current zoom, not just at the first drawing. The test is a vega
// expression on the x scale (`scale('x', …)` gives pixels), so zooming into a week brings the
// labels of that week's bars, and zooming out hides them again; SVG and PNG (no zoom) show the
// labels that fit the whole time axis.

import type { Layer } from './vl.ts'

/** Pixels a "×n" label needs on a bar. */
export const LABEL_PX = 16

/** The expression: the bar from field `x` to field `x2` is at least LABEL_PX wide on scale `x`. */
export const FITS_EXPR = `scale('x', datum.x2) - scale('x', datum.x) >= ${LABEL_PX}`

/**
 * A text layer writing `datum[textField]` at the start of each bar whose label fits; `values`
 * holds only the bars that have a label (chain depth ≥ 2), or `data` names a dataset filtered
 * by `filter`.
 */
export function depthLabelLayer(source: { values: readonly object[] } | { name: string; filter: string }, y: object, textField: string, tooltip?: readonly object[]): Layer {
  const data = 'values' in source ? { values: source.values as object[] } : { name: source.name }
  return {
    data,
    ...('filter' in source ? { transform: [{ filter: source.filter }] } : {}),
    mark: { type: 'text', align: 'left', dx: 2, fontSize: 9, fontWeight: 'bold', color: 'black', clip: true, opacity: { expr: `${FITS_EXPR} ? 1 : 0` } },
    encoding: { x: { field: 'x', type: 'temporal' }, y, text: { field: textField }, ...(tooltip ? { tooltip: [...tooltip] } : {}) },
  } as Layer
}
