// Values formatted per locale with Intl, for the placeholders of the catalogue's messages: dates
// in the scenario's time zone (through the messages' `{x, date, when}` format), sizes in binary
// units, percentages. A formatted value is one token in a sentence, never a sentence.

import type { Bytes } from '@snapsim/core'
import { LOCALES, type Lang } from './lang.ts'

/**
 * The date-time format of every `{x, date, when}` placeholder: weekday, date, 24-hour time and
 * the zone's abbreviation, in the scenario's zone (the viewer's zone is not the scenario's).
 * Where the locale has no abbreviation for the zone, Intl writes "GMT-5" or "GMT+5:30";
 * `zonedFormat` replaces that by the UTC offset (see zoneLabel).
 */
export function whenFormat(timezone: string): Intl.DateTimeFormatOptions {
  return {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }
}

/** Intl's fallback for a zone without a name in the locale: "GMT-5", "GMT+5:30", "GMT+0" (or UTC…). */
const FALLBACK_NAME = /^(?:GMT|UTC)(?:[+\-\u2212]\d{1,2}(?::?\d{2})?)?$/

/**
 * The zone's name as printed after a time: the locale's abbreviation where it has one (MEZ/MESZ,
 * CET/CEST, BST, UTC), else the offset from UTC at that instant in ISO 8601's form with a true
 * minus sign, "UTC−05:00", "UTC+05:30" ("UTC" at offset 0) — the same in every language.
 * Intl's own fallback, "GMT-5", reads as Greenwich time and drops the minutes' zero padding.
 */
export function zoneLabel(name: string, epochMs: number, timezone: string): string {
  if (!FALLBACK_NAME.test(name) || name === 'UTC' || name === 'GMT') return name
  const offset = offsetFormat(timezone).formatToParts(epochMs).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(offset)
  return m === null || (m[2] === '00' && m[3] === '00') ? 'UTC' : `UTC${m[1] === '-' ? '\u2212' : '+'}${m[2]}:${m[3]}`
}

const offsets = new Map<string, Intl.DateTimeFormat>()
function offsetFormat(timezone: string): Intl.DateTimeFormat {
  let f = offsets.get(timezone)
  if (f === undefined) offsets.set(timezone, (f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' })))
  return f
}

/** A date-time format whose zone name is zoneLabel's: what `{x, date, when}` prints. */
export function zonedFormat(locale: string, options: Intl.DateTimeFormatOptions): { format(date: Date | number): string } {
  const inner = new Intl.DateTimeFormat(locale, options)
  const timezone = inner.resolvedOptions().timeZone
  return {
    format(date) {
      const ms = typeof date === 'number' ? date : date.getTime()
      return inner
        .formatToParts(ms)
        .map((p) => (p.type === 'timeZoneName' ? zoneLabel(p.value, ms, timezone) : p.value))
        .join('')
    },
  }
}

/** An instant as every narration prints it, in a language and the scenario's zone. */
export function formatWhen(epochMs: number, lang: Lang, timezone: string): string {
  const id = `${lang}|${timezone}`
  let f = whens.get(id)
  if (f === undefined) whens.set(id, (f = zonedFormat(LOCALES[lang], whenFormat(timezone))))
  return f.format(epochMs)
}
const whens = new Map<string, { format(date: Date | number): string }>()

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const

/**
 * A size in the largest binary unit that keeps the number at 1 or more, to three significant
 * digits ("1.50 TiB", German "1,50 TiB"). Unit symbols are the same in both languages (IEC).
 */
export function formatSize(bytes: Bytes, lang: Lang): string {
  let i = 0
  let v = Math.abs(bytes)
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024
    i++
  }
  const digits = i === 0 ? 0 : v >= 100 ? 0 : v >= 10 ? 1 : 2
  const n = new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Math.sign(bytes) * v)
  return `${n}\u00a0${UNITS[i]}`
}

/** The unit and the number of fraction digits formatSize picks for a size (tests parse sentences with it). */
export function sizeUnits(): readonly string[] {
  return UNITS
}
