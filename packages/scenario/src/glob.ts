// VM selectors of jobs: glob patterns over VM ids. An id is a name, not a path: `/`, a leading
// `.`, spaces and any Unicode character are ordinary characters, so `*` matches every id
// (picomatch, used before, treated `/` as a separator and skipped dot-files: `vms: ["*"]`
// silently left out `a/b` and `.x`). The rules (docs/scenario-format.md, "VM selectors"):
//   *        any run of characters, also none
//   ?        exactly one character
//   [abc]    one of the characters; ranges `[a-z]`; `[!…]` or `[^…]` negates; `]` first is literal
//   {a,b}    one of the alternatives (which may hold patterns and nest)
//   \c       the character c itself (`\*`, `\[`, `\{`, `\\`)
// Matching works on Unicode code points, with a greedy single-backtrack walk: time is at most
// pattern length x id length, whatever the pattern (no regular expression that could backtrack
// exponentially).

/** One element of a pattern without braces. */
type Token =
  | { readonly kind: 'char'; readonly c: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'star' }
  | { readonly kind: 'class'; readonly negate: boolean; readonly ranges: readonly (readonly [number, number])[] }

/** At most this many alternatives after brace expansion: `{a,b}{c,d}` is 4. */
export const MAX_ALTERNATIVES = 1000

export class GlobError extends Error {
  override name = 'GlobError'
}

export type Matcher = (id: string) => boolean

/** A predicate for `pattern`; throws GlobError when the pattern is malformed. */
export function globMatcher(pattern: string): Matcher {
  const alternatives = expandBraces(Array.from(pattern)).map(tokenize)
  return (id) => {
    const chars = Array.from(id)
    return alternatives.some((tokens) => matchTokens(tokens, chars))
  }
}

/** Whether the pattern uses any wildcard (else it names one id). */
export function isLiteralPattern(pattern: string): boolean {
  return !/[*?[\]{}\\]/.test(pattern)
}

/**
 * `{a,b}x` -> [`ax`, `bx`], as arrays of code points with escapes kept (`\{` stays two
 * characters until tokenize). Nested braces expand inside out.
 */
function expandBraces(p: readonly string[]): string[][] {
  // Find the first top-level `{` and its matching `}`.
  let open = -1
  for (let i = 0; i < p.length; i++) {
    const c = p[i]
    if (c === '\\') {
      i++
      continue
    }
    if (c === '[') {
      i = classEnd(p, i)
      continue
    }
    if (c === '{') {
      open = i
      break
    }
    if (c === '}') throw new GlobError(`unmatched \`}\` at character ${i + 1}: write \`\\}\` for the character itself`)
  }
  if (open < 0) return [[...p]]
  let depth = 0
  let close = -1
  const commas: number[] = []
  for (let i = open; i < p.length; i++) {
    const c = p[i]
    if (c === '\\') {
      i++
      continue
    }
    if (c === '[') {
      i = classEnd(p, i)
      continue
    }
    if (c === '{') depth++
    else if (c === '}') {
      depth--
      if (depth === 0) {
        close = i
        break
      }
    } else if (c === ',' && depth === 1) commas.push(i)
  }
  if (close < 0) throw new GlobError(`unclosed \`{\` at character ${open + 1}: write \`\\{\` for the character itself`)
  const head = p.slice(0, open)
  const tails = expandBraces(p.slice(close + 1))
  const bounds = [open, ...commas, close]
  const out: string[][] = []
  for (let k = 0; k + 1 < bounds.length; k++) {
    for (const middle of expandBraces(p.slice(bounds[k]! + 1, bounds[k + 1]!))) {
      for (const tail of tails) {
        out.push([...head, ...middle, ...tail])
        if (out.length > MAX_ALTERNATIVES) throw new GlobError(`the braces expand to more than ${MAX_ALTERNATIVES} alternatives`)
      }
    }
  }
  return out
}

/** Index of the `]` closing the class that opens at `i` (its first `]` is a member). */
function classEnd(p: readonly string[], i: number): number {
  let j = i + 1
  if (p[j] === '!' || p[j] === '^') j++
  if (p[j] === ']') j++
  for (; j < p.length; j++) {
    if (p[j] === '\\') j++
    else if (p[j] === ']') return j
  }
  throw new GlobError(`unclosed \`[\` at character ${i + 1}: write \`\\[\` for the character itself`)
}

function tokenize(p: readonly string[]): Token[] {
  const tokens: Token[] = []
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!
    if (c === '\\') {
      if (i + 1 >= p.length) throw new GlobError('a pattern cannot end in `\\`: write `\\\\` for the character itself')
      tokens.push({ kind: 'char', c: p[++i]! })
    } else if (c === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' })
    } else if (c === '?') tokens.push({ kind: 'any' })
    else if (c === '[') {
      const end = classEnd(p, i)
      let j = i + 1
      const negate = p[j] === '!' || p[j] === '^'
      if (negate) j++
      const ranges: [number, number][] = []
      const first = j
      while (j < end) {
        let lo = p[j]!
        if (lo === '\\') lo = p[++j]!
        else if (lo === ']' && j !== first) break
        let hi = lo
        if (p[j + 1] === '-' && j + 2 < end) {
          hi = p[j + 2]!
          j += 2
          if (hi === '\\') hi = p[++j]!
        }
        const a = lo.codePointAt(0)!
        const b = hi.codePointAt(0)!
        if (a > b) throw new GlobError(`the range \`${lo}-${hi}\` in \`[…]\` runs backwards`)
        ranges.push([a, b])
        j++
      }
      tokens.push({ kind: 'class', negate, ranges })
      i = end
    } else tokens.push({ kind: 'char', c })
  }
  return tokens
}

function matchOne(t: Token, c: string): boolean {
  switch (t.kind) {
    case 'char':
      return t.c === c
    case 'any':
      return true
    case 'class': {
      const code = c.codePointAt(0)!
      const inside = t.ranges.some(([a, b]) => code >= a && code <= b)
      return inside !== t.negate
    }
    case 'star':
      return false
  }
}

/**
 * The classic wildcard walk: on a mismatch, go back to the last star and let it swallow one
 * more character. Each star only ever moves forward, so the work is O(pattern x id).
 */
export function matchTokens(tokens: readonly Token[], chars: readonly string[]): boolean {
  let t = 0
  let c = 0
  let starT = -1
  let starC = 0
  while (c < chars.length) {
    const tok = tokens[t]
    if (tok !== undefined && tok.kind === 'star') {
      starT = t++
      starC = c
    } else if (tok !== undefined && matchOne(tok, chars[c]!)) {
      t++
      c++
    } else if (starT >= 0) {
      t = starT + 1
      c = ++starC
    } else return false
  }
  while (tokens[t]?.kind === 'star') t++
  return t === tokens.length
}
