// The slow twin of the report's expression evaluator (expressions.ts): vega-interpreter, which
// walks the syntax tree on every evaluation. Generated expressions (every node type, every
// operator, calls of every arity, regexps that carry state, guarded members and keys) are
// evaluated both ways on generated data and must give the same value, or both fail. The one
// intended difference, `datetime` with a single number, has its own case.

import fc from 'fast-check'
import { runInThisContext } from 'node:vm'
import * as vega from 'vega'
import { expressionInterpreter } from 'vega-interpreter'
import { describe, expect, it } from 'vitest'
import { EXPRESSION_EVALUATOR, EXPRESSIONS_SCRIPT } from './expressions.ts'

interface Evaluator {
  parameter(ctx: unknown, expr: { ast: unknown }): (datum: unknown, params: unknown) => unknown
  operator(ctx: unknown, expr: { ast: unknown }): (params: unknown) => unknown
  handler(ctx: unknown, expr: { ast: unknown }): (params: unknown, event: unknown) => unknown
  encode(ctx: unknown, encode: { marktype: string; channels: Record<string, { ast: unknown }> }): (item: Record<string, unknown>, params: unknown) => number
}

const ours = runInThisContext(`(function (vega) {${EXPRESSIONS_SCRIPT}\nreturn ${EXPRESSION_EVALUATOR}; })`)(vega) as Evaluator
const theirs = expressionInterpreter as unknown as Evaluator

// the context's function table: vega's functions see it as `this` (their context on it)
const context = { k: 3 }
const functions = Object.assign(Object.create({ context }), {
  scaled(this: { context: { k: number } }, x: number) {
    return this.context.k * x
  },
  pair: (a: unknown, b: unknown) => [a, b],
  many: (...a: unknown[]) => a.length,
})
const ctx = { functions }

/** The same value: numbers by Object.is (NaN, -0), dates by time, regexps by text, deep. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false
  if (a === null || b === null || typeof a !== 'object') return typeof a === 'function' ? a === b : Object.is(a, b)
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime())
  if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b)
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  const ka = Object.keys(a), kb = Object.keys(b as object)
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

const show = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? typeof v
  } catch {
    return typeof v
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false }
function outcome(f: () => unknown): Outcome {
  try {
    return { ok: true, value: f() }
  } catch {
    return { ok: false }
  }
}

// ---- generated expressions ----
const leaf = fc.oneof(
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.constantFrom('0.5', '1e3', 'true', 'false', 'null', "'ab'", '"a,b"', "''", 'NaN', 'PI', 'E', 'MAX_VALUE'),
  fc.constantFrom('datum.a', 'datum.s', "datum['b']", 'datum.arr', 'datum.missing', 'datum', 'p1', 'p2', 'unknownParam'),
  fc.constantFrom('/a+/', '/a+/g', '/x/y'),
)
const unaryOps = ['-', '+', '!', '~']
const binaryOps = ['*', '+', '-', '/', '%', '>', '<', '<=', '>=', '==', '!=', '===', '!==', '&', '|', '^', '<<', '>>', '>>>']
const calls1 = ['abs', 'floor', 'round', 'upper', 'lower', 'length', 'trim', 'isNaN', 'isFinite', 'reverse', 'sort', 'utcyear', 'scaled', 'toString', 'datum']
const calls2 = ['max', 'min', 'pow', 'join', 'indexof', 'split', 'pair', 'test', 'atan2']
const calls3 = ['clamp', 'slice', 'substring', 'replace', 'if', 'many']

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom(...unaryOps), tie('expr')).map(([o, a]) => `${o}(${a})`),
    fc.tuple(tie('expr'), fc.constantFrom(...binaryOps), tie('expr')).map(([a, o, b]) => `(${a} ${o} ${b})`),
    fc.tuple(tie('expr'), fc.constantFrom('&&', '||'), tie('expr')).map(([a, o, b]) => `(${a} ${o} ${b})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, b, c]) => `(${a} ? ${b} : ${c})`),
    fc.tuple(fc.constantFrom(...calls1), tie('expr')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom(...calls2), tie('expr'), tie('expr')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc.tuple(fc.constantFrom(...calls3), tie('expr'), tie('expr'), tie('expr')).map(([f, a, b, c]) => `${f}(${a}, ${b}, ${c})`),
    fc.array(tie('expr'), { maxLength: 5 }).map((a) => `many(${a.join(', ')})`),
    fc.array(tie('expr'), { maxLength: 3 }).map((a) => `[${a.join(', ')}]`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `{a: ${a}, 'b c': ${b}}`),
    fc.tuple(tie('expr'), fc.constantFrom('__proto__', 'constructor', 'toString', 'x')).map(([a, k]) => `{${k}: ${a}}`),
    fc.tuple(tie('expr'), fc.constantFrom('length', 'a', 'constructor', 'toString', 'valueOf')).map(([a, p]) => `(${a}).${p}`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a})[${b}]`),
    fc.constantFrom('now', 'random').map((f) => `(${f}() > 0)`),
  ),
}))

const datum = fc.record({
  a: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: false }), fc.constant(null)),
  b: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
  s: fc.string({ maxLength: 6 }),
  arr: fc.array(fc.integer({ min: -9, max: 9 }), { maxLength: 4 }),
})
const params = fc.record({ $p1: fc.integer({ min: -4, max: 4 }), $p2: fc.constantFrom('x', 'aab', '') })

/** Node types, operators and call arities an AST reaches (the coverage of the generator). */
function reached(ast: unknown, into: Set<string>): Set<string> {
  if (ast === null || typeof ast !== 'object') return into
  const n = ast as Record<string, unknown>
  if (typeof n.type === 'string') {
    into.add(n.type)
    if (typeof n.operator === 'string') into.add(`${n.type} ${n.operator}`)
    if (n.type === 'CallExpression') into.add(`call/${(n.arguments as unknown[]).length}`)
    if (n.type === 'Literal' && n.regex) into.add(`regex ${(n.regex as { flags: string }).flags}`)
  }
  for (const v of Object.values(n)) if (v && typeof v === 'object') reached(v, into)
  return into
}

const runs = process.env.SNAPSIM_DEEP ? 100_000 : 3_000

describe("the report's expression evaluator against vega-interpreter", () => {
  it('gives the same value or fails alike, on generated expressions and data', () => {
    const seen = new Set<string>()
    let compared = 0
    fc.assert(
      fc.property(expr, datum, params, (text, d, p) => {
        let ast: unknown
        try {
          ast = vega.parseExpression(text)
        } catch {
          return // not an expression vega parses (e.g. a keyword as a property name)
        }
        reached(ast, seen)
        // now() and random() are compared as "> 0", which both are
        const a = outcome(() => ours.parameter(ctx, { ast })(d, p))
        const b = outcome(() => theirs.parameter(ctx, { ast })(d, p))
        compared++
        expect(a.ok, text).toBe(b.ok)
        if (a.ok && b.ok && !same(a.value, b.value)) expect.fail(`${text}: ${show(a.value)} vs ${show(b.value)}`)
        // evaluated twice: no state kept between evaluations (a global regexp's lastIndex)
        const again = outcome(() => ours.parameter(ctx, { ast })(d, p))
        if (a.ok && again.ok) expect(same(a.value, again.value), text).toBe(true)
      }),
      { seed: 202612, numRuns: runs },
    )
    // the generator reaches every node type, operator and arity (else a branch went untested)
    const wanted = [
      'Literal', 'Identifier', 'MemberExpression', 'CallExpression', 'ArrayExpression', 'ObjectExpression', 'Property',
      'UnaryExpression', 'BinaryExpression', 'LogicalExpression', 'ConditionalExpression', 'regex g', 'regex ',
      ...unaryOps.map((o) => `UnaryExpression ${o}`), ...binaryOps.map((o) => `BinaryExpression ${o}`),
      'LogicalExpression &&', 'LogicalExpression ||', 'call/0', 'call/1', 'call/2', 'call/3', 'call/4', 'call/5',
    ]
    expect(wanted.filter((w) => !seen.has(w))).toEqual([])
    expect(compared).toBeGreaterThan(runs / 2)
  })

  it('evaluates handlers with the event, its item, and the event functions as vega-interpreter does', () => {
    const event = { vega: { x: () => 12, y: () => 7, view: () => 'the view', item: () => 'an item', group: () => 'g', xy: () => [1, 2] }, item: { datum: { a: 2 } } }
    for (const text of ['x() + y() * datum.a', 'view()', 'event.item.datum.a', 'xy()[1] + p1', 'if(datum.a > 1, item(), group())']) {
      const ast = vega.parseExpression(text)
      const a = ours.handler(ctx, { ast })({ $p1: 5 }, event)
      const b = theirs.handler(ctx, { ast })({ $p1: 5 }, event)
      expect(a, text).toEqual(b)
    }
    // outside an event, the event functions fail in both
    const ast = vega.parseExpression('x()')
    expect(() => ours.parameter(ctx, { ast })({}, {})).toThrow()
    expect(() => theirs.parameter(ctx, { ast })({}, {})).toThrow()
  })

  it('encodes an item as vega-interpreter does: changed channels, spatial adjustment, swapped ends', () => {
    for (const marktype of ['rect', 'rule', 'symbol']) {
      const channels = Object.fromEntries(
        Object.entries({ x: 'datum.a * 10', x2: 'datum.b', y: 'p1', y2: 'p1 - 5', fill: "'red'" }).map(([k, v]) => [k, { ast: vega.parseExpression(v) }]),
      )
      const item = () => ({ datum: { a: 3, b: 10 }, fill: 'red' })
      const a = item(), b = item()
      const ma = ours.encode(ctx, { marktype, channels })(a, { $p1: 2 })
      const mb = theirs.encode(ctx, { marktype, channels })(b, { $p1: 2 })
      expect([ma, a]).toEqual([mb, b])
    }
  })

  it("means by datetime(...) new Date(...), as vega's code generator writes it (vega-interpreter: datetime(n) is the year n)", () => {
    const ast = vega.parseExpression('datetime(1705366800000)')
    expect((ours.operator(ctx, { ast })({}) as Date).getTime()).toBe(1705366800000)
    expect(Number.isNaN((theirs.operator(ctx, { ast })({}) as Date).getTime())).toBe(true)
    // any arguments: the Date the compiled expression builds
    const arg = fc.oneof(fc.integer({ min: -3e12, max: 3e12 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom("'2024-02-29T12:00:00Z'", 'null', 'datum.none'))
    fc.assert(
      fc.property(fc.array(arg, { minLength: 1, maxLength: 7 }), (args) => {
        const text = `datetime(${args.join(', ')})`
        const values = args.map((a) => (a === 'null' ? null : a === 'datum.none' ? undefined : typeof a === 'string' ? a.slice(1, -1) : a))
        const got = ours.parameter(ctx, { ast: vega.parseExpression(text) })({}, {}) as Date
        expect(Object.is(got.getTime(), new Date(...(values as [number])).getTime()), text).toBe(true)
      }),
      { seed: 202613, numRuns: runs / 10 },
    )
  })

  it('keeps the guards: no Function, eval or timer reached through a member, no prototype key set', () => {
    const evil = { f: Function, e: eval, t: setTimeout }
    for (const text of ['datum.f', "datum['e']", 'datum.t', '{a: datum.f}.a']) {
      const ast = vega.parseExpression(text)
      expect(outcome(() => ours.parameter(ctx, { ast })(evil, {}))).toEqual({ ok: true, value: undefined })
    }
    const proto = ours.parameter(ctx, { ast: vega.parseExpression("{__proto__: {polluted: 1}, constructor: 2, ok: 3}") })({}, {}) as Record<string, unknown>
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype)
    expect(Object.keys(proto)).toEqual(['ok'])
  })
})
