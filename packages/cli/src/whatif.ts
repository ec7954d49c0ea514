// @snapsim/whatif on demand, as @snapsim/charts (charts.ts): the report's what-if panel brings
// esbuild and the charts, which only `run --out` needs. In the start-up bundle it stays
// outside, as TypeScript read through tsx.

type WhatIf = typeof import('@snapsim/whatif')

let whatif: Promise<WhatIf> | undefined

export function loadWhatIf(): Promise<WhatIf> {
  whatif ??= (async () => {
    if (process.env.SNAPSIM_BUNDLE === '1') (await import('tsx/esm/api')).register()
    return import('@snapsim/whatif')
  })()
  return whatif
}
