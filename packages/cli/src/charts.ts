// @snapsim/charts on demand: vega and vega-lite take most of snapsim's start-up, and only a
// command that writes a report or images needs them. In the start-up bundle (bundle.mjs) the
// charts package stays outside, as TypeScript: tsx's loader is registered first to read it.

type Charts = typeof import('@snapsim/charts')

let charts: Promise<Charts> | undefined

export function loadCharts(): Promise<Charts> {
  charts ??= (async () => {
    if (process.env.SNAPSIM_BUNDLE === '1') (await import('tsx/esm/api')).register()
    return import('@snapsim/charts')
  })()
  return charts
}
