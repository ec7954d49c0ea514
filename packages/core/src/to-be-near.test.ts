// The toBeNear matcher: a failing closed form names both numbers.

import { describe, expect, it } from 'vitest'

describe('toBeNear', () => {
  it('passes within the relative tolerance (absolute below 1)', () => {
    expect(1000.9).toBeNear(1000) // 0.09 % < 0.1 %
    expect(0.0005).toBeNear(0) // |x| <= 1e-3 * max(1, 0)
    expect(105).toBeNear(100, 0.05)
    expect(1002).not.toBeNear(1000)
  })
  it('fails with both numbers, the difference and the relative error', () => {
    expect(() => expect(1100).toBeNear(1000)).toThrow('expected 1100 to be near 1000 (tolerance 0.001 relative): difference 100, relative 1.000e-1')
    expect(() => expect(null).toBeNear(5)).toThrow('expected null to be a number near 5')
    expect(() => expect(Number.NaN).toBeNear(5)).toThrow('expected NaN to be near 5')
  })
})
