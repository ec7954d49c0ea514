// Key figures of a run, in words, for the top of the report.

import type { Result } from '@snapsim/core'
import { resolve, type ChartContext } from './context.ts'
import { formatDuration, formatWall } from './time.ts'
import { formatBytes } from './units.ts'

export interface KeyFigure {
  readonly label: string
  readonly value: string
}

export function keyFigures(result: Result, ctx: ChartContext): KeyFigure[] {
  const { clock } = resolve(ctx)
  const figures: KeyFigure[] = [
    { label: 'simulated', value: `${formatWall(clock(0))} – ${formatWall(clock(result.horizon))} (${formatDuration(result.horizon)}, ${ctx.timezone})` },
  ]
  for (const d of result.datastores) {
    figures.push({
      label: `datastore ${d.id}`,
      value:
        `peak ${formatBytes(d.peakUsed)} of ${formatBytes(d.capacity)} (${((d.peakUsed / d.capacity) * 100).toFixed(1)} %); ` +
        (d.fullAt === null ? 'never full' : `full at ${formatWall(clock(d.fullAt))}${d.fullTimes.length > 1 ? `, ${d.fullTimes.length} times in all` : ''}`),
    })
  }
  const stopped = result.vms.filter((v) => v.firstStopAt !== null)
  const downtime = result.vms.reduce((s, v) => s + v.downtime, 0)
  figures.push({
    label: 'VMs',
    value:
      stopped.length === 0
        ? `${result.vms.length}, none stopped`
        : `${stopped.length} of ${result.vms.length} stopped; downtime ${formatDuration(downtime)} in all; ` +
          `${result.vms.filter((v) => v.finalState !== 'running').length} not running at the end`,
  })
  const byOutcome = new Map<string, number>()
  for (const b of result.backups) byOutcome.set(b.outcome, (byOutcome.get(b.outcome) ?? 0) + 1)
  const outcomes = [...byOutcome.entries()].map(([o, n]) => `${n} ${o}`).join(', ')
  figures.push({
    label: 'backup tasks',
    value:
      `${result.backups.length}${outcomes ? ` (${outcomes})` : ''}; ` +
      `${result.backups.filter((b) => b.overlapped).length} overlapped their predecessor, ` +
      `${result.backups.filter((b) => b.missedWindow).length} missed their window`,
  })
  const maxDelta = result.snapshots.reduce((m, s) => Math.max(m, s.maxBytes), 0)
  const deepest = result.snapshots.reduce((m, s) => Math.max(m, s.depth), 0)
  figures.push({
    label: 'snapshots',
    value:
      `${result.snapshots.length} taken, ${result.snapshots.filter((s) => s.orphaned).length} orphaned, ` +
      `${result.snapshots.filter((s) => s.removedAt === null).length} still present at the end; largest delta ${formatBytes(maxDelta)}; deepest chain ${deepest}`,
  })
  return figures
}
