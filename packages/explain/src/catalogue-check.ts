// The catalogue's consistency, checked by a test (and usable on any catalogue): every key has a
// message in every language, each parses as ICU MessageFormat, and the languages agree on the
// placeholders — the same names used the same way (text, number, date, plural, select) and the
// same select branches. A sentence cannot lose a figure in one language unnoticed.

import { IntlMessageFormat } from 'intl-messageformat'
import { LANGS, LOCALES, type Lang } from './lang.ts'

/** Placeholder name -> how it is used ("date", "plural", "select[a|b]" …), from a message's AST. */
export function placeholders(message: string, lang: Lang): Map<string, string> {
  const ast = new IntlMessageFormat(message, LOCALES[lang], undefined, { ignoreTag: true }).getAst()
  const out = new Map<string, string>()
  const KINDS: Readonly<Record<number, string>> = { 1: 'text', 2: 'number', 3: 'date', 4: 'time', 5: 'select', 6: 'plural' }
  const walk = (els: readonly unknown[]) => {
    for (const el of els as { type: number; value?: unknown; options?: Record<string, { value: unknown[] }> }[]) {
      const kind = KINDS[el.type]
      if (kind !== undefined && typeof el.value === 'string') {
        const keys = kind === 'select' && el.options ? `[${Object.keys(el.options).sort().join('|')}]` : ''
        const seen = out.get(el.value)
        const k = kind + keys
        out.set(el.value, seen === undefined || seen === k ? k : `${seen},${k}`)
      }
      if (el.options) for (const o of Object.values(el.options)) walk(o.value)
    }
  }
  walk(ast)
  return out
}

/** Every problem of a catalogue, one line each; empty when it is sound. */
export function checkCatalogue(catalogue: Readonly<Record<string, Readonly<Partial<Record<Lang, string>>>>>): string[] {
  const problems: string[] = []
  for (const key of Object.keys(catalogue)) {
    const entry = catalogue[key]!
    const found = new Map<Lang, Map<string, string>>()
    for (const lang of LANGS) {
      const text = Object.hasOwn(entry, lang) ? entry[lang] : undefined
      if (typeof text !== 'string' || text.trim() === '') {
        problems.push(`${key}: no ${lang} message`)
        continue
      }
      try {
        found.set(lang, placeholders(text, lang))
      } catch (e) {
        problems.push(`${key} (${lang}): not ICU MessageFormat: ${(e as Error).message}`)
      }
    }
    const [a, b] = LANGS.map((l) => found.get(l))
    if (a === undefined || b === undefined) continue
    for (const name of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(name) !== b.get(name)) problems.push(`${key}: placeholder {${name}} is ${a.get(name) ?? 'missing'} in ${LANGS[0]} but ${b.get(name) ?? 'missing'} in ${LANGS[1]}`)
    }
  }
  return problems
}
