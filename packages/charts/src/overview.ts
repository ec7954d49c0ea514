// The fleet overview: every datastore as a small chart of its use (as a share of capacity) over
// the run, the riskiest first — least headroom (the least free space it ever had) first, ties by
// the earlier first alarm — each titled with its least free space and its first alarm. In the
// report a click on one opens its detail (use and deltas charts).

import type { DatastoreResult, Result } from '@snapsim/core'
import { resolve, type ChartContext } from './context.ts'
import { downsampleSeries } from './downsample.ts'
import { chartConfig, colors, DATA_MARK } from './theme.ts'
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

function cellTitle(d: DatastoreResult, r: DatastoreRisk, wall: (t: number) => number): string {
  const free = d.fullAt !== null ? `FULL ${formatWallShort(wall(d.fullAt))}` : `min free ${formatBytes(r.minFree)} (${(r.minFreeFraction * 100).toFixed(1)} %)`
  const alarm = r.firstAlarmAt === null ? 'no alarm' : `1st alarm ${formatWallShort(wall(r.firstAlarmAt))}`
  return `${d.id} · ${free} · ${alarm}`
}

/** Layout of the small charts in pixels: the overview is one view whose marks are placed here. */
const CELL_HEIGHT = 70
/** Room above a cell for its title, left of it for the y labels, below it for the time labels. */
const TITLE_ROOM = 20
const LEFT_ROOM = 34
const BELOW_ROOM = 24
/** The band a cell frames: from its lowest use rounded down to this share, up to 100 %. */
const BAND_STEP = 0.05

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
const pad2 = (n: number) => String(n).padStart(2, '0')

/** A time label as the other charts' axes write it (theme.ts `timeAxisFormat`): "Tue 05 Mar", or "22:00" within two days. */
function tickText(wallMs: number, spanMs: number): string {
  const d = new Date(wallMs)
  return spanMs < 2 * 86_400_000 ? `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}` : `${DAYS[d.getUTCDay()]} ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]}`
}

/**
 * The overview as ONE view with its small charts laid out here, in pixels, instead of a vega-lite
 * facet: a facet builds a dataflow per cell (scales, axes, headers), about 25 ms each in Chromium,
 * seconds for a fleet of 250 datastores; placed marks cost per item only. Marks: a frame per cell
 * the use of every cell as one area broken between
 * cells (null rows), over it a transparent frame per cell (its datum the datastore: a click
 * anywhere in a cell finds it), alarm and full rules, and the texts (titles, the band's
 * ends, three times). Scales are the identity (`scale: null`): every x and y is a pixel.
 */
export function overviewSpec(result: Result, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const order = datastoresByRisk(result)
  const byId = new Map(result.datastores.map((d) => [d.id, d]))
  const columns = result.datastores.length <= 4 ? result.datastores.length : result.datastores.length <= 9 ? 3 : 4
  const width = Math.max(160, Math.floor(r.width / columns) - 30)
  const step = { x: LEFT_ROOM + width + 12, y: TITLE_ROOM + CELL_HEIGHT + BELOW_ROOM }
  const t0 = r.clock(0)
  const span = r.clock(result.horizon) - t0 || 1
  const round = (v: number) => Math.round(v * 10) / 10
  const cells: { ds: string; label: string; rank: number; x: number; x2: number; y: number; y2: number; band: string }[] = []
  const use: { ds: string; x: number | null; y: number | null; y2: number | null }[] = []
  const rules: { ds: string; x: number; y: number; y2: number; kind: string; at: string }[] = []
  const texts: { x: number; y: number; text: string; role: string; ds: string }[] = []
  order.forEach((risk, rank) => {
    const d = byId.get(risk.id)!
    const ox = LEFT_ROOM + (rank % columns) * step.x
    const oy = TITLE_ROOM + Math.floor(rank / columns) * step.y
    const s = downsampleSeries(d.series, { buckets: BUCKETS, levels: [d.capacity], keepTimes: [d.peakUsedAt] })
    const shares = s.used.map((u) => u / d.capacity)
    const low = Math.min(1 - BAND_STEP, Math.floor(Math.min(...shares) / BAND_STEP + 1e-9) * BAND_STEP)
    const px = (wall: number) => round(ox + ((wall - t0) / span) * width)
    // a share above 100 % (a full datastore's last point) stays on the top edge
    const py = (f: number) => round(oy + CELL_HEIGHT * (1 - (Math.min(1, f) - low) / (1 - low)))
    const label = cellTitle(d, risk, r.clock)
    cells.push({ ds: d.id, label, rank, x: ox, x2: ox + width, y: oy, y2: oy + CELL_HEIGHT, band: `${Math.round(low * 100)}–100 %` })
    for (let i = 0; i < s.t.length; i++) use.push({ ds: d.id, x: px(r.clock(s.t[i]!)), y: py(shares[i]!), y2: oy + CELL_HEIGHT })
    // the break between this cell's area and the next one's
    use.push({ ds: d.id, x: null, y: null, y2: null })
    if (risk.firstAlarmAt !== null) rules.push({ ds: d.id, x: px(r.clock(risk.firstAlarmAt)), y: oy, y2: oy + CELL_HEIGHT, kind: 'first alarm', at: formatWallShort(r.clock(risk.firstAlarmAt)) })
    if (d.fullAt !== null) rules.push({ ds: d.id, x: px(r.clock(d.fullAt)), y: oy, y2: oy + CELL_HEIGHT, kind: 'full', at: formatWallShort(r.clock(d.fullAt)) })
    texts.push({ x: ox, y: oy - 5, text: label, role: 'title', ds: d.id })
    texts.push({ x: ox - 3, y: oy, text: '100 %', role: 'y', ds: d.id }, { x: ox - 3, y: oy + CELL_HEIGHT, text: `${Math.round(low * 100)} %`, role: 'y', ds: d.id })
    for (const f of [0, 0.5, 1]) texts.push({ x: round(ox + f * width), y: oy + CELL_HEIGHT + 3, text: tickText(t0 + f * span, span), role: `x${f}`, ds: d.id })
  })
  const height = Math.ceil(order.length / columns) * step.y
  const pixel = (field: string) => ({ field, type: 'quantitative', scale: null, axis: null })
  const text = (role: string, align: string, baseline: string, size: number, extra: object = {}) => ({
    data: { name: 'texts' },
    transform: [{ filter: `datum.role === '${role}'` }],
    mark: { type: 'text', align, baseline, fontSize: size, ...extra },
    encoding: { x: pixel('x'), y: pixel('y'), text: { field: 'text' } },
  })
  return {
    config: chartConfig,
    title: {
      text: `Fleet overview: ${result.datastores.length} datastores, least headroom first`,
      subtitle: 'use as a share of capacity (each chart frames its own band, the capacity at its top); orange: first alarm, red: full — click a chart for its detail',
    },
    width: columns * step.x,
    height,
    datasets: { texts },
    layer: [
      {
        // one area for all cells, broken at the null rows between them (no facet, no grouping)
        data: { values: use },
        mark: { type: 'area', color: colors.base, line: { color: colors.used, strokeWidth: 1 }, cursor: 'pointer', invalid: 'break-paths-show-domains', ...DATA_MARK },
        encoding: {
          x: pixel('x'),
          // a y scale that is the identity, not `scale: null`: only through a scale does
          // vega-lite break the path at a null (`defined`); order null keeps the rows' order
          y: { field: 'y', type: 'quantitative', scale: { domain: [0, height], range: [0, height], nice: false, zero: false }, axis: null },
          y2: { field: 'y2' },
          order: { value: null },
        },
      },
      {
        data: { values: cells },
        // on top of the area, transparent: the one area holds every cell's points, so a hit on it
        // would name the first cell; the cell's frame names its own
        mark: { type: 'rect', fill: 'transparent', stroke: '#d9d9d9', cursor: 'pointer' },
        encoding: {
          x: pixel('x'),
          x2: { field: 'x2' },
          y: pixel('y'),
          y2: { field: 'y2' },
          tooltip: [{ field: 'label', title: 'datastore' }, { field: 'band', title: 'framed' }],
        },
      },
      {
        data: { values: rules },
        mark: { type: 'rule', strokeWidth: 1.5, strokeDash: [3, 2] },
        encoding: {
          x: pixel('x'),
          y: pixel('y'),
          y2: { field: 'y2' },
          color: { field: 'kind', type: 'nominal', scale: { domain: ['first alarm', 'full'], range: [colors.alarm, colors.full] }, legend: null },
          tooltip: [{ field: 'ds', title: 'datastore' }, { field: 'kind', title: 'event' }, { field: 'at', title: 'time' }],
        },
      },
      text('title', 'left', 'alphabetic', 11, { cursor: 'pointer', limit: width + LEFT_ROOM }),
      text('y', 'right', 'middle', 9, { color: '#555' }),
      text('x0', 'left', 'top', 9, { color: '#555' }),
      text('x0.5', 'center', 'top', 9, { color: '#555' }),
      text('x1', 'right', 'top', 9, { color: '#555' }),
    ],
  } as unknown as TopLevelSpec
}
