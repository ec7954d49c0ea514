// Values with units as the resolver takes them: a fixed number, or a distribution drawn from the
// entity's stream in this replication (distributions.ts). Small functions over a Resolution
// context: parse once, check the range of a fixed value, draw (clamping a drawn value into the
// key's range).

import { isDistributionObject, parseDistribution, sample, stream, type Per, type UncertainSpec } from './distributions.ts'
import { isInvalidMarker } from './invalid-marker.ts'
import type { Resolution } from './resolution.ts'
import { showValue } from './show.ts'

/** A value as written: a number, or a distribution and how often it is drawn. */
export type Quantity = { readonly fixed: number } | { readonly spec: UncertainSpec }

export type Path = (string | number)[]
export type Parse = (v: unknown) => number

/** `vms[3].writeRate` -> `writeRate`: the purpose of a draw within its entity. */
export function purposeOf(path: readonly (string | number)[]): string {
  const rest = typeof path[1] === 'number' ? path.slice(2) : path
  return rest.join('.')
}

/** A number or a distribution (with the `per` values this key allows); null if reported. */
export function quantity(r: Resolution, path: Path, v: unknown, parse: Parse, allow: readonly Per[] = ['replication']): Quantity | null {
  if (isInvalidMarker(v)) {
    r.invalid() // already reported by the structural check
    return null
  }
  try {
    if (!isDistributionObject(v)) return { fixed: parse(v) }
    r.uncertain = true
    const spec = parseDistribution(v, parse)
    if (!allow.includes(spec.per)) {
      r.fail(path, `per: ${spec.per} is not supported for this key (it allows per: ${allow.join(', ')})`)
      return null
    }
    return { spec }
  } catch (e) {
    r.fail(path, (e as Error).message)
    return null
  }
}

/** The value in this replication: the number, or a draw from the entity's stream. */
export function draw(r: Resolution, q: Quantity, entity: string, purpose: string): number {
  return 'fixed' in q ? q.fixed : sample(q.spec.distribution, stream(r.baseSeed, r.replication, entity, purpose))
}

/** Report a fixed value out of range (> 0 when `strict`, else >= 0); a drawn one is clamped later. */
export function checked(r: Resolution, q: Quantity | null, path: Path, v: unknown, what: string, strict: boolean): Quantity | null {
  if (q && 'fixed' in q && (strict ? !(q.fixed > 0) : q.fixed < 0)) r.fail(path, `${what} must ${strict ? 'be greater than 0' : 'not be negative'}, got \`${showValue(v)}\``)
  return q
}

/** A value drawn without a range check; `fallback` when it was reported. */
export function value(r: Resolution, path: Path, v: unknown, parse: Parse, fallback: number, entity = 'scenario'): number {
  const q = quantity(r, path, v, parse)
  return q === null ? fallback : draw(r, q, entity, purposeOf(path))
}

/** A fixed value as written (already checked); a drawn one clamped to at least `min`. */
export function within(r: Resolution, q: Quantity | null, entity: string, purpose: string, min: number): number {
  return q === null ? Number.NaN : 'fixed' in q ? q.fixed : Math.max(min, draw(r, q, entity, purpose))
}

/** A value that must be greater than 0. */
export function positive(r: Resolution, path: Path, v: unknown, parse: Parse, what: string, entity = 'scenario'): number {
  return within(r, checked(r, quantity(r, path, v, parse), path, v, what, true), entity, purposeOf(path), Number.MIN_VALUE)
}

/** A value that must not be negative. */
export function nonNegative(r: Resolution, path: Path, v: unknown, parse: Parse, what: string, entity = 'scenario'): number {
  return within(r, checked(r, quantity(r, path, v, parse), path, v, what, false), entity, purposeOf(path), 0)
}
