// A binary min-heap of events on parallel typed arrays: no object per event, no closures.
// Order is total and deterministic: (time, kind priority, insertion sequence). Priority and
// sequence share one float64 key (priority * 2^40 + sequence, exact below 2^53).

const PRIORITY_SCALE = 2 ** 40

export class EventHeap {
  private times: Float64Array
  private keys: Float64Array
  private kinds: Uint8Array
  private as: Int32Array
  private bs: Int32Array
  private n = 0
  private seq = 0

  constructor(capacity = 1024) {
    this.times = new Float64Array(capacity)
    this.keys = new Float64Array(capacity)
    this.kinds = new Uint8Array(capacity)
    this.as = new Int32Array(capacity)
    this.bs = new Int32Array(capacity)
  }

  get size(): number {
    return this.n
  }

  /**
   * Schedule event `kind` (its number is also its priority at equal times) with payload a, b.
   * `order`, when given, replaces the insertion sequence among events of the same kind and time
   * (job fires: in the order of the jobs, however long ago each was scheduled).
   */
  push(time: number, kind: number, a: number, b: number, order?: number): void {
    if (this.n === this.times.length) this.grow()
    let i = this.n++
    const key = kind * PRIORITY_SCALE + (order ?? this.seq++)
    // Sift up: move parents down until the slot for the new entry is found.
    while (i > 0) {
      const p = (i - 1) >> 1
      const pt = this.times[p]!
      if (pt < time || (pt === time && this.keys[p]! < key)) break
      this.move(p, i)
      i = p
    }
    this.times[i] = time
    this.keys[i] = key
    this.kinds[i] = kind
    this.as[i] = a
    this.bs[i] = b
  }

  /** Kind of the next event (-1 if none). */
  peekKind(): number {
    return this.n > 0 ? this.kinds[0]! : -1
  }

  peekTime(): number {
    return this.n > 0 ? this.times[0]! : Number.POSITIVE_INFINITY
  }

  // Hot path (one pop per event): the popped event's fields, not a returned object.
  /** Contract: pop() sets popTime, popKind, popA and popB to the removed event's; read them before the next pop(). */
  popTime = 0
  popKind = 0
  popA = 0
  popB = 0

  /** Remove the earliest event (false if none); its fields go to popTime, popKind, popA, popB. */
  pop(): boolean {
    if (this.n === 0) return false
    this.popTime = this.times[0]!
    this.popKind = this.kinds[0]!
    this.popA = this.as[0]!
    this.popB = this.bs[0]!
    const last = --this.n
    if (last > 0) {
      const t = this.times[last]!
      const k = this.keys[last]!
      const kind = this.kinds[last]!
      const a = this.as[last]!
      const b = this.bs[last]!
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= last) break
        const r = l + 1
        let c = l
        if (r < last && (this.times[r]! < this.times[l]! || (this.times[r] === this.times[l] && this.keys[r]! < this.keys[l]!))) c = r
        const ct = this.times[c]!
        if (t < ct || (t === ct && k < this.keys[c]!)) break
        this.move(c, i)
        i = c
      }
      this.times[i] = t
      this.keys[i] = k
      this.kinds[i] = kind
      this.as[i] = a
      this.bs[i] = b
    }
    return true
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!
    this.keys[to] = this.keys[from]!
    this.kinds[to] = this.kinds[from]!
    this.as[to] = this.as[from]!
    this.bs[to] = this.bs[from]!
  }

  private grow(): void {
    const cap = this.times.length * 2
    const grow = <T extends Float64Array | Uint8Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(cap)
      next.set(old)
      return next
    }
    this.times = grow(this.times, (c) => new Float64Array(c))
    this.keys = grow(this.keys, (c) => new Float64Array(c))
    this.kinds = grow(this.kinds, (c) => new Uint8Array(c))
    this.as = grow(this.as, (c) => new Int32Array(c))
    this.bs = grow(this.bs, (c) => new Int32Array(c))
  }
}
