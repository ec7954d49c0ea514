// Units of the scenario format: sizes (binary and decimal), rates, durations, shares. Each
// parser throws an Error whose message says what was wrong and what is expected; the loader
// turns it into an issue with file, line and column.

import { showValue } from './show.ts'

// Maps, not objects: a unit is looked up by what the user wrote (`constructor` is no unit).
const SIZE_UNITS: ReadonlyMap<string, number> = new Map([
  ['B', 1],
  ['KiB', 2 ** 10],
  ['MiB', 2 ** 20],
  ['GiB', 2 ** 30],
  ['TiB', 2 ** 40],
  ['PiB', 2 ** 50],
  ['kB', 1e3],
  ['KB', 1e3],
  ['MB', 1e6],
  ['GB', 1e9],
  ['TB', 1e12],
  ['PB', 1e15],
])

/** A month is a twelfth of a year of 365.25 days (30.4375 d); a day always 86,400 s. */
export const MONTH_SECONDS = (365.25 / 12) * 86400

const DURATION_UNITS: ReadonlyMap<string, number> = new Map([
  ['s', 1],
  ['min', 60],
  ['h', 3600],
  ['d', 86400],
  ['w', 604800],
  ['mo', MONTH_SECONDS],
  ['y', 365.25 * 86400],
  // words, singular and plural: `2%/week`, `1 GiB/day`, `3 months`
  ...(['second', 'minute', 'hour', 'day', 'week', 'month', 'year'] as const).flatMap((word): [string, number][] => {
    const seconds = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800, month: MONTH_SECONDS, year: 365.25 * 86400 }[word]
    return [
      [word, seconds],
      [`${word}s`, seconds],
    ]
  }),
])

const SIZE_HINT = 'expected a size like `400 GiB` (units B, KiB, MiB, GiB, TiB, PiB, kB, MB, GB, TB, PB)'
const RATE_HINT = 'expected a rate like `150 MiB/s` (a size per s, min, h, d, w, mo, y or per second, minute, hour, day, week, month, year)'
const DURATION_HINT = 'expected a duration like `90d` or `1h30min` (units s, min, h, d, w, mo, y, or the words second … year)'
const GROWTH_HINT = 'expected a relative growth like `2%/w` or `2 %/month` (a percentage per s, min, h, d, w, mo, y or per second … year)'

const NUMBER = String.raw`[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?`

// The ranges of the format: far beyond any real fleet, small enough that sums, products and
// JSON stay finite. A value outside is refused where it is written (docs/scenario-format.md).
/** Largest size: 1 EiB (2^60 bytes). */
export const MAX_BYTES = 2 ** 60
/** Largest rate: 1 PiB/s. */
export const MAX_RATE = 2 ** 50
/** Longest duration: 1,000 years of 365.25 days. */
export const MAX_SECONDS = 1000 * 365.25 * 86400

function explain(kind: string, value: unknown, hint: string): Error {
  return new Error(`${kind} \`${showValue(value)}\`: ${hint}`)
}

function inRange(n: number, max: number, kind: string, value: unknown, most: string): number {
  if (!(Math.abs(n) <= max)) throw new Error(`${kind} \`${showValue(value)}\` is out of range: at most ${most}`)
  return n
}

/** Bytes from `400 GiB`, `1.5TB`, `512 B` or a plain number of bytes. */
export function parseSize(value: unknown): number {
  return inRange(sizeOf(value), MAX_BYTES, 'size', value, '1 EiB (2^60 bytes)')
}

function sizeOf(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value !== 'string') throw explain('not a size:', value, SIZE_HINT)
  const m = new RegExp(`^\\s*(-?${NUMBER})\\s*([A-Za-z]*)\\s*$`).exec(value)
  if (!m) throw explain('not a size:', value, SIZE_HINT)
  const unit = m[2] || 'B'
  const factor = SIZE_UNITS.get(unit)
  if (factor === undefined) {
    const near = [...SIZE_UNITS.keys()].find((u) => u.toLowerCase() === unit.toLowerCase())
    throw explain(`unknown unit \`${showValue(unit)}\` in`, value, near ? `did you mean \`${near}\`? ${SIZE_HINT}` : SIZE_HINT)
  }
  return Number(m[1]) * factor
}

/** Seconds from `90d`, `36h`, `1h30min`, `45 s` or a plain number of seconds. */
export function parseDuration(value: unknown): number {
  return inRange(durationOf(value), MAX_SECONDS, 'duration', value, '1,000 years')
}

function durationOf(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value !== 'string' || value.trim() === '') throw explain('not a duration:', value, DURATION_HINT)
  const part = new RegExp(`(-?${NUMBER})\\s*([A-Za-z]+)\\s*`, 'y')
  const s = value.trim()
  let total = 0
  let at = 0
  while (at < s.length) {
    part.lastIndex = at
    const m = part.exec(s)
    if (!m) throw explain('not a duration:', value, DURATION_HINT)
    const factor = DURATION_UNITS.get(m[2]!)
    if (factor === undefined) throw explain(`unknown unit \`${showValue(m[2])}\` in`, value, DURATION_HINT)
    total += Number(m[1]) * factor
    at = part.lastIndex
  }
  return total
}

/** Bytes per second from `150 MiB/s`, `1 GiB/d`, `20 GB/h`. */
export function parseRate(value: unknown): number {
  return inRange(rateOf(value), MAX_RATE, 'rate', value, '1 PiB/s')
}

function rateOf(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value !== 'string') throw explain('not a rate:', value, RATE_HINT)
  const slash = value.lastIndexOf('/')
  if (slash < 0) throw explain('not a rate:', value, RATE_HINT)
  const per = value.slice(slash + 1).trim()
  const seconds = DURATION_UNITS.get(per)
  if (seconds === undefined) throw explain(`unknown time unit \`${showValue(per)}\` in`, value, RATE_HINT)
  let bytes: number
  try {
    bytes = sizeOf(value.slice(0, slash))
  } catch {
    throw explain('not a rate:', value, RATE_HINT)
  }
  return bytes / seconds
}

/** Whether a growth is written as relative (`2%/w`) rather than as a rate (`1 GiB/d`). */
export function isRelativeGrowth(value: unknown): boolean {
  return typeof value === 'string' && value.includes('%')
}

/**
 * A relative (compounding) growth `p%/period` as a continuous rate per second: growing by p %
 * per period is x(t) = x₀ · (1 + p/100)^(t / period) = x₀ · e^(rate · t), rate = ln(1 + p/100) /
 * period. The number 0 means none.
 */
export function parseRelativeGrowth(value: unknown): number {
  if (value === 0) return 0
  if (typeof value !== 'string') throw explain('not a relative growth:', value, GROWTH_HINT)
  const m = new RegExp(`^\\s*(-?${NUMBER})\\s*%\\s*/\\s*([A-Za-z]+)\\s*$`).exec(value)
  if (!m) throw explain('not a relative growth:', value, GROWTH_HINT)
  const seconds = DURATION_UNITS.get(m[2]!)
  if (seconds === undefined) throw explain(`unknown time unit \`${showValue(m[2])}\` in`, value, GROWTH_HINT)
  const percent = Number(m[1])
  if (!Number.isFinite(percent) || percent < 0) throw new Error(`relative growth \`${showValue(value)}\` must be a percentage of at least 0`)
  return Math.log1p(percent / 100) / seconds
}

/** A share in [0, 1] from `30%` or a fraction such as `0.3`. */
export function parseShare(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (value < 0 || value > 1) throw new Error(`share \`${value}\` is outside 0..1: write a percentage like \`${value}%\` or a fraction like 0.3`)
    return value
  }
  if (typeof value === 'string') {
    const m = new RegExp(`^\\s*(${NUMBER})\\s*%\\s*$`).exec(value)
    if (m) {
      const share = Number(m[1]) / 100
      if (share > 1) throw new Error(`share \`${value}\` is over 100%`)
      return share
    }
  }
  throw new Error(`not a share: \`${showValue(value)}\`: expected a percentage like \`30%\` or a fraction like 0.3`)
}

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

/** `1.50 TiB`: binary units, three significant digits. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  let i = 0
  let v = Math.abs(n)
  while (v >= 1024 && i < BINARY.length - 1) {
    v /= 1024
    i++
  }
  const digits = i === 0 ? 0 : v >= 100 ? 0 : v >= 10 ? 1 : 2
  return `${n < 0 ? '-' : ''}${v.toFixed(digits)} ${BINARY[i]}`
}

/** `3 d 4 h 12 min`, `42 s`: days, hours and minutes that are not zero; seconds below a minute. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds)
  if (Math.abs(seconds) < 59.5) return `${Math.round(seconds)} s`
  const sign = seconds < 0 ? '-' : ''
  const minutes = Math.round(Math.abs(seconds) / 60)
  const d = Math.floor(minutes / 1440)
  const h = Math.floor((minutes % 1440) / 60)
  const m = minutes % 60
  const parts: string[] = []
  if (d > 0) parts.push(`${d} d`)
  if (h > 0) parts.push(`${h} h`)
  if (m > 0) parts.push(`${m} min`)
  return sign + parts.join(' ')
}
