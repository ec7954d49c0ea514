// A use series at the resolution a screen shows. A year of a busy datastore has tens of
// thousands of breakpoints; a chart 900 px wide shows at most a few per pixel. Keeping, per
// pixel-wide bucket of time, the bucket's first and last point and the points where `used`
// is lowest and highest (and where the deltas are highest) draws the same envelope as the full
// series (the M4 idea: Jugel et al., "M4: A Visualization-Oriented Time Series Data
// Aggregation", VLDB 2014). On top, points that a reader looks for are kept exactly: both ends
// of every segment that crosses a level (capacity, alarms), so the crossing time read off the
// drawn line is the real one, and any times the caller marks (alarms fired, full, the peak).

export interface SeriesColumns {
  readonly t: readonly number[]
  readonly used: readonly number[]
  readonly disks: readonly number[]
  readonly deltas: readonly number[]
}

export interface DownsampleOptions {
  /** Number of buckets over [t0, t1] (about one per pixel of plot width). */
  readonly buckets: number
  /** Levels (bytes of use) whose crossings must stay exact. */
  readonly levels?: readonly number[]
  /** Times whose points must stay (the point at or just before each). */
  readonly keepTimes?: readonly number[]
}

/**
 * Indices (ascending) of the points to keep. With no more points than 4 per bucket, all are
 * kept. `t` ascending (equal times allowed: a step is two points at one time).
 */
export function downsampleIndices(s: SeriesColumns, options: DownsampleOptions): number[] {
  const n = s.t.length
  const buckets = Math.max(1, Math.floor(options.buckets))
  if (n <= 4 * buckets) return Array.from({ length: n }, (_, i) => i)
  const keep = new Uint8Array(n)
  keep[0] = 1
  keep[n - 1] = 1
  const t0 = s.t[0]!
  const span = s.t[n - 1]! - t0 || 1
  let start = 0
  while (start < n) {
    const b = Math.min(buckets - 1, Math.floor(((s.t[start]! - t0) / span) * buckets))
    let end = start
    let lo = start
    let hi = start
    let dHi = start
    while (end < n && Math.min(buckets - 1, Math.floor(((s.t[end]! - t0) / span) * buckets)) === b) {
      if (s.used[end]! < s.used[lo]!) lo = end
      if (s.used[end]! > s.used[hi]!) hi = end
      if (s.deltas[end]! > s.deltas[dHi]!) dHi = end
      end++
    }
    keep[start] = keep[end - 1] = keep[lo] = keep[hi] = keep[dHi] = 1
    start = end
  }
  for (const level of options.levels ?? []) {
    for (let i = 1; i < n; i++) {
      const a = s.used[i - 1]! - level
      const b = s.used[i]! - level
      if ((a < 0 && b >= 0) || (a >= 0 && b < 0)) keep[i - 1] = keep[i] = 1
    }
  }
  for (const at of options.keepTimes ?? []) {
    // the last point at or before `at` and the first after it
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (s.t[mid]! <= at) lo = mid + 1
      else hi = mid
    }
    if (lo > 0) keep[lo - 1] = 1
    if (lo < n) keep[lo] = 1
  }
  const out: number[] = []
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i)
  return out
}

/** The kept points as columns. */
export function downsampleSeries(s: SeriesColumns, options: DownsampleOptions): SeriesColumns {
  const idx = downsampleIndices(s, options)
  if (idx.length === s.t.length) return s
  return { t: idx.map((i) => s.t[i]!), used: idx.map((i) => s.used[i]!), disks: idx.map((i) => s.disks[i]!), deltas: idx.map((i) => s.deltas[i]!) }
}

/**
 * The first time the polyline (t, v) reaches `level` from below (linear between points), or null.
 * The chart reads a crossing this way; the tests compare it between the full and the kept series.
 */
export function firstCrossing(t: readonly number[], v: readonly number[], level: number): number | null {
  if (v.length > 0 && v[0]! >= level) return t[0]!
  for (let i = 1; i < v.length; i++) {
    const a = v[i - 1]!
    const b = v[i]!
    if (a < level && b >= level) return t[i - 1]! + ((level - a) / (b - a)) * (t[i]! - t[i - 1]!)
  }
  return null
}
