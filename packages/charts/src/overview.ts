// The fleet overview: every datastore as a small chart of its use (as a share of capacity) over
// the run, the riskiest first — least headroom (the least free space it ever had) first, ties by
// the earlier first alarm — each titled with its least free space and its first alarm. In the
// report a click on one opens its detail (use and deltas charts).

import type { DatastoreResult, Result } from '@snapsim/core'
import { resolve, type ChartContext } from './context.ts'
import { downsampleSeries } from './downsample.ts'
import { chartConfig, colors, timeAxisFormat } from './theme.ts'
import { formatWallShort } from './time.ts'
import { formatBytes } from './units.ts'
import type { TopLevelSpec } from './vl.ts'

/** Points per small chart: one per 2 px of its width is more than it shows. */
const BUCKETS = 110

export interface DatastoreRisk {
  readonly id: string
  /** The least free space it had (capacity minus peak use), bytes. */
  readonly minFree: number
  readonly minFreeFraction: number
  readonly firstAlarmAt: number | null
  readonly fullAt: number | null
}

/** Datastores ordered by risk: least headroom first, then the earlier first alarm, then id. */
export function datastoresByRisk(result: Result): DatastoreRisk[] {
  const risks = result.datastores.map((d) => ({
    id: d.id,
    minFree: d.capacity - d.peakUsed,
    minFreeFraction: (d.capacity - d.peakUsed) / d.capacity,
    firstAlarmAt: d.alarms.length === 0 ? null : Math.min(...d.alarms.map((a) => a.at)),
    fullAt: d.fullAt,
  }))
  const alarm = (r: DatastoreRisk) => r.firstAlarmAt ?? Infinity
  return risks.sort((a, b) => a.minFreeFraction - b.minFreeFraction || alarm(a) - alarm(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

function label(d: DatastoreResult, r: DatastoreRisk, wall: (t: number) => number): string {
  const free = d.fullAt !== null ? `FULL ${formatWallShort(wall(d.fullAt))}` : `min free ${formatBytes(r.minFree)} (${(r.minFreeFraction * 100).toFixed(1)} %)`
  const alarm = r.firstAlarmAt === null ? 'no alarm' : `1st alarm ${formatWallShort(wall(r.firstAlarmAt))}`
  return `${d.id} · ${free} · ${alarm}`
}

/** Each small chart's title (its facet label) to its datastore id. */
export function overviewLabels(result: Result, ctx: ChartContext): Record<string, string> {
  const r = resolve(ctx)
  const byId = new Map(result.datastores.map((d) => [d.id, d]))
  const labels: Record<string, string> = Object.create(null)
  for (const risk of datastoresByRisk(result)) labels[label(byId.get(risk.id)!, risk, r.clock)] = risk.id
  return labels
}

export function overviewSpec(result: Result, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const order = datastoresByRisk(result)
  const byId = new Map(result.datastores.map((d) => [d.id, d]))
  // one dataset (a facet's layers share their data): use points and the marks, told apart by kind
  const rows: { ds: string; label: string; rank: number; x: number; f?: number; kind: string }[] = []
  order.forEach((risk, rank) => {
    const d = byId.get(risk.id)!
    const text = label(d, risk, r.clock)
    const s = downsampleSeries(d.series, { buckets: BUCKETS, levels: [d.capacity], keepTimes: [d.peakUsedAt] })
    for (let i = 0; i < s.t.length; i++) rows.push({ ds: d.id, label: text, rank, x: r.clock(s.t[i]!), f: Math.round((s.used[i]! / d.capacity) * 1e4) / 1e4, kind: 'use' })
    if (risk.firstAlarmAt !== null) rows.push({ ds: d.id, label: text, rank, x: r.clock(risk.firstAlarmAt), kind: 'first alarm' })
    if (d.fullAt !== null) rows.push({ ds: d.id, label: text, rank, x: r.clock(d.fullAt), kind: 'full' })
  })
  const columns = result.datastores.length <= 4 ? result.datastores.length : result.datastores.length <= 9 ? 3 : 4
  const width = Math.max(160, Math.floor(r.width / columns) - 30)
  return {
    config: { ...chartConfig, header: { labelFontSize: 11, labelLimit: width + 20, labelAnchor: 'start' } },
    title: {
      text: `Fleet overview: ${result.datastores.length} datastores, least headroom first`,
      subtitle: 'use as a share of capacity (each chart frames its own band, the capacity at its top); orange: first alarm, red: full — click a chart for its detail',
    },
    data: { values: rows },
    facet: { field: 'label', type: 'nominal', title: null, sort: { field: 'rank', op: 'min' }, header: { labelOrient: 'top' } },
    columns,
    spec: {
      width,
      height: 70,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'use'" }],
          params: [{ name: 'pick', select: { type: 'point', fields: ['ds'], on: 'click' } }],
          mark: { type: 'area', color: colors.base, line: { color: colors.used, strokeWidth: 1 }, cursor: 'pointer' },
          encoding: {
            x: { field: 'x', type: 'temporal', scale: { type: 'utc' }, title: null, axis: { format: timeAxisFormat, labelOverlap: true, tickCount: 4, labelFontSize: 9 } },
            // stack: null — vega-lite stacks an area by default, which added up the two points of a
            // vertical step (a merge's end: two points at one time) into a spike above 100 %
            y: { field: 'f', type: 'quantitative', title: null, stack: null, scale: { zero: false, domainMax: 1 }, axis: { format: '.0%', tickCount: 3, labelFontSize: 9 } },
            tooltip: [
              { field: 'ds', title: 'datastore' },
              { field: 'x', type: 'temporal', timeUnit: 'utcyearmonthdatehoursminutes', title: 'time', format: '%Y-%m-%d %H:%M' },
              { field: 'f', type: 'quantitative', title: 'used', format: '.1%' },
            ],
          },
        },
        {
          transform: [{ filter: "datum.kind !== 'use'" }],
          mark: { type: 'rule', strokeWidth: 1.5, strokeDash: [3, 2] },
          encoding: {
            x: { field: 'x', type: 'temporal' },
            color: { field: 'kind', type: 'nominal', scale: { domain: ['first alarm', 'full'], range: [colors.alarm, colors.full] }, legend: null },
          },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  } as unknown as TopLevelSpec
}
