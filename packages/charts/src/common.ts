// Pieces shared by the spec builders.

import type { DatastoreResult, Result, VmResult } from '@snapsim/core'
import type { Resolved } from './context.ts'
import { colors, timeAxisFormat } from './theme.ts'
import { formatWall, formatWallShort } from './time.ts'
import type { Layer } from './vl.ts'

/** The x channel of every time chart: wall-clock milliseconds on a UTC scale (see time.ts). */
export function timeX(field: string, domain?: readonly [number, number]) {
  return {
    field,
    type: 'temporal' as const,
    // domainMin/Max rather than domain: vega-lite warns about an explicit domain when x2 is used
    scale: domain === undefined ? { type: 'utc' as const } : { type: 'utc' as const, domainMin: domain[0], domainMax: domain[1] },
    title: null,
    axis: { format: timeAxisFormat, labelOverlap: true as const },
  }
}

/** Zoom and pan on the time axis (drag, wheel); a no-op when rendered to SVG/PNG. */
export const zoomParam = {
  name: 'zoom',
  select: { type: 'interval' as const, encodings: ['x' as const] },
  bind: 'scales' as const,
}

/**
 * A vertical rule at the first time each datastore became full (`fullAt`), labelled with its
 * wall-clock time. Later refills (`fullTimes`) are left out: they are visible in the use chart
 * and would hide everything else.
 */
export function fullLayers(r: Resolved, stores: readonly DatastoreResult[]): Layer[] {
  const rows = stores
    .filter((d) => d.fullAt !== null)
    .map((d) => {
      const x = r.clock(d.fullAt!)
      const again = d.fullTimes.length > 1 ? `, ${d.fullTimes.length - 1} more times after` : ''
      return { x, datastore: d.id, label: `${stores.length > 1 ? `${d.id} ` : ''}full: ${formatWallShort(x)}`, detail: `full: ${formatWall(x)}${again}` }
    })
  if (rows.length === 0) return []
  return [
    {
      data: { values: rows },
      mark: { type: 'rule', color: colors.full, strokeWidth: 2, strokeDash: [6, 3] },
      encoding: {
        x: { field: 'x', type: 'temporal' },
        tooltip: [
          { field: 'datastore', title: 'datastore' },
          { field: 'detail', title: 'event' },
        ],
      },
    },
    {
      data: { values: rows },
      // just above the plot, where no bar or area can hide it
      mark: { type: 'text', clip: false, color: colors.full, align: 'center', baseline: 'bottom', dy: -3, fontWeight: 'bold', fontSize: 12 },
      encoding: { x: { field: 'x', type: 'temporal' }, y: { value: 0 }, text: { field: 'label' } },
    },
  ]
}

/**
 * At most `max` VMs for a per-VM chart, in the Result's order; VMs with trouble (downtime, a
 * backup that did not succeed, an overlapped run, an orphaned snapshot) are kept first.
 */
export function pickVms(result: Result, max: number): { vms: VmResult[]; note: string | null } {
  if (result.vms.length <= max) return { vms: [...result.vms], note: null }
  const troubled = new Set<string>()
  for (const v of result.vms) if (v.downtime > 0) troubled.add(v.id)
  for (const b of result.backups) if (b.outcome !== 'success' || b.overlapped || b.orphaned) troubled.add(b.vm)
  const keep = new Set<string>()
  for (const v of result.vms) if (keep.size < max && troubled.has(v.id)) keep.add(v.id)
  for (const v of result.vms) if (keep.size < max) keep.add(v.id)
  const vms = result.vms.filter((v) => keep.has(v.id))
  return {
    vms,
    note: `${vms.length} of ${result.vms.length} VMs shown (those with downtime, failed, overlapped or orphaned backups first)`,
  }
}

/** Backup windows per job run on one datastore: earliest start to latest end (horizon if open). */
export function jobRunWindows(result: Result, datastore: string): { job: string; run: number; from: number; to: number }[] {
  const onStore = new Set(result.vms.filter((v) => v.datastore === datastore).map((v) => v.id))
  const windows = new Map<string, { job: string; run: number; from: number; to: number }>()
  for (const b of result.backups) {
    if (b.start === null || !onStore.has(b.vm)) continue
    const key = `${b.run}\u0000${b.job}`
    const end = b.end ?? result.horizon
    const w = windows.get(key)
    if (w === undefined) windows.set(key, { job: b.job, run: b.run, from: b.start, to: end })
    else {
      w.from = Math.min(w.from, b.start)
      w.to = Math.max(w.to, end)
    }
  }
  return [...windows.values()].sort((a, b) => a.from - b.from)
}
