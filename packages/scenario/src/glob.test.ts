import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GlobError, globMatcher } from './glob.ts'

const DEEP = process.env.SNAPSIM_DEEP === '1'

describe('VM selectors (globs over ids)', () => {
  it('`*` matches every id: slashes, a leading dot, spaces, unicode, the empty tail', () => {
    const all = globMatcher('*')
    for (const id of ['web-01', 'a/b', '/x/', '.hidden', '..', 'with space', 'Größe-ü', '数据库', '😀', '\\', '*']) expect(all(id), id).toBe(true)
  })

  it('literal, `?`, classes, braces and escapes', () => {
    const cases: [string, string, boolean][] = [
      ['web-01', 'web-01', true],
      ['web-01', 'web-010', false],
      ['web-*', 'web-', true],
      ['web-*', 'web/a/b', false],
      ['web*', 'web/a/b', true],
      ['*/*', 'a/b', true],
      ['*/*', 'ab', false],
      ['.*', '.hidden', true],
      ['?', 'ü', true],
      ['?', '😀', true],
      ['??', '😀', false],
      ['db-0[1-4]', 'db-03', true],
      ['db-0[1-4]', 'db-05', false],
      ['db-0[!1-4]', 'db-05', true],
      ['db-0[^1-4]', 'db-02', false],
      ['[]]', ']', true],
      ['[a\\]]', ']', true],
      ['{web,app}-*', 'app-3', true],
      ['{web,app}-*', 'db-3', false],
      ['{a,{b,c}d}', 'cd', true],
      ['{a,{b,c}d}', 'c', false],
      ['x{,y}', 'x', true],
      ['\\*', '*', true],
      ['\\*', 'a', false],
      ['a\\{b', 'a{b', true],
      ['a b', 'a b', true],
      ['*a*a*a*a*a*b', 'a'.repeat(200), false],
    ]
    for (const [pattern, id, expected] of cases) expect(globMatcher(pattern)(id), `${pattern} ~ ${id}`).toBe(expected)
  })

  it('malformed patterns say what is wrong', () => {
    expect(() => globMatcher('db-[1')).toThrow(/unclosed `\[`/)
    expect(() => globMatcher('{a,b')).toThrow(/unclosed `\{`/)
    expect(() => globMatcher('a}')).toThrow(/unmatched `\}`/)
    expect(() => globMatcher('a\\')).toThrow(/end in `\\`/)
    expect(() => globMatcher('[z-a]')).toThrow(/runs backwards/)
    expect(() => globMatcher('{a,b}'.repeat(11))).toThrow(GlobError)
  })

  // The slow twin: the same rules as a regular expression over code points (flag u), on small
  // patterns and ids where backtracking costs nothing.
  const twin = (pattern: string): RegExp => {
    let re = ''
    for (const c of Array.from(pattern)) re += c === '*' ? '[^]*' : c === '?' ? '[^]' : c.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&')
    return new RegExp(`^${re}$`, 'u')
  }
  it('`*` and `?` agree with a regular expression on generated patterns and ids', () => {
    const alphabet = fc.constantFrom('a', 'b', '/', '.', ' ', 'ü', '😀', '-')
    const id = fc.array(alphabet, { maxLength: 8 }).map((a) => a.join(''))
    const pattern = fc.array(fc.oneof(alphabet, fc.constantFrom('*', '?')), { maxLength: 6 }).map((a) => a.join(''))
    fc.assert(
      fc.property(pattern, id, (p, s) => globMatcher(p)(s) === twin(p).test(s)),
      { seed: 15, numRuns: DEEP ? 100_000 : 3000 },
    )
  })

  it('an id always matches itself escaped, and `*` matches every generated id', () => {
    const escape = (s: string) => s.replace(/[*?[\]{}\\]/g, '\\$&')
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (s) => globMatcher(escape(s))(s) && globMatcher('*')(s)),
      { seed: 16, numRuns: DEEP ? 100_000 : 2000 },
    )
  })
})
