// Uncertain inputs: any size, rate, duration or share may be a distribution instead of a
// number. Draws come from seedrandom (Alea) streams named by seed, replication, entity and
// purpose, so the same replication index always sees the same draws, adding an entity changes
// no other entity's draws, and two variants compared with the same seed use common random
// numbers. Sampling uses d3-random with those streams as its source.

import { randomLogNormal, randomNormal, randomUniform } from 'd3-random'
import seedrandom from 'seedrandom'
import { showValue } from './show.ts'

export type Per = 'replication' | 'run' | 'day'

/** A parsed distribution: its kind, parameters already in base units (bytes, seconds, …). */
export type Distribution =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number }
  | { readonly kind: 'lognormal'; readonly mean: number; readonly cv: number }
  | { readonly kind: 'triangular'; readonly low: number; readonly mode: number; readonly high: number }
  | { readonly kind: 'empirical'; readonly values: readonly number[] }

export interface UncertainSpec {
  readonly distribution: Distribution
  readonly per: Per
}

export const distributionKinds = ['constant', 'uniform', 'normal', 'lognormal', 'triangular', 'empirical'] as const

export function isDistributionObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && distributionKinds.some((k) => k in (v as object))
}

/**
 * Parse `{ lognormal: { mean: 8 MiB/s, cv: 0.4 }, per: day }` and friends; `unit` parses each
 * parameter that has the field's unit. Throws an Error naming what is wrong.
 */
export function parseDistribution(spec: Record<string, unknown>, unit: (v: unknown) => number): UncertainSpec {
  const kinds = distributionKinds.filter((k) => k in spec)
  if (kinds.length !== 1) throw new Error(`a distribution needs exactly one of ${distributionKinds.join(', ')}; got ${kinds.join(', ') || 'none'}`)
  const extra = Object.keys(spec).filter((k) => k !== kinds[0] && k !== 'per')
  if (extra.length > 0) throw new Error(`unknown key \`${extra[0]}\` in a distribution (allowed: ${kinds[0]}, per)`)
  const per = (spec.per ?? 'replication') as Per
  if (per !== 'replication' && per !== 'run' && per !== 'day') throw new Error(`per: expected replication, run or day, got \`${showValue(spec.per)}\``)
  const kind = kinds[0]!
  const p = spec[kind]
  const pair = (what: string): [unknown, unknown] => {
    if (!Array.isArray(p) || p.length !== 2) throw new Error(`${kind}: expected [${what}]`)
    return [p[0], p[1]]
  }
  const obj = (keys: string[]): Record<string, unknown> => {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new Error(`${kind}: expected { ${keys.join(', ')} }`)
    const o = p as Record<string, unknown>
    for (const k of keys) if (!(k in o)) throw new Error(`${kind}: missing \`${k}\``)
    for (const k of Object.keys(o)) if (!keys.includes(k)) throw new Error(`${kind}: unknown key \`${k}\` (expected ${keys.join(', ')})`)
    return o
  }
  let d: Distribution
  switch (kind) {
    case 'constant':
      d = { kind, value: unit(p) }
      break
    case 'uniform': {
      const [a, b] = pair('low, high')
      d = { kind, low: unit(a), high: unit(b) }
      if (!(d.low <= d.high)) throw new Error('uniform: low must not exceed high')
      break
    }
    case 'normal': {
      const o = obj(['mean', 'sd'])
      d = { kind, mean: unit(o.mean), sd: unit(o.sd) }
      if (!(d.sd >= 0)) throw new Error('normal: sd must be 0 or more')
      break
    }
    case 'lognormal': {
      const o = obj(['mean', 'cv'])
      const cv = typeof o.cv === 'number' ? o.cv : Number.NaN
      d = { kind, mean: unit(o.mean), cv }
      if (!(cv >= 0)) throw new Error('lognormal: cv (coefficient of variation, sd / mean) must be a number >= 0')
      if (!(d.mean > 0)) throw new Error('lognormal: mean must be greater than 0')
      break
    }
    case 'triangular': {
      if (!Array.isArray(p) || p.length !== 3) throw new Error('triangular: expected [low, mode, high]')
      d = { kind, low: unit(p[0]), mode: unit(p[1]), high: unit(p[2]) }
      if (!(d.low <= d.mode && d.mode <= d.high)) throw new Error('triangular: expected low <= mode <= high')
      break
    }
    case 'empirical': {
      if (!Array.isArray(p) || p.length === 0) throw new Error('empirical: expected a non-empty list of values')
      d = { kind, values: p.map(unit) }
      break
    }
  }
  return { distribution: d, per }
}

/** The mean of a distribution (normal: of the untruncated one). */
export function meanOf(d: Distribution): number {
  switch (d.kind) {
    case 'constant':
      return d.value
    case 'uniform':
      return (d.low + d.high) / 2
    case 'normal':
    case 'lognormal':
      return d.mean
    case 'triangular':
      return (d.low + d.mode + d.high) / 3
    case 'empirical':
      return d.values.reduce((a, b) => a + b, 0) / d.values.length
  }
}

/** One draw from `d` using the uniform source `rng`. Normal is truncated at 0 (redrawn). */
export function sample(d: Distribution, rng: () => number): number {
  switch (d.kind) {
    case 'constant':
      return d.value
    case 'uniform':
      return randomUniform.source(rng)(d.low, d.high)()
    case 'normal': {
      const draw = randomNormal.source(rng)(d.mean, d.sd)
      for (let i = 0; i < 1000; i++) {
        const x = draw()
        if (x >= 0) return x
      }
      return 0
    }
    case 'lognormal': {
      // mean m and coefficient of variation c: sigma^2 = ln(1 + c^2), mu = ln m - sigma^2 / 2
      const s2 = Math.log(1 + d.cv * d.cv)
      return randomLogNormal.source(rng)(Math.log(d.mean) - s2 / 2, Math.sqrt(s2))()
    }
    case 'triangular': {
      const u = rng()
      const { low: a, mode: c, high: b } = d
      if (b === a) return a
      const f = (c - a) / (b - a)
      return u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c))
    }
    case 'empirical':
      return d.values[Math.min(d.values.length - 1, Math.floor(rng() * d.values.length))]!
  }
}

/** The stream for one entity's purpose in one replication. */
export function stream(seed: string, replication: number, entity: string, purpose: string): () => number {
  return seedrandom.alea(`${seed}/r${replication}/${entity}/${purpose}`)
}
