// A stand-in for a value that already failed the structural check. The loader puts it where the
// bad or missing value was, so the rest of the file can still be resolved and every other
// problem reported in the same run; resolve.ts skips it silently (its issue is already out),
// which keeps one mistake from cascading into follow-on errors.

export const INVALID_MARKER = '\u0000snapsim:invalid\u0000'

export function isInvalidMarker(v: unknown): boolean {
  return v === INVALID_MARKER
}
