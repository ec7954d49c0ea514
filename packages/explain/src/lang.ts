// The languages of the narration. German first: the BSI text and most classes that teach it are
// German. Each language has one BCP 47 locale for Intl (plural rules, numbers, dates).

export type Lang = 'de' | 'en'

export const LANGS: readonly Lang[] = ['de', 'en']

/** en-GB rather than en-US: 24-hour times and day-month order, as the rest of snapsim prints. */
export const LOCALES: Readonly<Record<Lang, string>> = { de: 'de-DE', en: 'en-GB' }

export function isLang(value: string): value is Lang {
  return value === 'de' || value === 'en'
}
