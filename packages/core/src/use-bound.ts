// A datastore's use bound: an upper bound of its use while nothing on it changes, cheap to
// evaluate at any time. A delta's data grows no faster than dS/dW at the bound's base (at most
// 1) times its VM's writes, so
//   use(t) <= base + sum over rate rows of rate * (M_row(t) - M_row(since)) + thinRate * (t - since).
// Thin disks whose data grows relatively (used · e^(μt)) add coef_μ · expm1(μ (t − since)) per
// rate μ, coef_μ their data at `since` — exact, since the growth of each such disk from `since`
// is its data then times expm1(μ Δt) (its cap at the disk size only lowers it).
// It lets most events and hour boundaries skip the crossing solver and the use's evaluation
// (docs/model.md, "the use bound").

import type { Rates } from './rates.ts'
import { gallop } from './search.ts'
import type { ExpTerm, RateTerm, SimVm } from './state.ts'

export class UseBound {
  /** The growing VMs' bound rates (SimVm.boundRate) summed by rate row. */
  readonly terms: RateTerm[] = []
  thinRate = 0
  thinCount = 0
  /** Relatively growing thin disks, one term per rate. */
  readonly expTerms: ExpTerm[] = []
  clearT = 0
  clearBase = 0
  /**
   * Bytes the use may have gained since the bound was based beyond its terms: the metadata of
   * deltas created since, and a rounding grain per delta that started growing since (counted
   * per delta, SimVm.slackFor: the number of growing deltas can stay the same while one
   * stops and another starts).
   */
  added = 0
  /** The bound has been based at least once. */
  boundValid = false
  /** The bound at the current event's time, before the event changed anything. */
  boundAtTouch = 0
  /** Summary detail: hour ticks skip it before this time (its bound stays below the level). */
  checkAt = 0
  /** The level the bound is checked against (Infinity: none armed). */
  clearTarget = Number.POSITIVE_INFINITY

  /** Add a growing VM's rates to the bound's terms (its anchors at t: settled). */
  add(vm: SimVm, t: number): void {
    if (vm.active !== null) {
      const term = vm.rowTerm
      if (term.count++ === 0) {
        term.pos = this.terms.length
        this.terms.push(term)
      }
      // dS/dW <= 1 until the next exact evaluation tightens it (tighten()).
      vm.boundRate = vm.writeRate
      term.rate += vm.boundRate
      vm.inTerm = true
    }
    if (vm.thin && vm.growth > 0) {
      vm.thinBound = vm.growth
      this.thinRate += vm.growth
      this.thinCount++
    }
    const exp = vm.expTerm
    if (exp !== null) {
      if (exp.count++ === 0) {
        exp.pos = this.expTerms.length
        this.expTerms.push(exp)
        exp.coef = 0
      }
      // Its data at t, carried back to the base time: its share of coef grows like the others'.
      vm.expUsed = vm.used
      vm.expAt = t
      exp.coef += vm.used * Math.exp(exp.rate * (this.clearT - t))
    }
  }

  /** Take them out again; a term with no VM left is dropped at zero (no rounding accumulates). */
  remove(vm: SimVm): void {
    if (vm.inTerm) {
      vm.inTerm = false
      const term = vm.rowTerm
      if (--term.count === 0) {
        term.rate = 0
        const last = this.terms.pop()!
        if (last !== term) {
          this.terms[term.pos] = last
          last.pos = term.pos
        }
        term.pos = -1
      } else term.rate -= vm.boundRate
    }
    if (vm.thinBound > 0) {
      this.thinRate = --this.thinCount === 0 ? 0 : this.thinRate - vm.thinBound
      vm.thinBound = 0
    }
    const exp = vm.expTerm
    if (exp !== null) {
      if (--exp.count === 0) {
        exp.coef = 0
        const last = this.expTerms.pop()!
        if (last !== exp) {
          this.expTerms[exp.pos] = last
          last.pos = exp.pos
        }
        exp.pos = -1
      } else exp.coef -= vm.expUsed * Math.exp(exp.rate * (this.clearT - vm.expAt))
    }
  }

  /** The bound at t (t within segment `seg`). */
  at(rates: Rates, seg: number, t: number): number {
    let b = this.clearBase + this.thinRate * (t - this.clearT)
    const terms = this.terms
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!
      b += term.rate * (rates.mAtSeg(term.row, seg, t) - term.m0)
    }
    const exps = this.expTerms
    for (let i = 0; i < exps.length; i++) b += exps[i]!.coef * Math.expm1(exps[i]!.rate * (t - this.clearT))
    // A relative margin for rounding in the sums.
    return b + 1e-9 * Math.abs(b)
  }

  /** Start the bound at t from `base`, an upper bound of the use at t. */
  rebase(rates: Rates, t: number, base: number): void {
    // Each relative term's data, now at t.
    for (const exp of this.expTerms) exp.coef *= Math.exp(exp.rate * (t - this.clearT))
    this.clearT = t
    this.clearBase = base
    this.added = 0
    this.boundValid = true
    this.checkAt = 0
    for (const term of this.terms) term.m0 = rates.mAt(term.row, t)
  }

  /**
   * Summary detail, at an hour boundary: find the first hour at whose end the bound reaches
   * clearTarget (the bound only rises, so galloping and then bisecting over the hour starts
   * finds it in O(log hours)); the hour ticks skip the datastore until the last tick at or
   * before that hour (checkAt). False if that hour lies within the current window: solve now.
   */
  walk(rates: Rates, horizon: number): boolean {
    const starts = rates.table.starts
    const last = starts.length - 1
    const target = this.clearTarget
    // j = last + 1 stands for the horizon
    const reaches = (j: number): boolean => (j > last ? this.at(rates, last, horizon) : this.at(rates, j, starts[j]!)) >= target
    const hi = gallop(rates.seg, last + 1, reaches)
    if (hi > last + 1) {
      this.checkAt = Number.POSITIVE_INFINITY
      return true
    }
    // The bound may reach the level within segment hi - 1. Hour events fire only where a rate
    // changes: the datastore must be looked at from the last of them at or before that segment
    // (not from the segment's start, where no event may come).
    const from = rates.table.tick[hi - 1]!
    if (from <= rates.seg) return false
    this.checkAt = starts[from]!
    return true
  }
}

/** dS/dW of a VM's delta holding `data` distinct bytes: exp(-W/R) = 1 - S/R. */
export function dataSlope(vm: SimVm, data: number): number {
  return vm.region > 0 ? 1 - data / vm.region : 1
}

/**
 * A delta's data grows ever slower (S is concave in W): from now on dS/dW is at most its value
 * now, exp(-W/R) = 1 - S/R (0 once the delta covers its disk). So a growing VM's share of the
 * bound's rate can drop to writeRate * (1 - S/R) — for long-lived, grown deltas (the case this
 * simulator is about) far below writeRate. Called from useAt(ds, now, true), right after its
 * data at now was computed (memoised), before the bound is based at now.
 */
export function tighten(vm: SimVm): void {
  const data = vm.memoData
  const rate = data >= vm.disk ? 0 : vm.writeRate * dataSlope(vm, data)
  if (rate < vm.boundRate) {
    vm.rowTerm.rate += rate - vm.boundRate
    vm.boundRate = rate
  }
}
