// Newton's method towards a level on a rising concave curve, a pure function so that it can be
// tested alone. On a concave curve the tangent lies above the curve, so each Newton step lands
// at or before the crossing: the iterates approach it from the safe side and never overshoot.

/** A curve: value(t) returns f(t) and leaves f'(t) in `slope` (one pass computes both). */
export interface Curve {
  value(t: number): number
  /** f'(t) at the t of the last value(t) call. */
  readonly slope: number
}

/**
 * From t, where the curve is u with slope s, towards `level`: the last iterate, at which the
 * curve is at most `level` (within 1e-7 s of the crossing), or Infinity if the curve stops
 * rising first. Returns exactly `endT` when the tangent reaches the level only at or after
 * endT (the crossing, if any, is not before endT: the caller checks endT itself). t < endT.
 */
export function newtonToLevel(f: Curve, t: number, u: number, s: number, level: number, endT: number): number {
  for (let i = 0; i < 100; i++) {
    if (u >= level) return t
    if (!(s > 0)) return Number.POSITIVE_INFINITY
    const step = (level - u) / s
    // The tangent, above the concave curve, reaches the level only at or after endT.
    if (t + step >= endT) return endT
    // Within 0.1 µs of the level: stop at the last iterate, whose value is known to be below
    // it (t + step, rounded to a float time near t = 10^5 s, may land past the crossing: at
    // 5 GiB/s that is a tenth of a byte above the level).
    if (step < 1e-7) return t
    t += step
    u = f.value(t)
    s = f.slope
  }
  return t
}
