// The what-if's versions of the report's main charts (use, snapshot deltas, backup runs, VM
// states), drawn in the report's chart sections while a control is off the run's value: the run
// as made in grey behind or beside the what-if in colour. Every value that changes with a move
// is in a named dataset, so a move only swaps data in the drawn views (vega View changesets,
// page.ts) instead of compiling a spec again; all on a canvas, a few hundred points a line.

import { chartConfig, colors, outcomeColors } from '@snapsim/charts'

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'
/** The report's plot width (charts' context default), so the what-if lines up with the run's charts. */
export const PLOT_WIDTH = 900
const RUNS = ['the run', 'what if'] as const
const GREY = '#9e9e9e'
const faint = { condition: { test: "datum.run === 'the run'", value: 0.5 }, value: 1 }
// a fill's rule and time: grey for the run, red for the what-if (no scale: the lines' colour scale is shared)
const fullColour = { condition: { test: "datum.run === 'the run'", value: GREY }, value: colors.full }
const x = { field: 't', type: 'temporal', scale: { type: 'utc' }, title: null }

function runColor(colour: string, legend: boolean): Record<string, unknown> {
  return { field: 'run', type: 'nominal', scale: { domain: [...RUNS], range: [GREY, colour] }, legend: legend ? { orient: 'top', title: null } : null }
}

/** The datasets the page fills for the use chart of the `k`-th datastore shown. */
export const useData = (k: number) => ({ rows: `use${k}`, caps: `cap${k}`, full: `full${k}` })

/**
 * Use over time, one chart per datastore shown (`titles`): the used space of the run and of the
 * what-if as lines, each capacity as a dashed rule, each first fill as a rule with its time.
 */
export function useSpec(unit: string, titles: readonly string[]): Record<string, unknown> {
  const datasets: Record<string, unknown[]> = {}
  const charts = titles.map((title, k) => {
    const d = useData(k)
    datasets[d.rows] = []
    datasets[d.caps] = []
    datasets[d.full] = []
    const colour = runColor(colors.used, k === 0)
    return {
      title,
      width: PLOT_WIDTH,
      height: 240,
      layer: [
        {
          data: { name: d.rows },
          mark: { type: 'line', interpolate: 'linear', clip: true },
          encoding: { x, y: { field: 'used', type: 'quantitative', scale: { zero: false }, title: `used (${unit})` }, color: colour, opacity: faint, strokeWidth: { condition: { test: "datum.run === 'the run'", value: 1.5 }, value: 2 } },
        },
        { data: { name: d.caps }, mark: { type: 'rule', strokeDash: [6, 3] }, encoding: { y: { field: 'capacity', type: 'quantitative' }, color: colour, opacity: faint } },
        { data: { name: d.full }, mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x: { field: 't', type: 'temporal' }, color: fullColour, opacity: faint } },
        {
          data: { name: d.full },
          mark: { type: 'text', align: 'right', dx: -3, baseline: 'top', fontSize: 11 },
          encoding: { x: { field: 't', type: 'temporal' }, y: { value: 0 }, yOffset: { field: 'row', type: 'quantitative', scale: null }, text: { field: 'label' }, color: fullColour },
        },
      ],
    }
  })
  return { $schema: SCHEMA, config: chartConfig, datasets, vconcat: charts, resolve: { scale: { y: 'independent', color: 'shared' } } }
}

/** Snapshot deltas over time, one chart per datastore shown: all of its deltas together, the run and the what-if. */
export function deltasSpec(unit: string, titles: readonly string[]): Record<string, unknown> {
  const datasets: Record<string, unknown[]> = {}
  const charts = titles.map((title, k) => {
    datasets[`deltas${k}`] = []
    return {
      title,
      width: PLOT_WIDTH,
      height: 160,
      data: { name: `deltas${k}` },
      mark: { type: 'line', interpolate: 'linear', clip: true },
      encoding: { x, y: { field: 'deltas', type: 'quantitative', title: `snapshot deltas (${unit})` }, color: runColor(colors.deltas, k === 0), opacity: faint },
    }
  })
  return { $schema: SCHEMA, config: chartConfig, datasets, vconcat: charts, resolve: { scale: { y: 'independent' } } }
}

const OUTCOMES = ['success', 'failed', 'cancelled', 'skipped', 'snapshot-failed', 'unfinished'] as const

/** Backup runs: a lane per job, the run's bars (grey) above the what-if's (coloured by their worst task's outcome). */
export function runsSpec(jobs: readonly string[]): Record<string, unknown> {
  return {
    $schema: SCHEMA,
    config: chartConfig,
    width: PLOT_WIDTH,
    height: { step: 36 },
    datasets: { runs: [] },
    data: { name: 'runs' },
    mark: { type: 'bar', cornerRadius: 0 },
    encoding: {
      x: { field: 'from', type: 'temporal', scale: { type: 'utc' }, title: null },
      x2: { field: 'to' },
      y: { field: 'job', type: 'nominal', sort: [...jobs], title: 'job' },
      yOffset: { field: 'run', type: 'nominal', sort: [...RUNS], scale: { domain: [...RUNS] } },
      color: { condition: { test: "datum.run === 'the run'", value: '#bdbdbd' }, field: 'outcome', type: 'nominal', scale: { domain: [...OUTCOMES], range: OUTCOMES.map((o) => outcomeColors[o]) }, legend: { orient: 'top', title: 'what if, worst task', titleLimit: 300 } },
    },
  }
}

/** VMs stopped over time as steps, the run faint, the what-if in colour. */
export function stoppedSpec(vms: number): Record<string, unknown> {
  return {
    $schema: SCHEMA,
    config: chartConfig,
    width: PLOT_WIDTH,
    height: 110,
    datasets: { steps: [] },
    data: { name: 'steps' },
    mark: { type: 'line', interpolate: 'step-after', clip: true },
    encoding: {
      x,
      y: { field: 'n', type: 'quantitative', scale: { domain: [0, Math.max(1, vms)] }, title: 'VMs stopped' },
      color: runColor(colors.full, true),
      opacity: faint,
    },
  }
}
