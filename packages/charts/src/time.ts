// Calendar time for the charts. vega-lite formats times only in the viewer's local zone or in
// UTC, and the viewer's zone is not the scenario's. So every simulated time is converted here to
// the scenario zone's wall-clock time and encoded as if it were UTC ("wall-clock milliseconds");
// the specs then use `scale: {type: 'utc'}`, whose ticks and labels are UTC, i.e. exactly that
// wall clock. One consequence: in the hour repeated when daylight saving ends, wall-clock time
// runs back by an hour, so a chart shows that hour's data folded onto the same hour (it
// never affects a date or an hour label).

import type { Seconds } from '@snapsim/core'

/** Converts simulated seconds to wall-clock milliseconds in the scenario's time zone. */
export type WallClock = (t: Seconds) => number

const QUARTER_HOUR = 15 * 60 * 1000

/**
 * `startEpochMs`: the instant of simulated time 0 (milliseconds since 1970, UTC).
 * `timezone`: an IANA zone name ("Europe/Berlin", "UTC"). Throws a RangeError for an unknown zone.
 */
export function wallClock(startEpochMs: number, timezone: string): WallClock {
  if (!Number.isFinite(startEpochMs)) throw new RangeError(`startEpochMs must be a finite number, got ${startEpochMs}`)
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
  // Zone offsets change only at quarter-hour instants (every zone in the tz database since 1970),
  // so the offset at the start of a quarter hour holds for all of it: one Intl call per quarter.
  const offsets = new Map<number, number>()
  const offsetAt = (ms: number): number => {
    const q = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR
    let off = offsets.get(q)
    if (off === undefined) {
      const p: Record<string, number> = {}
      for (const part of format.formatToParts(new Date(q))) if (part.type !== 'literal') p[part.type] = Number(part.value)
      const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!)
      off = wall - q
      offsets.set(q, off)
    }
    return off
  }
  return (t) => {
    const ms = startEpochMs + t * 1000
    return ms + offsetAt(ms)
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const

/** "2024-03-05 22:00" (with seconds when `seconds`) from wall-clock milliseconds. */
export function formatWall(wallMs: number, seconds = false): string {
  const d = new Date(Math.round(wallMs / 1000) * 1000)
  const s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  return seconds ? `${s}:${pad(d.getUTCSeconds())}` : s
}

/** "Tue 05 Mar 22:00" from wall-clock milliseconds: short labels inside charts. */
export function formatWallShort(wallMs: number): string {
  const d = new Date(Math.round(wallMs / 60000) * 60000)
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })
  return `${DAYS[d.getUTCDay()]} ${pad(d.getUTCDate())} ${month} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** A duration in words: "45 s", "12 min", "3 h 05 min", "2 d 04 h". */
export function formatDuration(seconds: Seconds): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.round(s / 60)} min`
  if (s < 86400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`
  return `${Math.floor(s / 86400)} d ${pad(Math.floor((s % 86400) / 3600))} h`
}
