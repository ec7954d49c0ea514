// A run keeps its reading streams in two orders: by where they end (processor sharing: the
// first to reach its end point) and by when they stop early (a drawn failure, the snapshot
// hunter's deadline). One binary min-heap with positions serves both, so that a stream that
// ends or is aborted leaves either order in O(log n).

import type { SimTask } from './state.ts'

/** An order of tasks and the task field that holds a task's position in a heap of that order. */
export interface TaskOrder {
  before(a: SimTask, b: SimTask): boolean
  pos(t: SimTask): number
  setPos(t: SimTask, i: number): void
}

/** By end point in the run's virtual progress; ties by task index (deterministic). */
export const BY_END: TaskOrder = {
  before: (a, b) => a.vEnd < b.vEnd || (a.vEnd === b.vEnd && a.idx < b.idx),
  pos: (t) => t.heapPos,
  setPos: (t, i) => {
    t.heapPos = i
  },
}

/** By the time it stops early (failure or hunter); ties by task index. */
export const BY_STOP: TaskOrder = {
  before: (a, b) => a.stopAt < b.stopAt || (a.stopAt === b.stopAt && a.idx < b.idx),
  pos: (t) => t.stopPos,
  setPos: (t, i) => {
    t.stopPos = i
  },
}

export class TaskHeap {
  private readonly h: SimTask[] = []

  constructor(private readonly order: TaskOrder) {}

  get size(): number {
    return this.h.length
  }

  /** The first task in the order, or null. */
  top(): SimTask | null {
    return this.h.length > 0 ? this.h[0]! : null
  }

  push(t: SimTask): void {
    this.order.setPos(t, this.h.length)
    this.h.push(t)
    this.up(this.h.length - 1)
  }

  pop(): SimTask {
    const t = this.h[0]!
    this.remove(t)
    return t
  }

  /** Take the task out (nothing if it is not in). */
  remove(t: SimTask): void {
    const o = this.order
    const i = o.pos(t)
    if (i < 0) return
    const last = this.h.pop()!
    o.setPos(t, -1)
    if (last === t) return
    this.h[i] = last
    o.setPos(last, i)
    this.up(i)
    this.down(o.pos(last))
  }

  private up(i: number): void {
    const { h, order: o } = this
    const x = h[i]!
    while (i > 0) {
      const p = (i - 1) >> 1
      const y = h[p]!
      if (o.before(y, x)) break
      h[i] = y
      o.setPos(y, i)
      i = p
    }
    h[i] = x
    o.setPos(x, i)
  }

  private down(i: number): void {
    const { h, order: o } = this
    const n = h.length
    const x = h[i]!
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const c = r < n && o.before(h[r]!, h[l]!) ? r : l
      const y = h[c]!
      if (o.before(x, y)) break
      h[i] = y
      o.setPos(y, i)
      i = c
    }
    h[i] = x
    o.setPos(x, i)
  }
}
