// expect(x).toBeNear(expected, tol): |x - expected| <= tol * max(1, |expected|) (tol relative,
// 1e-3 unless given; an absolute tolerance for values below 1). A failing closed form prints
// both numbers, their difference and the relative error, not "expected false to be true".
// Registered for the core project by vitest.config.ts (setupFiles).

import { expect } from 'vitest'

interface NearMatchers<R = unknown> {
  toBeNear(expected: number, tol?: number): R
}

declare module 'vitest' {
  interface Matchers<T = any> extends NearMatchers<T> {}
}

/** Whether `actual` is within `tol` (relative, absolute below 1) of `expected`. */
export function isNear(actual: unknown, expected: number, tol = 1e-3): boolean {
  return typeof actual === 'number' && Number.isFinite(actual) && Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected))
}

expect.extend({
  toBeNear(received: unknown, expected: number, tol = 1e-3) {
    const pass = isNear(received, expected, tol)
    const r = typeof received === 'number' ? received : Number.NaN
    const diff = r - expected
    return {
      pass,
      message: () =>
        typeof received !== 'number'
          ? `expected ${String(received)} to be a number near ${expected}`
          : `expected ${received}${this.isNot ? ' not' : ''} to be near ${expected} (tolerance ${tol} relative): ` +
            `difference ${diff}, relative ${expected === 0 ? 'n/a' : (diff / Math.abs(expected)).toExponential(3)}`,
      actual: received,
      expected,
    }
  },
})
