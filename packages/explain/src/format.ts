// Values formatted per locale with Intl, for the placeholders of the catalogue's messages: dates
// in the scenario's time zone (through the messages' `{x, date, when}` format), sizes in binary
// units, percentages. A formatted value is one token in a sentence, never a sentence.

import type { Bytes } from '@snapsim/core'
import { LOCALES, type Lang } from './lang.ts'

/**
 * The date-time format of every `{x, date, when}` placeholder: weekday, date, 24-hour time and
 * the zone's abbreviation, in the scenario's zone (the viewer's zone is not the scenario's).
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
