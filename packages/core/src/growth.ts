// Distinct data written: the continuous coupon-collector law. Writes land uniformly at random on
// a region of R bytes; after W logical bytes the expected number of distinct bytes touched is
// S(W) = R * (1 - exp(-W / R)). It is linear (S ~ W) while W << R and saturates at R.
// The same law gives a snapshot delta's data and the changed data an incremental backup reads.

import type { Bytes } from './model.ts'

/** Distinct bytes after `written` logical bytes land uniformly on `region` bytes. */
export function distinctBytes(written: Bytes, region: Bytes): Bytes {
  if (written <= 0 || region <= 0) return 0
  // -expm1(-x) keeps full precision when W << R (1 - exp(-x) would cancel).
  return -region * Math.expm1(-written / region)
}

/**
 * The logical bytes that leave `distinct` bytes on `region`: the inverse of distinctBytes,
 * W = -R ln(1 - S/R). A delta found at time 0 with S bytes of data grows on from there. S at or
 * above R (a region too small for the data found) gives 36 R, where S(W) equals R to double
 * precision, never Infinity.
 */
export function writtenFor(distinct: Bytes, region: Bytes): Bytes {
  if (distinct <= 0 || region <= 0) return 0
  if (distinct >= region) return 36 * region
  return Math.min(36 * region, -region * Math.log1p(-distinct / region))
}

/**
 * Allocated size of a delta holding `distinct` data bytes: rounded up to the allocation unit,
 * plus metadata, never more than the disk (plus metadata) it shadows.
 */
export function allocatedBytes(distinct: Bytes, grain: Bytes, overhead: Bytes, disk: Bytes): Bytes {
  const data = grain > 0 ? Math.ceil(distinct / grain - 1e-9) * grain : distinct
  return Math.min(disk, data) + overhead
}
