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

/**
 * The spec with every dataset read as it is (`format: {parse: null}`, vega-lite's switch for
 * its implicit parsing, https://vega.github.io/vega-lite/docs/data.html#format): the report's
 * data are its own JSON, times as epoch milliseconds, which vega's time scales and formats take
 * as they are; vega-lite would otherwise add a `toDate(datum.x)` formula per temporal field
 * and a Date per row, evaluated when the chart is built (13,302 rows in the BSI growth
 * report's deltas). `expressions.test.ts` draws every chart both ways: the same scene.
 */
export function unparsed(spec: unknown): unknown {
  if (Array.isArray(spec)) return spec.map(unparsed)
  if (spec === null || typeof spec !== 'object') return spec
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'data' && v !== null && typeof v === 'object' && !Array.isArray(v) && ('values' in v || 'name' in v) && !('format' in v)) out[k] = { ...v, format: { parse: null } }
    // rows are data, not spec: left as they are
    else out[k] = k === 'values' || k === 'datasets' ? v : unparsed(v)
  }
  return out
}

/** The vega spec of a vega-lite spec, as the page embeds it (vega-lite's warnings dropped). */
export const vegaSpec = (spec: unknown): vega.Spec => toVega(unparsed(spec) as TopLevelSpec).spec
