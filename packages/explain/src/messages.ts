// The catalogue compiled for one language and time zone: `say(key, values)` formats a message
// with intl-messageformat (plural/select rules from Intl.PluralRules, numbers and dates from
// Intl). Compiled messages are kept per (language, zone), since a narration formats hundreds.

import { IntlMessageFormat, type Formatters } from 'intl-messageformat'
import { catalogue, type MessageKey } from './catalogue.ts'
import { whenFormat, zonedFormat } from './format.ts'
import { LOCALES, type Lang } from './lang.ts'

export type Values = Readonly<Record<string, string | number | Date>>

export interface Speaker {
  readonly lang: Lang
  readonly timezone: string
  say(key: MessageKey, values?: Values): string
}

const speakers = new Map<string, Speaker>()

export function speaker(lang: Lang, timezone: string): Speaker {
  const id = `${lang}|${timezone}`
  let s = speakers.get(id)
  if (s === undefined) {
    const formats = { date: { when: whenFormat(timezone) } }
    // Intl's formatters, except that a time names its zone as zoneLabel does (format.ts)
    const numbers = new Map<string, Intl.NumberFormat>()
    const plurals = new Map<string, Intl.PluralRules>()
    const dates = new Map<string, { format(d: Date | number): string }>()
    const memo = <T>(cache: Map<string, T>, make: () => T, ...args: unknown[]): T => {
      const id = JSON.stringify(args)
      let v = cache.get(id)
      if (v === undefined) cache.set(id, (v = make()))
      return v
    }
    // intl-messageformat calls only `.format` of a date-time format (index.js, formatToParts)
    const formatters = {
      getNumberFormat: (l?: string | string[], o?: Intl.NumberFormatOptions) => memo(numbers, () => new Intl.NumberFormat(l, o), l, o),
      getPluralRules: (l?: string | string[], o?: Intl.PluralRulesOptions) => memo(plurals, () => new Intl.PluralRules(l, o), l, o),
      getDateTimeFormat: (l?: string | string[], o?: Intl.DateTimeFormatOptions) => memo(dates, () => zonedFormat(Array.isArray(l) ? l[0]! : (l ?? LOCALES[lang]), o ?? {}), l, o),
    } as unknown as Formatters
    const compiled = new Map<MessageKey, IntlMessageFormat>()
    s = {
      lang,
      timezone,
      say(key, values = {}) {
        let m = compiled.get(key)
        if (m === undefined) compiled.set(key, (m = new IntlMessageFormat(catalogue[key][lang], LOCALES[lang], formats, { ignoreTag: true, formatters })))
        const out = m.format(values as Record<string, string | number | Date>)
        if (typeof out !== 'string') throw new Error(`message ${key} did not format to text`)
        return out
      },
    }
    speakers.set(id, s)
  }
  return s
}
