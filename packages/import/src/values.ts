// Values written into a generated scenario: sizes exact to the byte, rates scaled to a VM part's
// share, overlay values copied as YAML flow values.

import { parseRate } from '@snapsim/scenario'
import { MiB } from './placement.ts'

/** `102400 MiB` when whole MiB (RVTools' unit, exact), else bytes. */
export function sizeText(bytes: number): string {
  const b = Math.round(bytes)
  return b % MiB === 0 ? `${b / MiB} MiB` : `${b} B`
}

/** A rate in MiB/s with six significant digits (bytes/s below 1 B/s would read as 0 MiB/s). */
export function rateText(bytesPerSecond: number): string {
  if (bytesPerSecond === 0) return '0 MiB/s'
  return `${Number((bytesPerSecond / MiB).toPrecision(6))} MiB/s`
}

/** `43d 2h 5min 3s`: a whole number of seconds as a scenario duration, zero parts left out. */
export function durationText(seconds: number): string {
  let s = Math.max(0, Math.round(seconds))
  const parts: string[] = []
  for (const [unit, n] of [['d', 86_400], ['h', 3600], ['min', 60]] as const) {
    if (s >= n) {
      parts.push(`${Math.floor(s / n)}${unit}`)
      s %= n
    }
  }
  if (s > 0 || parts.length === 0) parts.push(`${s}s`)
  return parts.join(' ')
}

/** A YAML flow value: JSON is valid YAML, and quoting every string keeps hostile text inert. */
export const flow = (v: unknown): string => JSON.stringify(v)

/**
 * A rate (or a rate distribution) times `factor`, for a VM part that gets that share of the
 * VM's writes. Factor 1 returns the value unchanged; a lognormal keeps its cv, `per` is kept.
 */
export function scaleRate(value: unknown, factor: number): unknown {
  if (factor === 1) return value
  const r = (v: unknown) => rateText(parseRate(v) * factor)
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    // Only the known distribution keys are read (the overlay parser has rejected any other).
    const d = value as Record<string, unknown>
    const has = (k: string) => Object.hasOwn(d, k)
    const pair = (v: unknown, a: string, b: string) => (v !== null && typeof v === 'object' ? [(v as Record<string, unknown>)[a], (v as Record<string, unknown>)[b]] : [undefined, undefined])
    const scaled: [string, unknown][] = []
    if (has('constant')) scaled.push(['constant', r(d.constant)])
    for (const k of ['uniform', 'triangular', 'empirical']) if (has(k) && Array.isArray(d[k])) scaled.push([k, (d[k] as unknown[]).map(r)])
    if (has('normal')) {
      const [mean, sd] = pair(d.normal, 'mean', 'sd')
      scaled.push(['normal', { mean: r(mean), sd: r(sd) }])
    }
    if (has('lognormal')) {
      const [mean, cv] = pair(d.lognormal, 'mean', 'cv')
      scaled.push(['lognormal', { mean: r(mean), cv }])
    }
    if (has('per')) scaled.push(['per', d.per])
    return Object.fromEntries(scaled)
  }
  return r(value)
}
