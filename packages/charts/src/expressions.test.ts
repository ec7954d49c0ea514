// The report draws its charts with its own evaluator of vega's expression syntax trees
// (expressions.ts; the CSP has no 'unsafe-eval'). Every chart the report embeds must come out of
// it exactly as out of vega's code generator: the same scene (every item's position, size, colour,
// text, tooltip, aria label), before and after the parameters the page sets (the narration's mark,
// "y axis from zero"). With vega-interpreter's meaning of `datetime(n)` the time axes' domains are
// NaN and these fail.

import { runInThisContext } from 'node:vm'
import * as vega from 'vega'
import { describe, expect, it } from 'vitest'
import { FROM_ZERO_PARAM } from './band.ts'
import { EXPRESSION_EVALUATOR, EXPRESSIONS_SCRIPT } from './expressions.ts'
import { HOUR, ctx, fleetResult, orphanResult, overlapResult, reportData, riskInputs, wall } from './fixtures.test-helpers.ts'
import { MARK_PARAM } from './narration.ts'
import { toVega, vegaSpec } from './compile.ts'
import { chartData } from './report-data.ts'
import { renderReportHtml } from './report.ts'
import { sceneOf } from './scene.test-helpers.ts'
import type { TopLevelSpec } from './vl.ts'

/** The evaluator as the page gets it: the script run after vega's bundle (in this realm, so
 * its guards hold this realm's `Function` and `eval`). */
export function pageEvaluator(): unknown {
  return runInThisContext(`(function (vega) {${EXPRESSIONS_SCRIPT}\nreturn ${EXPRESSION_EVALUATOR}; })`)(vega)
}
const evaluator = pageEvaluator()

// the report embeds vega specs (compiled when it is written); the test's own specs are vega-lite
const isVega = (spec: unknown) => String((spec as { $schema?: unknown }).$schema).includes('/schema/vega/')

function view(spec: unknown, interpreted: boolean): vega.View {
  const vg = isVega(spec) ? (spec as vega.Spec) : toVega(spec as TopLevelSpec).spec
  return interpreted
    ? new vega.View(vega.parse(vg, undefined, { ast: true }), { renderer: 'none', logLevel: vega.Error, expr: evaluator } as vega.ViewOptions)
    : new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.Error })
}

/** Both views' scenes after each step (the first step: as drawn), and the interpreted SVG. */
async function both(spec: unknown, steps: ((v: vega.View) => void)[]): Promise<{ compiled: unknown[]; interpreted: unknown[]; svg: string }> {
  const compiled = view(spec, false)
  const interpreted = view(spec, true)
  const result = { compiled: [] as unknown[], interpreted: [] as unknown[], svg: '' }
  try {
    for (const step of [() => {}, ...steps]) {
      for (const [v, into] of [[compiled, result.compiled], [interpreted, result.interpreted]] as const) {
        step(v)
        await v.runAsync()
        into.push(sceneOf(v))
      }
    }
    result.svg = await interpreted.toSVG()
  } finally {
    compiled.finalize()
    interpreted.finalize()
  }
  return result
}

const has = (v: vega.View, name: string) => {
  try {
    v.signal(name)
    return true
  } catch {
    return false
  }
}
const setIf = (name: string, value: unknown) => (v: vega.View) => {
  if (has(v, name)) v.signal(name, value)
}

/** Every spec a report embeds, by id (the fleet's per-datastore detail as use:ID, deltas:ID). */
function embedded(html: string): [string, unknown][] {
  const data = reportData(html)
  const out: [string, unknown][] = Object.entries(data.specs as Record<string, unknown>)
  if (data.detail) for (const id of data.detail.order as string[]) out.push([`use:${id}`, data.detail.use[id]], [`deltas:${id}`, data.detail.deltas[id]])
  return out
}

describe("the charts under the report's expression evaluator", () => {
  const single = overlapResult()
  const { risk, sweep } = riskInputs(single, 'risk', 'jobs.nightly.concurrency')
  const reports: [string, string][] = [
    ['single run', renderReportHtml({ title: 't', result: single, context: ctx, summaryLines: [], narration: { lang: 'en', heading: 'h', hint: 'h', items: [{ t: HOUR, label: 'l', sentences: ['s'] }] } })],
    ['orphans', renderReportHtml({ title: 't', result: orphanResult(), context: ctx, summaryLines: [] })],
    ['fleet', renderReportHtml({ title: 't', result: fleetResult(), context: { ...ctx, maxRows: 10 }, summaryLines: [] })],
    ['Monte Carlo and sweep', renderReportHtml({ title: 't', result: single, context: ctx, summaryLines: [], risk, sweep })],
  ]
  const cases = reports.flatMap(([kind, html]) => embedded(html).map(([id, spec]) => [`${kind}: ${id}`, spec] as const))

  it('reaches every kind of chart', () => {
    const ids = cases.map(([name]) => name)
    for (const id of ['use', 'backups', 'deltas', 'states', 'overview', 'drill', 'risk-fullByDay', 'risk-timeToFull', 'risk-fan', 'sweep-heatmap']) {
      expect(ids.some((n) => n.endsWith(`: ${id}`)), id).toBe(true)
    }
    expect(ids.some((n) => n.startsWith('fleet: use:'))).toBe(true)
  })

  it.each(cases)('%s: the same scene as compiled, drawn and after the page sets its parameters', async (_, spec) => {
    const r = await both(spec, [setIf(MARK_PARAM, wall(HOUR)), setIf(FROM_ZERO_PARAM, true), setIf(MARK_PARAM, null)])
    expect(r.interpreted).toEqual(r.compiled)
    // a drawn chart, not two equally empty ones: no NaN reached the SVG
    expect(r.svg).toContain('<path')
    expect(r.svg).not.toMatch(/NaN/)
  }, 30_000)

  it('draws a time axis with a set domain (vega-lite writes its ends as datetime(n))', async () => {
    const spec = {
      data: { values: [{ t: wall(0) }, { t: wall(HOUR) }] },
      mark: 'tick',
      encoding: { x: { field: 't', type: 'temporal', scale: { type: 'utc', domain: [wall(0), wall(2 * HOUR)] } } },
    }
    expect(JSON.stringify(toVega(spec as TopLevelSpec).spec)).toContain(`datetime(${wall(0)})`)
    const v = view(spec, true)
    await v.runAsync()
    expect(v.scale('x').domain().map((d: Date) => d.getTime())).toEqual([wall(0), wall(2 * HOUR)])
    v.finalize()
  })
})

describe('the report compiles its specs with the datasets unparsed (compile.ts)', () => {
  const single = overlapResult()
  const { risk, sweep } = riskInputs(single, 'risk', 'jobs.nightly.concurrency')
  const narration = { lang: 'en' as const, heading: 'h', hint: 'h', items: [{ t: HOUR, label: 'l', sentences: ['s'] }] }
  const inputs = [
    ['single run', { title: 't', result: single, context: ctx, summaryLines: [], narration }],
    ['orphans', { title: 't', result: orphanResult(), context: ctx, summaryLines: [] }],
    ['fleet', { title: 't', result: fleetResult(), context: { ...ctx, maxRows: 10 }, summaryLines: [] }],
    ['Monte Carlo and sweep', { title: 't', result: single, context: ctx, summaryLines: [], risk, sweep }],
  ] as const
  const cases = inputs.flatMap(([kind, input]) => {
    const c = chartData(input)
    const specs: [string, unknown][] = Object.entries(c.specs)
    if (c.detail) for (const id of c.detail.order) specs.push([`use:${id}`, c.detail.use[id]], [`deltas:${id}`, c.detail.deltas[id]])
    return specs.map(([id, spec]) => [`${kind}: ${id}`, spec] as const)
  })

  it.each(cases)('%s: the same scene as with vega-lite parsing the data', async (_, spec) => {
    const parsed = new vega.View(vega.parse(toVega(spec as TopLevelSpec).spec), { renderer: 'none', logLevel: vega.Error })
    const unparsedView = new vega.View(vega.parse(vegaSpec(spec)), { renderer: 'none', logLevel: vega.Error })
    try {
      const scenes: unknown[][] = [[], []]
      for (const step of [() => {}, setIf(MARK_PARAM, wall(HOUR)), setIf(FROM_ZERO_PARAM, true)]) {
        for (const [k, v] of [parsed, unparsedView].entries()) {
          step(v)
          await v.runAsync()
          scenes[k]!.push(sceneOf(v))
        }
      }
      expect(scenes[1]).toEqual(scenes[0])
    } finally {
      parsed.finalize()
      unparsedView.finalize()
    }
  }, 30_000)

  it('leaves no toDate formula in a time chart', () => {
    const spec = vegaSpec({ data: { values: [{ t: wall(0) }] }, mark: 'tick', encoding: { x: { field: 't', type: 'temporal' } } })
    expect(JSON.stringify(spec)).not.toContain('toDate(')
    expect(JSON.stringify(toVega({ data: { values: [{ t: wall(0) }] }, mark: 'tick', encoding: { x: { field: 't', type: 'temporal' } } } as TopLevelSpec).spec)).toContain('toDate(')
  })
})
