// Values rounded to what the report shows print the same words as the exact values, and they are
// rounded (few distinct values) — including at the units' edges, where the exact value is kept.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytesAsShown, durationAsShown, minuteAsShown } from './as-shown.ts'
import { formatDuration, formatWall } from './time.ts'
import { formatBytes } from './units.ts'

const runs = process.env.SNAPSIM_DEEP ? 200_000 : 5_000

describe('bytesAsShown', () => {
  it('prints as the exact value prints, for sizes from bytes to petabytes', () => {
    const sizes = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 2 ** 52, noNaN: true }), fc.double({ min: 1000, max: 1100, noNaN: true }).map((v) => v * 1024 ** 3))
    fc.assert(
      fc.property(sizes, (b) => {
        const q = bytesAsShown(b)
        expect(formatBytes(q)).toBe(formatBytes(b))
        expect(Number.isInteger(q)).toBe(true)
      }),
      { seed: 7, numRuns: runs },
    )
  })

  it('keeps three significant digits: worked examples', () => {
    expect(bytesAsShown(1.2345 * 1024 ** 3)).toBe(Math.round(1.23 * 1024 ** 3))
    expect(bytesAsShown(123.45 * 1024 ** 2)).toBe(123 * 1024 ** 2)
    expect(bytesAsShown(12.345 * 1024)).toBe(Math.round(12.3 * 1024))
    expect(bytesAsShown(999)).toBe(999)
    // 1023.6 KiB prints "1024 KiB"; rounded it would be 1 MiB: the exact (whole) bytes are kept
    expect(formatBytes(1023.6 * 1024)).toBe('1024 KiB')
    expect(bytesAsShown(1023.6 * 1024)).toBe(Math.round(1023.6 * 1024))
  })

  it('leaves few distinct values among many sizes', () => {
    const distinct = new Set<number>()
    for (let i = 0; i < 100_000; i++) distinct.add(bytesAsShown(20 * 1024 ** 3 + i * 8192))
    // 20–20.8 GiB prints with one decimal: 20.0 … 20.8
    expect(distinct.size).toBeLessThanOrEqual(10)
  })
})

describe('durationAsShown', () => {
  it('prints as the exact duration prints, from seconds to years', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 4e7, noNaN: true }), fc.integer({ min: 3500, max: 3700 })), (s) => {
        expect(formatDuration(durationAsShown(s))).toBe(formatDuration(s))
      }),
      { seed: 11, numRuns: runs },
    )
  })

  it('rounds as the words do: worked examples', () => {
    expect(durationAsShown(44.6)).toBe(45)
    expect(durationAsShown(12 * 60 + 29)).toBe(12 * 60)
    expect(durationAsShown(3590)).toBe(3599) // "60 min", not "1 h 00 min"
    expect(durationAsShown(3 * 3600 + 5 * 60 + 59)).toBe(3 * 3600 + 5 * 60)
    expect(durationAsShown(2 * 86400 + 4 * 3600 + 3599)).toBe(2 * 86400 + 4 * 3600)
  })
})

describe('minuteAsShown', () => {
  it('is the minute formatWall prints', () => {
    fc.assert(
      fc.property(fc.double({ min: 1.5e12, max: 2e12, noNaN: true }), (ms) => {
        expect(formatWall(minuteAsShown(ms) * 60_000)).toBe(formatWall(ms))
      }),
      { seed: 13, numRuns: runs },
    )
    // 22:00:59.4 prints 22:00; 22:00:59.5 rounds to 22:01:00
    const at = Date.UTC(2026, 0, 5, 22, 0, 0)
    expect(minuteAsShown(at + 59_400) * 60_000).toBe(at)
    expect(minuteAsShown(at + 59_500) * 60_000).toBe(at + 60_000)
  })
})
