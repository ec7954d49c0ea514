// "Did you mean …?": the closest candidate by edit distance, if it is close enough to help.

import { clip } from './show.ts'

export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return prev[b.length]!
}

/** Suggestions are looked for only for words this short, among this many candidates (the
 * distance costs word length x candidate length: a 100,000-character id must not stall). */
const MAX_WORD = 64
const MAX_CANDIDATES = 10_000

export function closest(word: string, candidates: Iterable<string>): string | null {
  let best: string | null = null
  let bestDistance = Number.POSITIVE_INFINITY
  if (word.length > MAX_WORD) return null
  let seen = 0
  for (const c of candidates) {
    if (++seen > MAX_CANDIDATES) break
    if (c.length > MAX_WORD) continue
    const d = levenshtein(word.toLowerCase(), c.toLowerCase())
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : null
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates)
  return c === null ? '' : ` (did you mean \`${clip(c)}\`?)`
}
