// Calendar questions core never asks: local wall time to an instant, the local hour grid over
// the horizon (23- and 25-hour days at daylight-saving changes), local times for humans. All
// through Intl, with IANA time zone names; `UTC` (the default zone) by Date's UTC fields instead,
// which give the same answers (calendar.test.ts checks them against Intl's `Etc/UTC`) without
// Intl's start-up: the first Intl object a process makes loads ICU's data, tens of milliseconds
// of a command's start (docs/performance.md, start-up).

import { clip } from './show.ts'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timezone, f)
  }
  return f
}

/** `UTC`: local time is UTC, no offset and no daylight saving; answered without Intl. */
export function isUtc(timezone: string): boolean {
  return timezone === 'UTC'
}

export function isTimeZone(timezone: string): boolean {
  if (isUtc(timezone)) return true
  try {
    formatter(timezone)
    return true
  } catch {
    return false
  }
}

interface Wall {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

function wallOf(epochMs: number, timezone: string): Wall {
  if (isUtc(timezone)) {
    const d = new Date(epochMs)
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() }
  }
  const parts: Record<string, number> = {}
  for (const p of formatter(timezone).formatToParts(new Date(epochMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value)
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! }
}

/** Offset of local time from UTC at an instant, in ms. */
export function offsetMs(epochMs: number, timezone: string): number {
  const w = wallOf(epochMs, timezone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return asUtc - Math.floor(epochMs / 1000) * 1000
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/

/**
 * The instant of a local wall time such as `2026-01-05T00:00`. A time skipped by a
 * daylight-saving change resolves forward, a repeated one to its first occurrence.
 */
export function wallToEpoch(wall: string, timezone: string): number {
  const m = WALL.exec(wall.trim())
  if (!m) throw new Error(`not a local date-time: \`${clip(wall)}\`: expected \`YYYY-MM-DDTHH:MM\` (local wall time in the scenario time zone)`)
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m
  const guess = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  const check = new Date(guess)
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new Error(`not a valid date-time: \`${wall}\` (hours 00-23, minutes and seconds 00-59)`)
  }
  // The offsets in force a day before, at, and a day after the wall time (a zone changes its
  // offset at most twice a year): each gives a candidate instant; the valid ones read the wall
  // time in the zone. Two valid ones: a repeated hour, take the first. None: a skipped hour,
  // take the offset from before the change, which lands as far after the gap as the time was
  // into it (02:30 in a 02:00-03:00 gap is 03:30).
  const day = 86_400_000
  const before = offsetMs(guess - day, timezone)
  const offsets = new Set([before, offsetMs(guess, timezone), offsetMs(guess + day, timezone)])
  const candidates = [...offsets].map((o) => guess - o).filter((e) => offsetMs(e, timezone) === guess - e)
  return candidates.length > 0 ? Math.min(...candidates) : guess - before
}

/**
 * Local hour boundaries over [start, start + horizon): starts (seconds since start) and the
 * local hour of each segment. Offsets of real zones are multiples of 15 minutes, so the local
 * hour can only change on a quarter-hour instant.
 */
const grids = new Map<string, { starts: number[]; hourOfDay: number[]; weekday: number[] }>()

/** hourGrid, memoized: Monte Carlo replications resolve the same calendar again and again. */
export function hourGrid(startEpochMs: number, horizon: number, timezone: string): { starts: number[]; hourOfDay: number[]; weekday: number[] } {
  const key = `${startEpochMs}|${horizon}|${timezone}`
  let g = grids.get(key)
  if (!g) {
    if (grids.size > 64) grids.clear()
    g = computeHourGrid(startEpochMs, horizon, timezone)
    grids.set(key, g)
  }
  return { starts: g.starts, hourOfDay: g.hourOfDay, weekday: g.weekday }
}

/** Local hour and weekday (0 = Monday … 6 = Sunday) of an instant. */
function localHourAndDay(e: number, timezone: string): { hour: number; weekday: number } {
  const local = new Date(e + offsetMs(e, timezone))
  return { hour: local.getUTCHours(), weekday: (local.getUTCDay() + 6) % 7 }
}

function computeHourGrid(startEpochMs: number, horizon: number, timezone: string): { starts: number[]; hourOfDay: number[]; weekday: number[] } {
  const starts = [0]
  const first = localHourAndDay(startEpochMs, timezone)
  const hourOfDay = [first.hour]
  const weekday = [first.weekday]
  const quarter = 15 * 60 * 1000
  const end = startEpochMs + horizon * 1000
  let last = hourOfDay[0]!
  for (let e = Math.floor(startEpochMs / quarter) * quarter + quarter; e < end; e += quarter) {
    const l = localHourAndDay(e, timezone)
    if (l.hour !== last) {
      starts.push((e - startEpochMs) / 1000)
      hourOfDay.push(l.hour)
      weekday.push(l.weekday)
      last = l.hour
    }
  }
  return { starts, hourOfDay, weekday }
}

const SHORT = new Map<string, Intl.DateTimeFormat>()
/** en-GB's short weekdays, Sunday first as Date.getUTCDay counts. */
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** `Mon 2026-01-12 20:00 CET`: a time of the run in the scenario's calendar. */
export function formatLocalTime(startEpochMs: number, seconds: number, timezone: string): string {
  const e = startEpochMs + seconds * 1000
  const w = wallOf(e, timezone)
  const pad = (n: number) => String(n).padStart(2, '0')
  if (isUtc(timezone)) return `${WEEKDAYS[new Date(e).getUTCDay()]} ${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)} UTC`
  let f = SHORT.get(timezone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', timeZoneName: 'short' })
    SHORT.set(timezone, f)
  }
  const parts = f.formatToParts(new Date(e))
  const weekday = parts.find((p) => p.type === 'weekday')?.value ?? ''
  const zone = parts.find((p) => p.type === 'timeZoneName')?.value ?? timezone
  return `${weekday} ${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)} ${zone}`
}

/** ISO 8601 with the local offset: `2026-01-05T00:00:00+01:00`. */
export function isoLocal(epochMs: number, timezone: string): string {
  const w = wallOf(epochMs, timezone)
  const off = offsetMs(epochMs, timezone) / 60000
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0')
  const sign = off < 0 ? '-' : '+'
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`
}
