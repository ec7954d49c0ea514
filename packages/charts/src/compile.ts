// vega-lite to vega, in Node: the report embeds vega specs compiled when it is written, so the
// page needs neither vega-lite's bundle (about 250 kB of script to parse) nor its compiler at
// every opening (about 0.3 s of the BSI growth report's drawing, measured in Chromium's profile).

import type * as vega from 'vega'
import { compile } from 'vega-lite'
import type { TopLevelSpec } from './vl.ts'

/** Compiles a vega-lite spec to a vega spec; vega-lite's warnings are returned, not printed. */
export function toVega(spec: TopLevelSpec): { spec: vega.Spec; warnings: string[] } {
  const warnings: string[] = []
  const logger = {
    level: (() => logger) as never,
    error: (...m: unknown[]) => {
      throw new Error(`vega-lite: ${m.join(' ')}`)
    },
    warn: (...m: unknown[]) => (warnings.push(m.join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  }
  const compiled = compile(spec, { logger: logger as never })
  return { spec: compiled.spec as vega.Spec, warnings }
}

/** The vega spec of a vega-lite spec, as the page embeds it (vega-lite's warnings dropped). */
export const vegaSpec = (spec: unknown): vega.Spec => toVega(spec as TopLevelSpec).spec
