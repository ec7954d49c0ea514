// The what-if panel of a report (Node side, at report time): decides whether the scenario is
// small enough, works out the controls, bundles the engine (bundle.ts) and writes the panel's
// HTML, its chart spec and its packed data; the page script (page.ts) does the rest in the
// browser. The report takes it through `ReportInput.panels` (charts/report.ts), one hook.

import { gzipSync } from 'node:zlib'
import type { Model } from '@snapsim/core'
import { FLEET_DATASTORES, escapeHtml as esc, jsonForScript, unitFor, vegaSpec } from '@snapsim/charts'
import { howToRaise, prepareScenario, resolvePrepared, type Limits, type SweepValue } from '@snapsim/scenario'
import { workerBundle } from './bundle.ts'
import { controlsFor, type Control } from './controls.ts'
import type { WhatIfSetup } from './engine.ts'
import type { RunIdentity } from './flags.ts'
import { PANEL_SCRIPT, PANEL_STYLE } from './page.ts'
import { deltasSpec, runsSpec, stoppedSpec, useSpec } from './specs.ts'

/** A section the report puts after its key figures: HTML, an inline script, CSS; `worker`: it starts a Web Worker from a blob: URL. */
export interface ReportPanel {
  readonly html: string
  readonly script: string
  readonly style: string
  readonly worker: boolean
}

export interface WhatIfRun extends RunIdentity {
  /** The scenario file's text, as the run read it. */
  readonly text: string
  /** The run's `--set` values by path (with `--scale` ones as `scale.KEY`), in the CLI's order. */
  readonly set?: Readonly<Record<string, SweepValue>>
  readonly limits: Limits
  /** The run's model (for the size check). */
  readonly model: Model
  /** Said at the top of the panel: which replication it simulates (a Monte Carlo or sweep report). */
  readonly note?: string
}

/** VM-days: VMs × simulated days, the size the what-if limit bounds. */
export function vmDays(model: Model): number {
  return model.vms.length * Math.ceil(model.horizon / 86_400)
}

/** Points per series drawn (about one per pixel of the chart's width). */
const BUCKETS = 300
/** Datastores and jobs with controls of their own; more are left at the run's values. */
export const MAX_OWNERS = 12

/** The panel, or a one-paragraph note why there is none (the scenario is above the size limit). */
export async function whatIfPanel(run: WhatIfRun): Promise<ReportPanel> {
  const size = vmDays(run.model)
  if (size > run.limits.whatIfVmDays) {
    return {
      html: `<section id="whatif"><h2>What if…</h2><p class="muted">The live what-if panel is left out: ${esc(run.model.vms.length.toLocaleString('en-US'))} VMs × ${esc(Math.ceil(run.model.horizon / 86_400))} days = ${esc(size.toLocaleString('en-US'))} VM-days, above the limit of ${esc(run.limits.whatIfVmDays.toLocaleString('en-US'))}; ${esc(howToRaise('whatIfVmDays'))}. The same changes run on the command line with <code>snapsim run … --set</code>.</p></section>`,
      script: '',
      style: '',
      worker: false,
    }
  }
  const base = Object.entries(run.set ?? {}) as [string, SweepValue][]
  const set = base.length > 0 ? (Object.fromEntries(base) as Record<string, SweepValue>) : undefined
  const prepared = prepareScenario(run.text, run.file, set, run.limits)
  const scenario = resolvePrepared(prepared, { ...(run.replication !== undefined ? { replication: run.replication } : {}), ...(run.seed !== undefined ? { seed: run.seed } : {}), ...(set ? { set } : {}) })
  const controls = ownedControls(controlsFor(prepared.raw, scenario.model))
  const setup: WhatIfSetup = {
    source: { file: run.file, text: run.text, base, limits: run.limits, ...(run.seed !== undefined ? { seed: run.seed } : {}), ...(run.replication !== undefined ? { replication: run.replication } : {}) },
    controls,
    buckets: BUCKETS,
  }
  const maxCapacity = Math.max(...scenario.model.datastores.map((d) => d.capacity))
  const unit = unitFor(2 * maxCapacity)
  // a fleet's report shows one datastore's detail at a time (the one picked there); else all
  const fleet = scenario.model.datastores.length > FLEET_DATASTORES
  const shown = fleet ? ['the datastore picked above'] : scenario.model.datastores.map((d) => `datastore ${d.id}`)
  // compiled to vega here, as the report's own charts are (the page has no vega-lite)
  const specs = {
    use: vegaSpec(useSpec(unit.name, shown.map((s) => `Use of ${s}: what if (the run in grey)`))),
    deltas: vegaSpec(deltasSpec(unit.name, shown.map((s) => `Snapshot deltas on ${s}, all VMs together: what if (the run in grey)`))),
    backups: vegaSpec(runsSpec(scenario.model.jobs.map((j) => j.id))),
    states: vegaSpec(stoppedSpec(scenario.model.vms.length)),
  }
  const data = { code: await workerBundle(), setup, specs, fleet, unit }
  const packed = gzipSync(JSON.stringify(data), { level: 9 }).toString('base64')
  return { html: panelHtml(controls, packed, run.note), script: PANEL_SCRIPT, style: PANEL_STYLE, worker: true }
}

/** Fleet controls, and those of the first MAX_OWNERS datastores and jobs. */
function ownedControls(all: readonly Control[]): Control[] {
  const owners = new Set<string>()
  return all.filter((c) => {
    if (c.owner === undefined) return true
    const key = `${c.kind === 'capacity' ? 'd' : 'j'}:${c.owner}`
    if (!owners.has(key) && owners.size >= MAX_OWNERS) return false
    owners.add(key)
    return true
  })
}

function formatBase(c: Control): string {
  return c.type === 'select' ? (c.options.find(([v]) => v === c.base)?.[1] ?? c.base) : String(c.base)
}

function controlHtml(c: Control, i: number): string {
  const id = `whatif-c${i}`
  const input =
    c.type === 'select'
      ? `<select id="${id}" data-key="${esc(c.key)}">${c.options.map(([v, label]) => `<option value="${esc(v)}"${v === c.base ? ' selected' : ''}>${esc(label)}</option>`).join('')}</select>`
      : `<input type="range" id="${id}" data-key="${esc(c.key)}" min="${esc(c.min)}" max="${esc(c.max)}" step="${esc(c.step)}" value="${esc(c.base)}">`
  return `<div class="whatif-control"><label for="${id}">${esc(c.label)}</label>${input}<output for="${id}" data-base="${esc(formatBase(c))}"></output></div>`
}

function panelHtml(controls: readonly Control[], packed: string, note: string | undefined): string {
  const groups = new Map<string, string[]>()
  controls.forEach((c, i) => {
    const g = c.owner === undefined ? (c.kind === 'maxAge' ? 'Policies' : 'Every VM') : c.kind === 'capacity' ? `Datastore ${c.owner}` : `Job ${c.owner}`
    groups.set(g, [...(groups.get(g) ?? []), controlHtml(c, i)])
  })
  return `<section id="whatif" data-state="loading"><h2>What if…</h2>
<p class="muted">Move a control: the run is simulated again in your browser by the same engine as <code>snapsim run</code> (bundled into this report), with the flags shown below. The key figures and the charts below then show the what-if, the run as made drawn in grey beside it; “Back to the run” restores them.</p>
${note === undefined ? '' : `<p id="whatif-note">${esc(note)}</p>`}
<div class="whatif-controls">${[...groups].map(([g, items]) => `<fieldset><legend>${esc(g)}</legend>${items.join('')}</fieldset>`).join('')}</div>
<p><button type="button" id="whatif-reset">Back to the run</button> <button type="button" id="whatif-copy">Copy as --set flags</button> <span id="whatif-status" class="muted" role="status"></span></p>
<pre id="whatif-command"></pre>
<p id="whatif-error" class="whatif-error" hidden></p>
<table id="whatif-figures"><thead><tr><th>figure</th><th>the run</th><th>what if</th></tr></thead><tbody></tbody></table>
<script type="application/json" id="snapsim-whatif">${jsonForScript(packed)}</script>
</section>`
}
