// The event heap and the task heap alone: orders worked out by hand, and against a sort of the
// same entries on generated pushes and removals.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EventHeap } from './heap.ts'
import type { SimTask } from './state.ts'
import { BY_END, BY_STOP, TaskHeap } from './task-heap.ts'

function drain(h: EventHeap): [number, number, number, number][] {
  const out: [number, number, number, number][] = []
  while (h.pop()) out.push([h.popTime, h.popKind, h.popA, h.popB])
  return out
}

describe('EventHeap', () => {
  it('orders events of one kind and time by an explicit order where given (job fires)', () => {
    const h = new EventHeap(2)
    h.push(10, 9, 2, 0, 2) // job 2's fire, scheduled first
    h.push(10, 9, 0, 0, 0) // job 0's fire, scheduled later: still before job 2's
    h.push(10, 1, 7, 0) // a merge end at 10: before every fire
    h.push(10, 9, 1, 0, 1)
    expect(drain(h).map((e) => [e[1], e[2]])).toEqual([
      [1, 7],
      [9, 0],
      [9, 1],
      [9, 2],
    ])
  })

  it('pops by time, then kind, then insertion order', () => {
    const h = new EventHeap(2)
    h.push(10, 8, 1, 0) // FIRE at 10
    h.push(5, 4, 2, 0)
    h.push(10, 1, 3, 0) // MERGE_END at 10: before the FIRE at 10
    h.push(10, 8, 4, 0) // a second FIRE at 10: after the first
    h.push(0, 9, 5, 7)
    expect(h.size).toBe(5)
    expect(h.peekTime()).toBe(0)
    expect(h.peekKind()).toBe(9)
    expect(drain(h)).toEqual([
      [0, 9, 5, 7],
      [5, 4, 2, 0],
      [10, 1, 3, 0],
      [10, 8, 1, 0],
      [10, 8, 4, 0],
    ])
    expect(h.pop()).toBe(false)
    expect(h.peekTime()).toBe(Number.POSITIVE_INFINITY)
    expect(h.peekKind()).toBe(-1)
  })

  it('grows past its initial capacity without losing payloads', () => {
    const h = new EventHeap(1)
    for (let i = 99; i >= 0; i--) h.push(i, 0, i, 1000 - i)
    const out = drain(h)
    expect(out).toHaveLength(100)
    out.forEach(([t, , a, b], i) => {
      expect(t).toBe(i)
      expect(a).toBe(i)
      expect(b).toBe(1000 - i)
    })
  })

  it('agrees with a stable sort by (time, kind) on generated pushes and interleaved pops', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ t: fc.integer({ min: 0, max: 20 }), k: fc.integer({ min: 0, max: 9 }) }), fc.constant(null)), { maxLength: 200 }),
        (ops) => {
          const h = new EventHeap(4)
          const live: { t: number; k: number; seq: number }[] = []
          let seq = 0
          for (const op of ops) {
            if (op === null) {
              // pop: must be the least live entry by (t, k, seq)
              live.sort((x, y) => x.t - y.t || x.k - y.k || x.seq - y.seq)
              const want = live.shift()
              expect(h.pop()).toBe(want !== undefined)
              if (want) expect([h.popTime, h.popKind, h.popA]).toEqual([want.t, want.k, want.seq])
            } else {
              h.push(op.t, op.k, seq, 0)
              live.push({ ...op, seq: seq++ })
            }
          }
          live.sort((x, y) => x.t - y.t || x.k - y.k || x.seq - y.seq)
          expect(drain(h).map(([t, k, a]) => [t, k, a])).toEqual(live.map((e) => [e.t, e.k, e.seq]))
        },
      ),
      { seed: 20, numRuns: 300 },
    )
  })
})

/** A task with only the fields the heaps read. */
function task(idx: number, vEnd: number, stopAt = Number.POSITIVE_INFINITY): SimTask {
  return { idx, vEnd, stopAt, heapPos: -1, stopPos: -1 } as SimTask
}

describe('TaskHeap', () => {
  it('BY_END: by end point, ties by task index; removal from the middle keeps the order', () => {
    const h = new TaskHeap(BY_END)
    const [a, b, c, d, e] = [task(0, 50), task(1, 20), task(2, 20), task(3, 70), task(4, 10)]
    for (const t of [a, b, c, d, e]) h.push(t)
    expect(h.size).toBe(5)
    expect(h.top()).toBe(e)
    h.remove(b)
    expect(b.heapPos).toBe(-1)
    h.remove(b) // not in: nothing happens
    expect(h.size).toBe(4)
    expect([h.pop(), h.pop(), h.pop(), h.pop()]).toEqual([e, c, a, d])
    expect(h.top()).toBe(null)
  })

  it('BY_STOP keeps its own positions: one task can be in both heaps', () => {
    const ends = new TaskHeap(BY_END)
    const stops = new TaskHeap(BY_STOP)
    const x = task(0, 100, 5)
    const y = task(1, 10, 50)
    for (const t of [x, y]) {
      ends.push(t)
      stops.push(t)
    }
    expect(ends.top()).toBe(y)
    expect(stops.top()).toBe(x)
    stops.remove(x)
    expect(x.stopPos).toBe(-1)
    expect(x.heapPos).toBeGreaterThanOrEqual(0) // still in the end heap
    expect(ends.pop()).toBe(y)
    expect(ends.pop()).toBe(x)
    expect(stops.pop()).toBe(y)
  })

  it('agrees with a sorted list on generated pushes, pops and removals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 30 }), fc.nat()), { maxLength: 150 }), (ops) => {
        const h = new TaskHeap(BY_END)
        let live: SimTask[] = []
        let idx = 0
        const sorted = () => [...live].sort((p, q) => p.vEnd - q.vEnd || p.idx - q.idx)
        for (const [op, v, pick] of ops) {
          if (op === 0 || live.length === 0) {
            const t = task(idx++, v)
            h.push(t)
            live.push(t)
          } else if (op === 1) {
            const want = sorted()[0]!
            expect(h.pop()).toBe(want)
            live = live.filter((t) => t !== want)
          } else {
            const victim = live[pick % live.length]!
            h.remove(victim)
            live = live.filter((t) => t !== victim)
          }
          expect(h.size).toBe(live.length)
          expect(h.top()).toBe(sorted()[0] ?? null)
        }
      }),
      { seed: 21, numRuns: 300 },
    )
  })
})
