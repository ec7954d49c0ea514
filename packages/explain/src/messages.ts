// The catalogue compiled for one language and time zone: `say(key, values)` formats a message
// with intl-messageformat (plural/select rules from Intl.PluralRules, numbers and dates from
// Intl). Compiled messages are kept per (language, zone), since a narration formats hundreds.

import { IntlMessageFormat } from 'intl-messageformat'
import { catalogue, type MessageKey } from './catalogue.ts'
import { whenFormat } from './format.ts'
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
    const compiled = new Map<MessageKey, IntlMessageFormat>()
    s = {
      lang,
      timezone,
      say(key, values = {}) {
        let m = compiled.get(key)
        if (m === undefined) compiled.set(key, (m = new IntlMessageFormat(catalogue[key][lang], LOCALES[lang], formats, { ignoreTag: true })))
        const out = m.format(values as Record<string, string | number | Date>)
        if (typeof out !== 'string') throw new Error(`message ${key} did not format to text`)
        return out
      },
    }
    speakers.set(id, s)
  }
  return s
}
