// The page of `snapsim compare`: the key figures of several runs side by side, and per datastore
// one chart with every run's use curve overlaid (and each run's capacity as a dashed rule in its
// colour). Static SVG only, so the page needs no script at all and its Content-Security-Policy
// allows none. Every value that reaches the HTML goes through escapeHtml, whatever its type.

import { documentHead, escapeHtml } from './html.ts'
import { toSvg } from './render.ts'
import { chartConfig, colors } from './theme.ts'
import { formatBytes, unitFor } from './units.ts'
import type { TopLevelSpec } from './vl.ts'

export interface CompareCurve {
  readonly variant: string
  readonly capacity: number
  /** Seconds since the start, ascending. */
  readonly t: readonly number[]
  /** Bytes used at those times. */
  readonly used: readonly number[]
}

export interface CompareDatastore {
  readonly id: string
  readonly curves: readonly CompareCurve[]
}

export interface ComparePage {
  readonly title: string
  /** Sentences above the table (what was compared, the seed). */
  readonly lines: readonly string[]
  readonly header: readonly string[]
  readonly rows: readonly (readonly string[])[]
  readonly datastores: readonly CompareDatastore[]
  readonly generator: string
}

/** Distinct colours for up to ten runs (Tableau 10), then repeated. */
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac']

/** Overlaid use curves of one datastore, x in days since the start. */
export function compareUseSpec(d: CompareDatastore): TopLevelSpec {
  const top = Math.max(...d.curves.map((c) => c.capacity), ...d.curves.flatMap((c) => c.used))
  const unit = unitFor(top)
  const names = d.curves.map((c) => c.variant)
  const color = { field: 'variant', type: 'nominal', title: 'run', scale: { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]!) } }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    width: 900,
    height: 260,
    title: { text: `Datastore ${d.id}: use of every run`, subtitle: 'dashed: each run\'s capacity' },
    layer: [
      {
        data: { values: d.curves.flatMap((c) => c.t.map((t, i) => ({ variant: c.variant, day: t / 86400, used: c.used[i]! / unit.bytes }))) },
        mark: { type: 'line', strokeWidth: 1.5, interpolate: 'linear' },
        encoding: {
          x: { field: 'day', type: 'quantitative', title: 'days since the start' },
          y: { field: 'used', type: 'quantitative', title: `used (${unit.name})`, scale: { domain: [0, (top / unit.bytes) * 1.02] } },
          color,
          detail: { field: 'variant' },
        },
      },
      {
        data: { values: d.curves.map((c) => ({ variant: c.variant, capacity: c.capacity / unit.bytes })) },
        mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.2, color: colors.capacity },
        encoding: { y: { field: 'capacity', type: 'quantitative' }, color },
      },
    ],
  } as TopLevelSpec
}

const STYLE = `
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1em 2em 3em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 13px; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
td.diff { color: #555; }
`

/** The whole page. */
export async function renderComparePage(p: ComparePage): Promise<string> {
  const esc = (v: unknown) => escapeHtml(String(v))
  const svgs = await Promise.all(p.datastores.map((d) => toSvg(compareUseSpec(d))))
  return `${documentHead({ csp: "default-src 'none'; style-src 'unsafe-inline'; img-src data:", title: `snapsim compare: ${p.title}`, style: STYLE })}
<h1>${esc(p.title)}</h1>
${p.lines.map((l) => `<p>${esc(l)}</p>`).join('\n')}
<table>
<thead><tr>${p.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${p.rows.map((r) => `<tr>${r.map((c, i) => `<td${i > 1 && c.startsWith('(') ? ' class="diff"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n')}
</tbody>
</table>
${svgs.map((svg, i) => `<figure aria-label="${esc(`use of datastore ${p.datastores[i]!.id}`)}">${svg}</figure>`).join('\n')}
<p><small>${esc(p.generator)}; sizes in binary units (${esc(formatBytes(2 ** 40))} = 2^40 bytes).</small></p>
</body>
</html>
`
}
