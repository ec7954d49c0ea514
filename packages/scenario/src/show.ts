// A value as a message shows it: short, on one line, never `[object Object]` and never the
// loader's internal stand-in for a value that already failed.

import { INVALID_MARKER, isInvalidMarker } from './invalid-marker.ts'

/** At most this many characters of a value are quoted in a message. */
export const SHOWN_CHARACTERS = 60

export function showValue(v: unknown): string {
  if (isInvalidMarker(v)) return '(invalid value)'
  let text: string
  if (typeof v === 'string') text = v.replaceAll(INVALID_MARKER, '(invalid value)')
  else if (v !== null && typeof v === 'object') {
    try {
      text = JSON.stringify(v, (_k, x: unknown) => (isInvalidMarker(x) ? '(invalid value)' : x)) ?? String(v)
    } catch {
      text = Array.isArray(v) ? 'a list' : 'a mapping'
    }
  } else text = String(v)
  return clip(text)
}

/** One line, at most SHOWN_CHARACTERS characters (code points), control characters escaped. */
export function clip(text: string): string {
  const chars = Array.from(text)
  const short = chars.length > SHOWN_CHARACTERS ? `${chars.slice(0, SHOWN_CHARACTERS).join('')}… (${chars.length} characters)` : text
  return escapeControl(short)
}

/** `\n`, NUL and other control characters as `\u000a` escapes: a message stays one line. */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
