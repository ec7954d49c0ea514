// The what-if Web Worker's entry, bundled by esbuild at report time (bundle.ts) and started from
// a blob: URL by the panel's page script (allowed by `worker-src blob:` in the report's CSP).
// Messages: {type: 'init', setup} -> {type: 'baseline', out}; {type: 'run', seq, values} ->
// {type: 'result', seq, out, ms}; anything that fails -> {type: 'error', seq, message} (a
// scenario error carries the loader's message with its position, as the CLI prints it).

import { config } from 'zod'
import type { Model } from '@snapsim/core'
import { runArgs, whatIf, type WhatIfSetup } from './engine.ts'
import { setArguments } from './flags.ts'

// zod's fast path compiles parsers with `new Function`; the report's CSP has no 'unsafe-eval' for
// the worker's code to rely on, and its probe alone would report a violation.
config({ jitless: true })

interface Scope {
  onmessage: ((e: { data: unknown }) => void) | null
  postMessage(message: unknown): void
}
const scope = globalThis as unknown as Scope

let setup: WhatIfSetup | null = null
let baseModel: Model | null = null

scope.onmessage = (e) => {
  const m = e.data as { type: string; seq?: number; setup?: WhatIfSetup; values?: Record<string, number | string> }
  const seq = m.seq ?? 0
  try {
    if (m.type === 'init') {
      setup = m.setup!
      const t0 = performance.now()
      const r = runArgs(setup, setArguments(new Map(setup.source.base)))
      baseModel = r.scenario.model
      scope.postMessage({ type: 'baseline', seq, out: r.out, ms: performance.now() - t0 })
    } else if (m.type === 'run') {
      if (setup === null || baseModel === null) throw new Error('the what-if engine was not started')
      const t0 = performance.now()
      const out = whatIf(setup, baseModel, m.values ?? {})
      scope.postMessage({ type: 'result', seq, out, ms: performance.now() - t0 })
    }
  } catch (err) {
    scope.postMessage({ type: 'error', seq, message: err instanceof Error ? err.message : String(err) })
  }
}
