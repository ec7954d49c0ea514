// Snapshot deltas: a stacked area of the space deltas hold, per VM (the largest few one by one,
// the rest as "other"), one chart per datastore; orphaned snapshots marked.
//
// The Result gives the exact total of all deltas on a datastore over time (`series.deltas`) but,
// per snapshot, only takenAt / removalStartedAt / removedAt / maxBytes. The per-VM split is
// therefore reconstructed, and the total kept exact:
//  - a snapshot grows from 0 at `takenAt` until it stops growing: when the next snapshot of the
//    same VM is taken (it is frozen), when its removal starts, or at its end; it is drawn as a
//    ramp there and held at `maxBytes` afterwards (a frozen or merging delta does not change)
//    until `removedAt` (the merge's end frees it) or the horizon;
//  - at every plotted time the growing ("ramping") snapshots are scaled together so that held +
//    ramping equals the datastore's exact delta total at that time.
// So the stack's top edge is exact; how it splits among VMs that grow at the same time is
// proportional to the linear ramps, an approximation.

import type { DatastoreResult, Result } from '@snapsim/core'
import { fullLayers, timeX, zoomParam } from './common.ts'
import { resolve, type ChartContext, type Resolved } from './context.ts'
import { chartConfig, colors, DATA_MARK } from './theme.ts'
import { formatWall } from './time.ts'
import { formatBytes, unitFor } from './units.ts'
import type { ConcatItem, Layer, TopLevelSpec } from './vl.ts'
import { firstMarkLayers } from './marks.ts'

/** Most series points kept per datastore (the snapshots' own corners are kept while few). */
const MAX_SAMPLES = 600
/**
 * Most plotted times per datastore while every snapshot's corners are plotted. Above it (a fleet
 * over months) the times are an even grid, one per pixel of the plot's width, plus the series'
 * own points at screen resolution: the stack's top edge stays exact at each of them, corners
 * between two grid times are cut, as a screen would.
 */
export const MAX_DELTA_TIMES = 1800
const EPS = 1e-3

interface Shape {
  readonly index: number
  readonly vm: string
  readonly taken: number
  readonly peak: number
  readonly end: number
  readonly maxBytes: number
}

/** Linear interpolation of a series column at t (t ascending). */
function interpolate(ts: readonly number[], vs: readonly number[], t: number): number {
  if (ts.length === 0) return 0
  let lo = 0
  let hi = ts.length - 1
  if (t <= ts[0]!) return vs[0] ?? 0
  if (t >= ts[hi]!) return vs[hi] ?? 0
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (ts[mid]! <= t) lo = mid
    else hi = mid
  }
  const t0 = ts[lo]!
  const t1 = ts[hi]!
  const v0 = vs[lo] ?? 0
  const v1 = vs[hi] ?? 0
  // a vertical step is stored as two points at the same t: take the later one
  return t1 === t0 ? v1 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0)
}

/**
 * The result's snapshots by datastore and the times snapshots were orphaned, built once per
 * result: a fleet's report draws one chart per datastore, and scanning a year's 400,000
 * snapshots and 2 million log entries for each of 25 datastores took seconds.
 */
interface SnapshotIndex {
  readonly byStore: ReadonlyMap<string, readonly number[]>
  readonly orphanAt: ReadonlyMap<number, number>
}
const indexes = new WeakMap<Result, SnapshotIndex>()

function snapshotIndex(result: Result): SnapshotIndex {
  let index = indexes.get(result)
  if (index === undefined) {
    const storeOf = new Map(result.vms.map((v) => [v.id, v.datastore]))
    const byStore = new Map<string, number[]>()
    result.snapshots.forEach((s, i) => {
      const store = storeOf.get(s.vm)
      if (store === undefined) return
      const list = byStore.get(store)
      if (list === undefined) byStore.set(store, [i])
      else list.push(i)
    })
    index = { byStore, orphanAt: orphanTimes(result) }
    indexes.set(result, index)
  }
  return index
}

export interface DeltaPoint {
  /** Simulated seconds. */
  readonly t: number
  /** Bytes per VM id at t. */
  readonly byVm: ReadonlyMap<string, number>
}

/** The reconstructed per-VM delta sizes on one datastore (see the file comment). */
export function reconstructDeltas(result: Result, d: DatastoreResult, gridTimes = 900): DeltaPoint[] {
  const byVm = new Map<string, { index: number; taken: number }[]>()
  for (const index of snapshotIndex(result).byStore.get(d.id) ?? []) {
    const s = result.snapshots[index]!
    const list = byVm.get(s.vm) ?? []
    // (a snapshot that existed before the run has takenAt < 0: the charts start at 0)
    list.push({ index, taken: Math.max(0, s.takenAt) })
    byVm.set(s.vm, list)
  }
  const shapes: Shape[] = []
  for (const [vm, list] of byVm) {
    list.sort((a, b) => a.taken - b.taken || a.index - b.index)
    list.forEach((item, k) => {
      const s = result.snapshots[item.index]!
      // still present at the horizon: held through it (end = Infinity, never reached)
      const end = s.removedAt === null || s.removedAt > result.horizon ? Infinity : s.removedAt
      const next = list[k + 1]?.taken ?? Infinity
      const peak = Math.max(item.taken, Math.min(next, s.removalStartedAt ?? Infinity, end, result.horizon))
      shapes.push({ index: item.index, vm, taken: item.taken, peak, end, maxBytes: s.maxBytes })
    })
  }
  const { t: ts, deltas } = d.series
  const times = new Set<number>()
  const stride = Math.max(1, Math.ceil(ts.length / MAX_SAMPLES))
  for (let i = 0; i < ts.length; i += stride) times.add(ts[i]!)
  if (ts.length > 0) times.add(ts[ts.length - 1]!)
  if (times.size + 4 * shapes.length <= MAX_DELTA_TIMES) {
    for (const s of shapes) {
      times.add(s.taken)
      times.add(s.peak)
      if (s.end <= result.horizon) {
        times.add(Math.max(s.taken, s.end - EPS))
        times.add(s.end)
      }
    }
  } else {
    // a grid over months: whole seconds are far below a pixel and keep the embedded data short
    const seconds = [...times].map((t) => Math.round(t))
    times.clear()
    for (const t of seconds) times.add(t)
    for (let k = 0; k <= gridTimes; k++) times.add(Math.round((result.horizon * k) / gridTimes))
  }
  times.add(0)
  times.add(result.horizon)
  const grid = [...times].filter((t) => t >= 0 && t <= result.horizon).sort((a, b) => a - b)
  // a sweep over the grid: a snapshot joins the active set when taken and leaves when removed,
  // so each time looks only at the snapshots present then (tens), not at all of a year's
  shapes.sort((a, b) => a.taken - b.taken || a.index - b.index)
  let next = 0
  let active: Shape[] = []
  return grid.map((t) => {
    while (next < shapes.length && shapes[next]!.taken <= t) active.push(shapes[next++]!)
    active = active.filter((s) => t < s.end)
    let held = 0
    let ramping = 0
    const ramps: [Shape, number][] = []
    const values = new Map<string, number>()
    for (const s of active) {
      if (t >= s.peak) {
        held += s.maxBytes
        values.set(s.vm, (values.get(s.vm) ?? 0) + s.maxBytes)
      } else {
        const v = (s.maxBytes * (t - s.taken)) / (s.peak - s.taken)
        ramping += v
        ramps.push([s, v])
      }
    }
    const scale = ramping > 0 ? Math.max(0, interpolate(ts, deltas, t) - held) / ramping : 0
    for (const [s, v] of ramps) values.set(s.vm, (values.get(s.vm) ?? 0) + v * scale)
    return { t, byVm: values }
  })
}

function orphanTimes(result: Result): Map<number, number> {
  const at = new Map<number, number>()
  for (const e of result.log) if (e.type === 'snapshot-orphaned') at.set(e.snapshot, e.t)
  for (const b of result.backups) if (b.orphaned && b.snapshot !== null && !at.has(b.snapshot) && b.end !== null) at.set(b.snapshot, b.end)
  return at
}

function deltaChart(result: Result, d: DatastoreResult, r: Resolved): ConcatItem {
  const points = reconstructDeltas(result, d, r.width)
  const max = new Map<string, number>()
  let peakTotal = 0
  for (const p of points) {
    let total = 0
    for (const [vm, v] of p.byVm) {
      max.set(vm, Math.max(max.get(vm) ?? 0, v))
      total += v
    }
    peakTotal = Math.max(peakTotal, total)
  }
  const ranked = [...max.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  const top = ranked.slice(0, r.topVms).map(([vm]) => vm)
  const topSet = new Set(top)
  const hasOther = ranked.length > top.length
  const groups = hasOther ? [...top, 'other'] : top
  const unit = unitFor(Math.max(peakTotal, 1))
  // values to a ten-thousandth of the axis (a fiftieth of a pixel): the stack reads the same and
  // a year of a fleet's rows stays short
  const decimals = Math.max(0, 4 - Math.floor(Math.log10(Math.max(peakTotal, 1) / unit.bytes)))
  const rows = points.flatMap((p) => {
    const x = r.clock(p.t)
    let other = 0
    for (const [vm, v] of p.byVm) if (!topSet.has(vm)) other += v
    return groups.map((vm, order) => {
      const bytes = vm === 'other' && hasOther ? other : (p.byVm.get(vm) ?? 0)
      return { x, vm, order, value: Number((bytes / unit.bytes).toFixed(decimals)) }
    })
  })
  const { byStore, orphanAt } = snapshotIndex(result)
  const onStore = byStore.get(d.id) ?? []
  const orphans = onStore
    .map((i) => ({ s: result.snapshots[i]!, i }))
    .filter(({ s }) => s.orphaned)
    .map(({ s, i }) => {
      const x = r.clock(orphanAt.get(i) ?? s.takenAt)
      return { x, vm: s.vm, label: `orphaned: ${s.vm}`, size: formatBytes(s.maxBytes), time: formatWall(x), taken: formatWall(r.clock(s.takenAt)) }
    })
  const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f']
  const range = groups.map((g, i) => (g === 'other' && hasOther ? colors.other : palette[i % palette.length]!))
  const layers: Layer[] = [
    {
      data: { values: rows },
      // texts computed in the browser: a year of a fleet's rows stay numbers
      transform: [
        { calculate: `utcFormat(datum.x, '%Y-%m-%d %H:%M')`, as: 'time' },
        { calculate: `format(datum.value, '.3~r') + ' ${unit.name}'`, as: 'size' },
      ],
      params: [zoomParam],
      mark: { type: 'area', interpolate: 'linear', ...DATA_MARK },
      encoding: {
        x: timeX('x', [r.clock(0), r.clock(result.horizon)]),
        y: { field: 'value', type: 'quantitative', stack: 'zero', title: `snapshot deltas (${unit.name})` },
        color: { field: 'vm', type: 'nominal', sort: groups, scale: { domain: groups, range }, legend: { title: 'VM', orient: 'right' } },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [
          { field: 'vm', title: 'VM' },
          { field: 'time', title: 'time' },
          { field: 'size', title: 'delta' },
        ],
      },
    },
  ]
  // label an orphan only when no labelled one is close by (a 60th of the time axis)
  const labelled: typeof orphans = []
  const gap = (r.clock(result.horizon) - r.clock(0)) / 60
  for (const o of [...orphans].sort((a, b) => a.x - b.x)) {
    const last = labelled[labelled.length - 1]
    if (last === undefined || o.x - last.x >= gap) labelled.push(o)
  }
  if (orphans.length > 0) {
    layers.push(
      {
        data: { values: orphans },
        mark: { type: 'rule', color: colors.orphan, strokeDash: [2, 2], strokeWidth: 1.5 },
        encoding: {
          x: { field: 'x', type: 'temporal' },
          tooltip: [
            { field: 'label', title: 'snapshot' },
            { field: 'taken', title: 'taken' },
            { field: 'time', title: 'orphaned' },
            { field: 'size', title: 'largest size' },
          ],
        },
      },
      {
        data: { values: labelled },
        mark: { type: 'text', color: colors.orphan, angle: 270, align: 'right', baseline: 'bottom', dx: -4, dy: -2, fontSize: 10 },
        encoding: { x: { field: 'x', type: 'temporal' }, y: { value: 0 }, text: { field: 'label' } },
      },
    )
  }
  layers.push(...fullLayers(r, [d]), ...firstMarkLayers(result, d, r))
  const count = onStore.length
  const subtitle = [
    `${count} snapshots, peak of all deltas ${formatBytes(peakTotal)}, ${orphans.length} orphaned` +
      (hasOther ? `; the ${top.length} largest VMs shown, ${ranked.length - top.length} more as "other"` : ''),
    'the total is exact; its split among VMs growing at the same time is approximated (docs/charts.md)',
  ]
  return { title: { text: `Snapshot deltas on ${d.id}`, subtitle }, width: r.width, height: 220, layer: layers }
}

export function snapshotDeltasSpec(result: Result, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const charts = result.datastores.map((d) => deltaChart(result, d, r))
  return { config: chartConfig, vconcat: charts, resolve: { scale: { color: 'independent', y: 'independent' } } }
}

/** One datastore's snapshot deltas chart (a fleet report shows one datastore's detail at a time). */
export function snapshotDeltasChart(result: Result, datastore: string, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const d = result.datastores.find((x) => x.id === datastore)
  if (d === undefined) throw new Error(`no datastore "${datastore}" in the result`)
  return { config: chartConfig, ...deltaChart(result, d, r) } as TopLevelSpec
}
