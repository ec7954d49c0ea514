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

/**
 * Max-min fair rates over several shared links (progressive filling, Bertsekas & Gallager,
 * "Data Networks", §6.5.2): group i has counts[i] streams, each capped at caps[i], and passes
 * through the links linksOf[i]; link l carries at most capacity[l] bytes/s in all. Every stream
 * of an unfrozen group rises at one level; a group freezes when it reaches its cap or when a
 * link it uses is used up (then every group through that link freezes). Each step freezes at
 * least one group, so it takes at most as many steps as groups. With one link and groups sorted
 * by cap this is `waterFill` (tested against it). Writes each group's per-stream rate to out[i]
 * (0 for a group without streams; Infinity for an uncapped group on no finite link).
 */
export function progressiveFill(
  counts: ArrayLike<number>,
  caps: ArrayLike<number>,
  linksOf: readonly (readonly number[])[],
  capacity: ArrayLike<number>,
  out: { [i: number]: number },
): void {
  const groups = linksOf.length
  const links = capacity.length
  const left = Array.from({ length: links }, (_, l) => capacity[l]!)
  const frozen = Array.from({ length: groups }, (_, i) => counts[i]! === 0)
  for (let i = 0; i < groups; i++) out[i] = 0
  const streams = new Array<number>(links)
  let level = 0
  for (;;) {
    streams.fill(0)
    let open = 0
    for (let i = 0; i < groups; i++) {
      if (frozen[i]) continue
      open++
      for (const l of linksOf[i]!) streams[l]! += counts[i]!
    }
    if (open === 0) return
    // How far the level can rise: the nearest cap, or the link used up first.
    let step = Number.POSITIVE_INFINITY
    for (let i = 0; i < groups; i++) if (!frozen[i]) step = Math.min(step, caps[i]! - level)
    for (let l = 0; l < links; l++) if (streams[l]! > 0) step = Math.min(step, left[l]! / streams[l]!)
    if (step === Number.POSITIVE_INFINITY) {
      for (let i = 0; i < groups; i++) if (!frozen[i]) out[i] = Number.POSITIVE_INFINITY
      return
    }
    const saturated = new Array<boolean>(links).fill(false)
    for (let l = 0; l < links; l++) {
      if (streams[l]! === 0) continue
      if (left[l]! / streams[l]! <= step) saturated[l] = true
      left[l] = Math.max(0, left[l]! - step * streams[l]!)
    }
    // Compared with the very expressions that gave the step, so the group or link that set it
    // freezes whatever the rounding of `level`: every step makes progress.
    const before = level
    level += step
    for (let i = 0; i < groups; i++) {
      if (frozen[i]) continue
      if (caps[i]! - before <= step) {
        out[i] = caps[i]!
        frozen[i] = true
      } else if (linksOf[i]!.some((l) => saturated[l])) {
        out[i] = level
        frozen[i] = true
      }
    }
  }
}
