// The slow twin of the what-if redraw. A move redraws the what-if charts by changesets on the
// views drawn once (REDRAW_SCRIPT, the text the page script includes, run here as it is); the
// straightforward way is to embed each chart again from the panel's spec and the whole data of
// the what-if shown. For generated sequences of moves, "back to the run" and (in a fleet) picks of
// another datastore in the report's detail, fed through the page's own rules for when it redraws,
// every view redrawn by changesets must have the scene (every item's position, size, colour,
// text) of a view embedded fresh. Vega's headless View (renderer 'none'), as charts'
// expressions.test.ts. The panel's specs, setup and unit are those a report carries (whatIfPanel's
// packed data, unpacked); the what-ifs come from the engine the worker runs (engine.ts).

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runInThisContext } from 'node:vm'
import { gunzipSync } from 'node:zlib'
import fc from 'fast-check'
import * as vega from 'vega'
import { describe, expect, it } from 'vitest'
import { sceneOf } from '@snapsim/charts/scene'
import { DEFAULT_LIMITS } from '@snapsim/scenario'
import type { Control } from './controls.ts'
import { loadWith, runArgs, whatIf, type WhatIfOut, type WhatIfSetup } from './engine.ts'
import { FLEET_YAML } from './fleet.test-helpers.ts'
import { setArguments } from './flags.ts'
import { whatIfPanel } from './panel.ts'
import { REDRAW_SCRIPT } from './redraw.ts'

type Sets = Record<string, Record<string, unknown[]>>
interface Redraw {
  whatIfDatasets(baseline: WhatIfOut, latest: WhatIfOut | null, ids: string[], unit: number, whatIfOnly: boolean): Sets
  whatIfDrawn(drawn: { ids: string | null }, ids: string[]): void
  whatIfChanges(drawn: { ids: string | null }, baseline: WhatIfOut, latest: WhatIfOut | null, ids: string[], unit: number): { all: boolean; sets: Sets }
  whatIfChangeView(view: vega.View, set: Record<string, unknown[]>, all: boolean, changeset: typeof vega.changeset): number
  whatIfInTurn(): <T>(task: () => T | Promise<T>) => Promise<T>
}
// the page's text, evaluated as the browser does (a function body in this realm, so vega sees plain arrays)
const page = runInThisContext(`(function () { ${REDRAW_SCRIPT}\n return { whatIfDatasets: whatIfDatasets, whatIfDrawn: whatIfDrawn, whatIfChanges: whatIfChanges, whatIfChangeView: whatIfChangeView, whatIfInTurn: whatIfInTurn }; })`)() as Redraw

const CHARTS = ['use', 'deltas', 'backups', 'states'] as const
type Chart = (typeof CHARTS)[number]


/** What a report's panel carries (panel.ts packs it into the page): the setup, the specs, the unit, fleet or not. */
interface PanelData {
  setup: WhatIfSetup
  specs: Record<Chart, vega.Spec>
  fleet: boolean
  unit: { name: string; bytes: number }
}

async function panelData(file: string, text: string): Promise<PanelData> {
  const model = loadWith({ file, text, base: [], limits: DEFAULT_LIMITS }, new Map()).model
  const panel = await whatIfPanel({ file, text, limits: DEFAULT_LIMITS, model })
  const packed = JSON.parse(/<script type="application\/json" id="snapsim-whatif">([^<]*)<\/script>/.exec(panel.html)![1]!) as string
  return JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')) as PanelData
}

/**
 * A headless view of a what-if chart with these datasets, filled in as the page fills them (the
 * panel's specs are vega, compiled when the report was written: each named data set gets its
 * rows). Expressions by vega's code generator: both sides of the twin alike.
 */
async function viewOf(spec: vega.Spec, datasets: Record<string, unknown[]>): Promise<vega.View> {
  const filled = JSON.parse(JSON.stringify(spec)) as vega.Spec
  for (const d of filled.data ?? []) if (Object.hasOwn(datasets, d.name)) (d as { values?: unknown[] }).values = datasets[d.name]
  const v = new vega.View(vega.parse(filled), { renderer: 'none', logLevel: vega.Error })
  await v.runAsync()
  return v
}

/** A user's step: a control moved to a position (maybe the run's value), "Back to the run", a datastore picked. */
type Step = { kind: 'move'; control: number; position: number } | { kind: 'reset' } | { kind: 'pick'; datastore: number }

function valueAt(c: Control, position: number): number | string {
  if (c.type === 'select') return c.options[position % c.options.length]![0]
  const positions = Math.floor((c.max - c.min) / c.step) + 1
  // one position in four the run's value (touched controls come back untouched)
  return position % 4 === 0 ? c.base : c.min + (position % positions) * c.step
}

/**
 * What the twin reached: redraws by changesets, compared scenes, of them off the run, redraws of
 * every row, and of those the ones a move made (another datastore was picked while the views
 * were hidden: the run's rows they hold are of the datastore before).
 */
interface Reached {
  redraws: number
  compared: number
  offTheRun: number
  all: number
  allOnMove: number
}

/**
 * The page over `steps` (page.ts's rules: a move or reset is simulated and redrawn while any
 * control is off the run's value; a pick redraws when a what-if is shown), each shown state
 * compared chart by chart with views embedded fresh.
 */
async function replay(data: PanelData, baseline: WhatIfOut, baseModel: Parameters<typeof whatIf>[1], steps: readonly Step[], reached: Reached): Promise<void> {
  const { setup, specs, unit } = data
  const controls = setup.controls
  const dsIds = baseline.series.map((s) => s.id)
  let picked = dsIds[0]!
  const shownIds = () => (data.fleet ? [picked] : dsIds)
  let touched: Record<string, number | string> = {}
  let latest: WhatIfOut | null = null
  // embedded once, after the baseline (prepare in page.ts)
  const drawn = { ids: null as string | null }
  const first = page.whatIfDatasets(baseline, latest, shownIds(), unit.bytes, false)
  page.whatIfDrawn(drawn, shownIds())
  const views = {} as Record<Chart, vega.View>
  for (const id of CHARTS) views[id] = await viewOf(specs[id], first[id]!)
  const redraw = async (cause: 'move' | 'pick') => {
    const changes = page.whatIfChanges(drawn, baseline, latest, shownIds(), unit.bytes)
    for (const id of CHARTS) {
      // the changeset path: datasets swapped in the view drawn first
      expect(page.whatIfChangeView(views[id], changes.sets[id]!, changes.all, vega.changeset)).toBeGreaterThan(0)
      await views[id].runAsync()
    }
    reached.redraws++
    if (changes.all) reached.all++
    if (changes.all && cause === 'move') reached.allOnMove++
  }
  try {
    for (const step of steps) {
      const on = () => Object.keys(touched).length > 0
      if (step.kind === 'pick') {
        if (!data.fleet) continue
        picked = dsIds[step.datastore % dsIds.length]!
        if (latest !== null && on()) await redraw('pick')
      } else {
        if (step.kind === 'reset') touched = {}
        else {
          const c = controls[step.control % controls.length]!
          const v = valueAt(c, step.position)
          touched = { ...touched }
          if (v === c.base) delete touched[c.key]
          else touched[c.key] = v
        }
        latest = whatIf(setup, baseModel, touched)
        if (on()) await redraw('move')
      }
      if (!on() || latest === null) continue
      // shown: each what-if chart as if embedded fresh from the spec and the what-if's whole data
      const whole = page.whatIfDatasets(baseline, latest, shownIds(), unit.bytes, false)
      for (const id of CHARTS) {
        const fresh = await viewOf(specs[id], whole[id]!)
        try {
          expect(sceneOf(views[id]), `${id} after ${JSON.stringify(steps)}`).toEqual(sceneOf(fresh))
        } finally {
          fresh.finalize()
        }
      }
      reached.compared++
      if (JSON.stringify([latest.series, latest.runs, latest.stopped]) !== JSON.stringify([baseline.series, baseline.runs, baseline.stopped])) reached.offTheRun++
    }
  } finally {
    for (const id of CHARTS) views[id].finalize()
  }
}

const step = (pick: boolean): fc.Arbitrary<Step> =>
  fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('move' as const), control: fc.nat(), position: fc.nat() }), weight: 5 },
    { arbitrary: fc.constant({ kind: 'reset' as const }), weight: pick ? 2 : 1 },
    { arbitrary: fc.record({ kind: fc.constant('pick' as const), datastore: fc.nat({ max: 4 }) }), weight: pick ? 3 : 0 },
  )

async function twin(data: PanelData, seed: number, numRuns: number): Promise<Reached> {
  const baselineRun = runArgs(data.setup, setArguments(new Map(data.setup.source.base)))
  const reached: Reached = { redraws: 0, compared: 0, offTheRun: 0, all: 0, allOnMove: 0 }
  await fc.assert(
    fc.asyncProperty(fc.array(step(data.fleet), { minLength: 2, maxLength: 6 }), async (steps) => {
      await replay(data, baselineRun.out, baselineRun.scenario.model, steps, reached)
    }),
    { seed, numRuns, endOnFailure: true },
  )
  return reached
}

const root = fileURLToPath(new URL('../../../', import.meta.url))

describe('what-if redraw by changesets = the chart embedded fresh (slow twin)', () => {
  it('BSI growth (one datastore, all drawn): generated moves and resets', async () => {
    const file = 'scenarios/bsi-g478/02-growth.yaml'
    const data = await panelData(file, readFileSync(`${root}${file}`, 'utf8'))
    expect(data.fleet).toBe(false)
    const reached = await twin(data, 14, 8)
    // coverage: the moves reached the changeset path and showed what-ifs other than the run
    expect(reached.redraws).toBeGreaterThanOrEqual(12)
    expect(reached.compared).toBeGreaterThanOrEqual(12)
    expect(reached.offTheRun).toBeGreaterThanOrEqual(8)
  }, 300_000)

  it('a fleet (one datastore of five in the detail): moves, resets and another datastore picked', async () => {
    const data = await panelData('fleet.yaml', FLEET_YAML)
    expect(data.fleet).toBe(true)
    const reached = await twin(data, 14, 14)
    expect(reached.redraws).toBeGreaterThanOrEqual(12)
    expect(reached.compared).toBeGreaterThanOrEqual(12)
    expect(reached.offTheRun).toBeGreaterThanOrEqual(8)
    // both changeset paths: the what-if's rows alone, and every row after another datastore was picked
    expect(reached.all).toBeGreaterThanOrEqual(3)
    expect(reached.allOnMove).toBeGreaterThanOrEqual(2)
    expect(reached.redraws - reached.all).toBeGreaterThanOrEqual(6)
  }, 300_000)
})

describe('redraws in turn (whatIfInTurn)', () => {
  // a redraw swaps rows view by view over several turns of the event loop: one asked for while
  // another runs (a fleet's pick during a move's redraw) must wait for it
  it('starts each redraw when the one before has ended, failed or not, in the order asked', async () => {
    const inTurn = page.whatIfInTurn()
    const log: string[] = []
    let release = () => {}
    const first = inTurn(() => {
      log.push('start 1')
      return new Promise<void>((done) => (release = () => (log.push('end 1'), done())))
    })
    const second = inTurn(() => {
      log.push('start 2')
      return Promise.reject(new Error('a failed redraw'))
    })
    const third = inTurn(() => (log.push('start 3'), 3))
    for (let i = 0; i < 10; i++) await Promise.resolve()
    expect(log).toEqual(['start 1'])
    release()
    await first
    await expect(second).rejects.toThrow('a failed redraw')
    expect(await third).toBe(3)
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'start 3'])
  })
})
