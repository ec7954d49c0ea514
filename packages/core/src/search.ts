// Searches over sorted and monotone sequences (d3-array's bisect and a galloping search), pure
// functions so that each can be tested alone.

/**
 * The index of the last element <= x in ascending `sorted`, or 0 if x is below the first
 * (the segment holding x when `sorted` are segment starts and the first starts at or before x).
 */
export function lastAtOrBefore(sorted: ArrayLike<number>, x: number): number {
  let lo = 0
  let hi = sorted.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (sorted[mid]! <= x) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * The smallest j in (from, end] with reaches(j), for a predicate that is monotone (once true,
 * true for every larger j), or end + 1 if reaches(end) is false. Galloping (from + 1, + 2, + 4,
 * …) and then bisecting: O(log d) evaluations where d is the distance to the answer, so an
 * answer near `from` costs little however large `end` is.
 */
export function gallop(from: number, end: number, reaches: (j: number) => boolean): number {
  let lo = from
  let step = 1
  let hi = lo + step
  while (hi < end && !reaches(hi)) {
    lo = hi
    step *= 2
    hi = lo + step
  }
  if (hi >= end) {
    hi = end
    if (!reaches(hi)) return end + 1
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (reaches(mid)) hi = mid
    else lo = mid
  }
  return hi
}
