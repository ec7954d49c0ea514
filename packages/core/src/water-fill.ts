// Max-min fair shares of a pool (water-filling), a pure function so that it can be tested alone.

/**
 * Groups of streams, in ascending order of their per-stream cap: group i has counts[i] streams
 * capped at caps[i]. Each stream gets min(cap, level), the level set so that the pool is used
 * up or every stream is at its cap; with one group this is min(cap, pool / n). Writes each
 * group's per-stream rate to out[i] (0 for a group without streams).
 */
export function waterFill(pool: number, caps: ArrayLike<number>, counts: ArrayLike<number>, n: number, out: { [i: number]: number }): void {
  let streams = 0
  for (let i = 0; i < n; i++) streams += counts[i]!
  let left = pool
  for (let i = 0; i < n; i++) {
    const k = counts[i]!
    if (k === 0) {
      out[i] = 0
      continue
    }
    const rate = Math.min(caps[i]!, left / streams)
    out[i] = rate
    left -= rate * k
    streams -= k
  }
}
