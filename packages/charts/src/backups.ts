// Backup runs as a Gantt chart: one row per VM, a bar per task from snapshot to end (or to the
// horizon when unfinished), coloured by outcome; runs whose fire found the previous run still
// going get a black outline; a snapshot chain deeper than 1 is written on the bar ("×2").
// Tasks that never started (skipped, snapshot refused) are crosses at their fire time.

import type { BackupOutcome, Result } from '@snapsim/core'
import { fullLayers, pickVms, timeX, zoomParam } from './common.ts'
import { resolve, type ChartContext } from './context.ts'
import { chartConfig, outcomeColors } from './theme.ts'
import { formatDuration, formatWall } from './time.ts'
import { formatBytes } from './units.ts'
import type { Layer, TopLevelSpec } from './vl.ts'

const OUTCOMES: readonly BackupOutcome[] = ['success', 'failed', 'cancelled', 'skipped', 'snapshot-failed', 'unfinished']
const outcomeScale = { domain: [...OUTCOMES], range: OUTCOMES.map((o) => outcomeColors[o]) }

export function backupRunsSpec(result: Result, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const { vms, note } = pickVms(result, r.maxRows)
  const shown = new Set(vms.map((v) => v.id))
  const rows = result.backups
    .filter((b) => shown.has(b.vm))
    .map((b) => {
      const x = r.clock(b.start ?? b.firedAt)
      const endT = b.end ?? (b.start === null ? b.firedAt : result.horizon)
      const x2 = r.clock(endT)
      return {
        vm: b.vm,
        job: b.job,
        run: b.run + 1,
        started: b.start !== null,
        x,
        x2,
        outcome: b.outcome,
        overlapped: b.overlapped,
        chainDepth: b.chainDepth,
        depthLabel: b.chainDepth >= 2 ? `×${b.chainDepth}` : '',
        startText: b.start === null ? `never started (fired ${formatWall(r.clock(b.firedAt))})` : formatWall(x),
        endText: b.end === null ? (b.start === null ? '–' : 'unfinished at the horizon') : formatWall(x2),
        durationText: b.start === null ? '–' : formatDuration(endT - b.start),
        readText: `${formatBytes(b.bytesRead)} of ${formatBytes(b.bytesToRead)}${b.incremental ? ' (incremental)' : ''}`,
        flags: [b.overlapped ? 'overlapped its predecessor' : '', b.missedWindow ? 'missed its window' : '', b.orphaned ? 'left its snapshot behind' : '']
          .filter(Boolean)
          .join(', '),
        reason: b.reason ?? '',
      }
    })
  const tooltip = [
    { field: 'vm', title: 'VM' },
    { field: 'job', title: 'job' },
    { field: 'run', title: 'run' },
    { field: 'outcome', title: 'outcome' },
    { field: 'startText', title: 'start' },
    { field: 'endText', title: 'end' },
    { field: 'durationText', title: 'duration' },
    { field: 'readText', title: 'read' },
    { field: 'chainDepth', title: 'chain depth' },
    { field: 'flags', title: 'note' },
    { field: 'reason', title: 'reason' },
  ]
  const y = { field: 'vm', type: 'nominal' as const, title: null, sort: vms.map((v) => v.id) }
  const started = rows.filter((row) => row.started)
  const never = rows.filter((row) => !row.started)
  const layers: Layer[] = [
    {
      data: { values: started },
      params: [zoomParam],
      mark: { type: 'bar', height: { band: 0.7 }, cornerRadius: 2 },
      encoding: {
        x: timeX('x', [r.clock(0), r.clock(result.horizon)]),
        x2: { field: 'x2' },
        y,
        color: { field: 'outcome', type: 'nominal', scale: outcomeScale, legend: { title: 'outcome', orient: 'top' } },
        stroke: { condition: { test: 'datum.overlapped', value: 'black' }, value: null },
        strokeWidth: { condition: { test: 'datum.overlapped', value: 1.5 }, value: 0 },
        tooltip,
      },
    },
    {
      data: { values: started.filter((row) => row.depthLabel !== '') },
      mark: { type: 'text', align: 'left', dx: 2, fontSize: 9, fontWeight: 'bold', color: 'black' },
      encoding: { x: { field: 'x', type: 'temporal' }, y, text: { field: 'depthLabel' }, tooltip },
    },
  ]
  if (never.length > 0) {
    layers.push({
      data: { values: never },
      mark: { type: 'point', shape: 'cross', size: 60, filled: true },
      encoding: {
        x: { field: 'x', type: 'temporal' },
        y,
        color: { field: 'outcome', type: 'nominal', scale: outcomeScale, legend: { title: 'outcome', orient: 'top' } },
        tooltip,
      },
    })
  }
  layers.push(...fullLayers(r, result.datastores))
  const explain = 'black outline: its job was still running from the previous fire; ×n: snapshot chain depth; ✕: never started'
  return {
    config: chartConfig,
    title: { text: 'Backup runs', subtitle: note === null ? explain : [explain, note] },
    width: r.width,
    height: { step: 16 },
    layer: layers,
  }
}
