// Rows as columns and back: the page's revive (the same text, compiled here) restores exactly
// what JSON would have carried, on generated values that reach every kind of column.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MIN_ROWS, toColumns } from './columns.ts'
import { revive } from './fixtures.test-helpers.ts'

const viaJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v) ?? 'null')
const roundTrip = (v: unknown): unknown => revive(JSON.parse(JSON.stringify(toColumns(v)) ?? 'null'))

/** Counts the encoded arrays and their kinds of column in a toColumns value. */
function kinds(v: unknown, seen: Record<string, number>): Record<string, number> {
  if (Array.isArray(v)) v.forEach((x) => kinds(x, seen))
  else if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (!Object.hasOwn(o, '$n')) Object.values(o).forEach((x) => kinds(x, seen))
    else if (o.$n === -1) {
      // an object of the data with a `$n` key of its own, wrapped: its values are encoded
      seen.wrapped = (seen.wrapped ?? 0) + 1
      Object.values(o.$o as object).forEach((x) => kinds(x, seen))
    } else {
      seen.rows = (seen.rows ?? 0) + 1
      for (const [, col] of o.$c as [string, Record<string, unknown>][]) {
        const k = Object.keys(col).join('')
        seen[k] = (seen[k] ?? 0) + 1
        if (col.v) kinds(col.v, seen)
      }
    }
  }
  return seen
}

// rows of one shape (as vega-lite data), with keys in a varying order across arrays
const name = fc.constantFrom('vm1', 'vm2', 'other', '$n', '', 'ü "x"')
const row = fc.record(
  {
    // (a difference beyond the safe integers keeps the values as they are)
    x: fc.oneof({ arbitrary: fc.integer({ min: 1.7e12, max: 1.8e12 }), weight: 20 }, fc.constant(Number.MAX_SAFE_INTEGER), fc.constant(-Number.MAX_SAFE_INTEGER)),
    vm: name,
    value: fc.oneof(fc.double({ noNaN: false }), fc.integer(), fc.constant(null)),
    label: fc.string({ maxLength: 6 }),
    nested: fc.oneof(fc.constant(1), fc.jsonValue({ maxDepth: 2 })),
  },
  { requiredKeys: ['x', 'vm'] },
)
const rows = fc.oneof(fc.array(row, { minLength: 0, maxLength: 40 }), fc.integer({ min: MIN_ROWS, max: 40 }).chain((n) => fc.array(row.map((r) => ({ x: r.x, vm: r.vm, value: r.value ?? 0.5 })), { minLength: n, maxLength: n })))
const spec = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), rows, fc.dictionary(fc.constantFrom('values', 'data', '$n', '$o', '$c', '__proto__', 'layer'), tie('value'), { maxKeys: 4 }), fc.array(tie('value'), { maxLength: 3 })),
})).value

describe('toColumns and the page revive', () => {
  it('give back what JSON carries, for any JSON value and arrays of rows (generated)', () => {
    const seen: Record<string, number> = {}
    fc.assert(
      fc.property(spec, (v) => {
        kinds(toColumns(v), seen)
        expect(roundTrip(v)).toStrictEqual(viaJson(v))
      }),
      { seed: 1202, numRuns: process.env.SNAPSIM_DEEP ? 20_000 : 1_000 },
    )
    // the generated values reach every kind of column and the wrapping of a `$n` key
    for (const k of ['rows', 'd', 'ki', 'v', 'wrapped']) expect(seen[k] ?? 0).toBeGreaterThan(20)
  })

  it('keeps whole-number times as differences and repeated names as a list', () => {
    const values = Array.from({ length: 10 }, (_, i) => ({ x: 1_767_571_200_000 + 60_000 * i, vm: i % 2 ? 'a' : 'b', value: i / 3 }))
    expect(toColumns({ data: { values } })).toEqual({
      data: {
        values: {
          $n: 10,
          $c: [
            ['x', { d: [1_767_571_200_000, ...Array(9).fill(60_000)] }],
            ['vm', { k: ['b', 'a'], i: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1] }],
            ['value', { v: values.map((r) => r.value) }],
          ],
        },
      },
    })
    // fewer than MIN_ROWS rows, or rows of different shapes, stay as they are
    expect(toColumns(values.slice(0, MIN_ROWS - 1))).toEqual(values.slice(0, MIN_ROWS - 1))
    const mixed = [...values.slice(0, 8), { vm: 'a', x: 0, value: 0 }]
    expect(toColumns(mixed)).toEqual(mixed)
  })

  it('keeps an own "__proto__" key a key, and an object with a "$n" key an object', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "$n": 3, "$c": [["x", {"d": [1]}]]}')
    const back = roundTrip(hostile) as Record<string, unknown>
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype)
    expect(back).toStrictEqual(viaJson(hostile))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
