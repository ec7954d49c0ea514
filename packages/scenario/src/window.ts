// `window: 20:00-06:00`: a backup window in local time. A fire's run should end by the first
// local end time (06:00) after the fire — the next morning for a 20:00 fire, whatever the date,
// daylight saving included (a 25-hour night is an hour longer). Only the end decides whether a
// task missed its window; the start documents when the window opens.

import { isoLocal, wallToEpoch } from './calendar.ts'

const LOCAL = /^\s*([01]?[0-9]|2[0-3]):([0-5][0-9])\s*-\s*([01]?[0-9]|2[0-3]):([0-5][0-9])\s*$/

export interface LocalWindow {
  readonly start: string
  readonly end: string
}

/** `20:00-06:00` -> its start and end as `HH:MM`; null if the text is not of this form. */
export function parseLocalWindow(text: unknown): LocalWindow | null {
  if (typeof text !== 'string') return null
  const m = LOCAL.exec(text)
  if (!m) return null
  const hhmm = (h: string, mi: string) => `${h.padStart(2, '0')}:${mi}`
  return { start: hhmm(m[1]!, m[2]!), end: hhmm(m[3]!, m[4]!) }
}

/** Per fire (seconds since the start), the first local `end` after it, in seconds since the start. */
export function windowEnds(fires: readonly number[], startEpochMs: number, timezone: string, end: string): number[] {
  return fires.map((f) => {
    const fire = startEpochMs + f * 1000
    const date = isoLocal(fire, timezone).slice(0, 10)
    let at = wallToEpoch(`${date}T${end}`, timezone)
    if (at <= fire) {
      const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
      const next = new Date(Date.UTC(y, mo - 1, d + 1)).toISOString().slice(0, 10)
      at = wallToEpoch(`${next}T${end}`, timezone)
    }
    return (at - startEpochMs) / 1000
  })
}
