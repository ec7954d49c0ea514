// The report's first section: the run told as a story (the sentences come from @snapsim/explain,
// already in their language), each turning point linked to the charts. A click sets the
// top-level vega-lite param `snapsim_mark` on every chart through the vega View API
// (`view.signal(name, value).runAsync()`), and every time axis draws a rule at that instant.
// The report hands this file its specs (`withMark`) and its views (`window.snapsimViews`); the
// rest lives here so the report's layout can change around it.

import type { Seconds } from '@snapsim/core'
import { resolve, type ChartContext } from './context.ts'
import { escapeHtml } from './html.ts'

/** The vega-lite param (a vega signal) holding the marked time, in wall-clock ms; null = none. */
export const MARK_PARAM = 'snapsim_mark'
/** The colour of the rule at the marked time (no other mark uses it; tests find the rule by it). */
export const MARK_COLOR = '#c51b8a'

export interface NarrationItem {
  /** The turning point's time, seconds since the scenario start. */
  readonly t: Seconds
  /** Its time as the narration's language writes it (the link's text). */
  readonly label: string
  readonly sentences: readonly string[]
}

export interface Narration {
  /** BCP 47 language of the text (`de`, `en`): the section's `lang` attribute. */
  readonly lang: string
  readonly heading: string
  /** One line under the heading saying what a click does. */
  readonly hint: string
  readonly items: readonly NarrationItem[]
}

/** The rule layer: one datum at the param's time, none while the param is null. */
function markLayer(): Record<string, unknown> {
  return {
    data: { values: [{}] },
    transform: [{ calculate: MARK_PARAM, as: 'snapsim_mark_x' }, { filter: 'isValid(datum.snapsim_mark_x)' }],
    mark: { type: 'rule', color: MARK_COLOR, strokeWidth: 2, strokeDash: [6, 3] },
    encoding: { x: { field: 'snapsim_mark_x', type: 'temporal' } },
  }
}

function hasTemporalX(layer: readonly unknown[]): boolean {
  return layer.some((l) => {
    const x = (l as { encoding?: { x?: { type?: string } } }).encoding?.x
    return x?.type === 'temporal'
  })
}

/** Every layer with a time axis gets the rule layer, at any depth (vconcat of layers, layers). */
function addRules(spec: unknown): unknown {
  if (Array.isArray(spec)) return spec.map(addRules)
  if (spec === null || typeof spec !== 'object') return spec
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(spec)) out[k] = k === 'data' || k === 'encoding' || k === 'config' ? v : addRules(v)
  const layer = out.layer
  if (Array.isArray(layer) && hasTemporalX(layer)) out.layer = [...layer, markLayer()]
  return out
}

/** A chart spec that draws the marked time: the top-level param and a rule on each time axis. */
export function withMark<S extends object>(spec: S): S {
  const marked = addRules(spec) as Record<string, unknown>
  const params = Array.isArray(marked.params) ? marked.params : []
  return { ...marked, params: [...params, { name: MARK_PARAM, value: null }] } as S
}

/**
 * Sets the mark on every chart drawn so far (the report's embed script collects the views in
 * window.snapsimViews); charts without the param (risk charts) are left alone. Highlights the
 * clicked turning point.
 */
export const MARK_SCRIPT = `(function () {
  var links = document.querySelectorAll('#narration a.mark');
  function mark(wall, link) {
    (window.snapsimViews || []).forEach(function (view) {
      try { view.signal('${MARK_PARAM}', wall).runAsync(); } catch (e) { /* a chart without the time axis */ }
    });
    for (var i = 0; i < links.length; i++) links[i].parentNode.classList.toggle('marked', links[i] === link);
  }
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener('click', function (ev) {
      mark(Number(this.getAttribute('data-wall')), this);
    });
  }
})();`

export const NARRATION_STYLE = `
#narration ol { padding-left: 0; list-style: none; } #narration li { margin: 0.5em 0; line-height: 1.45; }
#narration li.marked { background: #fff5eb; } #narration a.mark { font-weight: bold; color: #a63603; margin-right: 0.4em; }
`

/**
 * The section. Interactive reports link each turning point to the charts; static ones (no chart
 * script) show the time as plain text.
 */
export function narrationSection(n: Narration, ctx: ChartContext, interactive: boolean): string {
  const { clock } = resolve(ctx)
  const items = n.items
    .map((item) => {
      const time = interactive
        ? `<a class="mark" href="#charts" data-t="${escapeHtml(String(item.t))}" data-wall="${escapeHtml(String(clock(item.t)))}">${escapeHtml(item.label)}</a>`
        : `<strong>${escapeHtml(item.label)}</strong>`
      return `<li>${time} ${item.sentences.map((s) => escapeHtml(s)).join(' ')}</li>`
    })
    .join('\n')
  return `<section id="narration" lang="${escapeHtml(n.lang)}"><h2>${escapeHtml(n.heading)}</h2>
<p class="muted">${escapeHtml(n.hint)}</p>
<ol>
${items}
</ol>
</section>`
}
