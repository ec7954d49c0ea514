// Values rounded to what the report shows of them. The report's backup table holds every task of
// a run (417,000 for a 1,000-VM year); a size it prints as "1.23 GiB" or a duration as "3 h 05
// min" needs no more digits than that, and values with few digits compress to a fraction of the
// exact ones. Each function returns a value whose formatted text is the same as the exact
// value's (checked on the way, else the exact value is kept), so the table reads the same; the
// exact values stay in backups.csv beside the report.

import { formatDuration } from './time.ts'
import { formatBytes } from './units.ts'

const UNIT_BYTES = [1, 1024, 1024 ** 2, 1024 ** 3, 1024 ** 4, 1024 ** 5]

/** Whole bytes that `formatBytes` prints as it prints `bytes` (three significant digits). */
export function bytesAsShown(bytes: number): number {
  if (!Number.isFinite(bytes)) return bytes
  const abs = Math.abs(bytes)
  let k = 0
  while (k < UNIT_BYTES.length - 1 && abs >= UNIT_BYTES[k + 1]!) k++
  const v = abs / UNIT_BYTES[k]!
  const digits = k === 0 ? 0 : v >= 100 ? 0 : v >= 10 ? 1 : 2
  const shown = Math.sign(bytes) * Math.round(Number(v.toFixed(digits)) * UNIT_BYTES[k]!)
  // at a unit's edge ("1024 KiB" would become "1 MiB") keep the exact value
  return formatBytes(shown) === formatBytes(bytes) ? shown : Math.round(bytes)
}

/** Whole seconds that `formatDuration` prints as it prints `seconds` ("45 s", "12 min", "3 h 05 min", "2 d 04 h"). */
export function durationAsShown(seconds: number): number {
  if (!Number.isFinite(seconds)) return seconds
  const s = Math.max(0, Math.round(seconds))
  const shown = s < 60 ? s : s < 3600 ? Math.min(3599, Math.round(s / 60) * 60) : s < 86400 ? Math.floor(s / 60) * 60 : Math.floor(s / 3600) * 3600
  return formatDuration(shown) === formatDuration(seconds) ? shown : s
}

/**
 * The minute (since 1970, on the wall clock) that `formatWall(wallMs)` prints: it rounds to the
 * second and drops the seconds, so "2026-01-05 22:00" is any instant from 21:59:59.5 to 22:00:59.499.
 */
export function minuteAsShown(wallMs: number): number {
  return Math.floor(Math.round(wallMs / 1000) / 60)
}
