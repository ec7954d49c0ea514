// What the charts need besides the Result: where the simulated time sits on the calendar, and a
// few presentation limits.

import type { AlarmLevel } from '@snapsim/core'
import { wallClock, type WallClock } from './time.ts'

export interface ChartContext {
  /** The instant of simulated time 0, milliseconds since 1970-01-01T00:00Z. */
  readonly startEpochMs: number
  /** IANA time zone of the scenario ("Europe/Berlin"): the charts' time axes show its wall clock. */
  readonly timezone: string
  /**
   * Configured alarm levels per datastore id (the Result only lists alarms that fired). Absent:
   * core's `defaultAlarms` (75 % warning, 85 % alert). Fired alarms are drawn in any case.
   */
  readonly alarms?: Readonly<Record<string, readonly AlarmLevel[]>>
  /** Snapshot deltas chart: VMs shown one by one, the rest summed as "other" (default 8). */
  readonly topVms?: number
  /** Backup runs and VM states charts: at most this many rows (default 60; VMs with trouble first). */
  readonly maxRows?: number
  /** Plot width in pixels (default 900). */
  readonly width?: number
}

export interface Resolved {
  readonly ctx: ChartContext
  readonly clock: WallClock
  readonly width: number
  readonly topVms: number
  readonly maxRows: number
}

export function resolve(ctx: ChartContext): Resolved {
  return {
    ctx,
    clock: wallClock(ctx.startEpochMs, ctx.timezone),
    width: ctx.width ?? 900,
    topVms: Math.max(1, Math.floor(ctx.topVms ?? 8)),
    maxRows: Math.max(1, Math.floor(ctx.maxRows ?? 60)),
  }
}
