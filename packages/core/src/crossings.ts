// Crossings: when a datastore's use reaches its next armed level (an alarm, the space guard,
// "full"). Between events use is a known non-decreasing function of time, so the crossing is
// solved for and scheduled (a CROSSING event), never polled — by Newton where the use is concave,
// by bisection where relative growth may curve it upwards; the use bound (use-bound.ts) spares
// most events the solve. Also the hour tick (HOUR), where rates change and crossings solved
// under the old rates are re-checked.

import { rebase, touch } from './breakpoints.ts'
import { abortTask } from './backups.ts'
import { CHECK, CROSSING, HOUR } from './events.ts'
import { newtonToLevel } from './newton.ts'
import type { Sim } from './sim.ts'
import { useAt } from './space.ts'
import type { SimDatastore, Level } from './state.ts'

/** Crossing times are solved to this precision (seconds). */
const TIME_TOL = 1e-3
/** A crossing at least this far away (s) by the tangent is solved only when the time comes. */
const DEFER_MIN = 1

export function fullLevel(ds: SimDatastore): Level {
  return ds.levels.find((l) => l.kind === 'full')!
}

export function firstArmed(ds: SimDatastore): Level | null {
  for (const l of ds.levels) if (l.armed) return l
  return null
}

/**
 * The use at which the level is crossed. With an allocation unit, use rises in whole units: a
 * datastore at exactly its capacity still serves writes into the last unit; it is full when
 * the next unit does not fit: when use would exceed the level. The smallest float above the
 * level makes "use reaches the target" mean exactly that (not level + 1 byte: a thin disk's
 * growth between units would overshoot by up to a byte).
 */
export function targetOf(ds: SimDatastore, level: Level): number {
  return level.kind === 'full' && ds.platform.grain > 0 ? nextUp(level.bytes) : level.bytes
}

const upBits = new Float64Array(1)
const upInts = new BigInt64Array(upBits.buffer)

/** The smallest float64 above x (x finite and positive). */
export function nextUp(x: number): number {
  upBits[0] = x
  upInts[0]! += 1n
  return upBits[0]!
}

/** Until when a crossing solved now holds: the next rate change if a growing VM is profiled. */
export function windowEnd(sim: Sim, ds: SimDatastore): number {
  return Math.min(sim.horizon, ds.profiledGrowing > 0 ? sim.rates.nextBoundary : Number.POSITIVE_INFINITY)
}

/** After an event on the datastore (commit): its next crossing from t, where its use is `use`. */
export function scheduleCrossing(sim: Sim, ds: SimDatastore, t: number, use: number): void {
  ds.crossingVersion++
  ds.pendingLevel = null
  const bound = ds.bound
  bound.clearTarget = Number.POSITIVE_INFINITY
  // The bound from here (onHour re-checks it for the next windows; summary detail may carry
  // it over events without evaluating the use: boundedCommit).
  rebase(sim, ds, t, use + ds.platform.grain * (ds.curving + 1))
  const level = firstArmed(ds)
  if (level === null) return
  const target = targetOf(ds, level)
  let at: number
  if (use >= target) at = t
  else if (ds.growing.length === 0) return
  else {
    bound.clearTarget = target
    // If even the bound stays below the level until the window's end, no solve (most
    // events, far from any level).
    const end = windowEnd(sim, ds)
    if (bound.at(sim.rates, sim.rates.seg, end) < target) return
    if (!(end > t)) return
    const endT = end < Number.POSITIVE_INFINITY ? end : sim.horizon
    if (ds.convex > 0) {
      // Relative growth: the use may curve upwards, so no tangent bounds it. It still never
      // falls: bracket the crossing and bisect (bisectToLevel).
      at = bisectToLevel(sim, ds, t, target, endT)
      if (!(at < Number.POSITIVE_INFINITY)) return
      ds.pendingLevel = level
      sim.heap.push(at, CROSSING, ds.idx, ds.crossingVersion)
      return
    }
    // Use is concave between events, so the tangent at t bounds it from above: if even the
    // tangent stays below the level until endT, there is no crossing in this window (re-checked
    // at the next hour boundary). With an allocation unit, a grain per growing delta is added.
    const slack = ds.platform.grain * ds.curving + ds.platform.grain
    const smooth = sim.smooth
    smooth.ds = ds
    const u0 = smooth.value(t)
    const s0 = smooth.slope
    if (u0 + s0 * (endT - t) + slack < target) return
    // Not before the tangent reaches the level: if that is a while away, solve then (a CHECK
    // event) — the next event on this datastore, often sooner, makes the solve moot.
    const tangentAt = t + (target - slack - u0) / s0
    if (!sim.checking && tangentAt > t + DEFER_MIN) {
      sim.heap.push(tangentAt, CHECK, ds.idx, ds.crossingVersion)
      return
    }
    at = solve(sim, ds, t, target, endT, u0, s0, slack)
    if (!(at < Number.POSITIVE_INFINITY)) return // re-checked at the next hour boundary
  }
  ds.pendingLevel = level
  sim.heap.push(at, CROSSING, ds.idx, ds.crossingVersion)
}

/**
 * First time in [t0, endT] at which use reaches `level`, from the safe side (use there is at
 * most `level`), or Infinity; u0 and s0 are the smooth use and its slope at t0 (SmoothUse),
 * slack the most the allocated use can lie above the smooth one. Use is non-decreasing and,
 * without rounding, concave between events, so Newton's tangent never overshoots; with an
 * allocation unit it is a step function, bracketed and bisected to TIME_TOL.
 */
function solve(sim: Sim, ds: SimDatastore, t0: number, level: number, endT: number, u0: number, s0: number, slack: number): number {
  const smooth = sim.smooth
  if (ds.platform.grain === 0) {
    // endT returned: the tangent reaches the level only at endT or later
    const at = newtonToLevel(smooth, t0, u0, s0, level, endT)
    return at === endT && useAt(sim, ds, endT) < level ? Number.POSITIVE_INFINITY : at
  }
  // With an allocation unit the use is a step function between the smooth use S and
  // S + slack: S reaching level - slack brackets the crossing from below (use there is below
  // the level by at least a grain), S reaching level from above; bisect the steps in between
  // to TIME_TOL. If S stays below level - slack until endT, so does use below the level.
  let lo = Math.max(t0, newtonToLevel(smooth, t0, u0, s0, level - slack, endT))
  if (!(lo < endT)) return Number.POSITIVE_INFINITY
  const smoothLo = smooth.value(lo)
  const reached = newtonToLevel(smooth, lo, smoothLo, smooth.slope, level, endT)
  let hi = Math.min(endT, reached)
  if (!(hi >= lo)) hi = endT
  if (reached === endT || useAt(sim, ds, hi) < level) {
    hi = endT
    if (useAt(sim, ds, endT) < level) return Number.POSITIVE_INFINITY
  }
  while (hi - lo > TIME_TOL) {
    const mid = 0.5 * (lo + hi)
    if (useAt(sim, ds, mid) >= level) hi = mid
    else lo = mid
  }
  return lo
}

/**
 * First time in [t0, endT] at which the use reaches `level`, for a use that never falls between
 * events but may curve either way (relative growth): Infinity if the use at endT is still below
 * it; else bisection of [t0, endT] to TIME_TOL, returning the last instant known below the level
 * (the safe side, as the concave solver). Each step evaluates the use itself, so no bound of
 * its shape is assumed.
 */
export function bisectToLevel(sim: Sim, ds: SimDatastore, t0: number, level: number, endT: number): number {
  if (useAt(sim, ds, endT) < level) return Number.POSITIVE_INFINITY
  let lo = t0
  let hi = endT
  while (hi - lo > TIME_TOL) {
    const mid = 0.5 * (lo + hi)
    if (useAt(sim, ds, mid) >= level) hi = mid
    else lo = mid
  }
  return lo
}

/** CROSSING: the datastore's use reached `level`. */
export function onCrossing(sim: Sim, ds: SimDatastore, level: Level, t: number): void {
  touch(sim, ds)
  level.armed = false
  if (level.kind === 'alarm') {
    ds.alarms.push({ name: level.name, level: level.bytes, at: t })
    if (sim.log) sim.emit({ t, type: 'alarm', datastore: ds.id, name: level.name, level: level.bytes })
  } else if (level.kind === 'guard') {
    let aborted = 0
    for (const vm of ds.vms) {
      for (let d = vm.oldest; d !== null; d = d.child) {
        if (d.task === null) continue
        abortTask(sim, d.task, t, 'cancelled', 'free space fell below the space guard', false)
        aborted++
      }
    }
    if (sim.log) sim.emit({ t, type: 'guard-abort', datastore: ds.id, aborted })
  } else {
    ds.full = true
    ds.fullTimes.push(t)
    const stopped = ds.growing.length
    if (sim.log) sim.emit({ t, type: 'datastore-full', datastore: ds.id, used: useAt(sim, ds, t), stopped })
    // commit() pauses every VM that must allocate.
  }
}

/**
 * HOUR: a boundary where some rate changes (boundaries with the same multipliers on both sides
 * are skipped: M keeps its slope across them). In full detail every profiled datastore gets a
 * breakpoint at the kink; in summary detail only those whose use bound may reach a level.
 */
export function onHour(sim: Sim, t: number, seg: number): boolean {
  // Full detail records the kink of every growing datastore (and re-solves it).
  if (sim.full) for (const ds of sim.profiled) touch(sim, ds)
  const rates = sim.rates
  rates.advance(seg)
  if (rates.nextBoundary < sim.horizon) sim.heap.push(rates.nextBoundary, HOUR, rates.nextSeg, 0)
  // Summary detail visits a datastore only from the hour its use bound may reach its next
  // level (walk); then it is solved. Its grid points are taken when next touched.
  if (!sim.full && sim.minCheckAt <= t) {
    // (a datastore touched here is re-based in commit(), which lowers minCheckAt again)
    let min = Number.POSITIVE_INFINITY
    for (const ds of sim.profiled) {
      if (ds.pendingLevel !== null) continue
      const bound = ds.bound
      if (bound.checkAt <= t && !bound.walk(rates, sim.horizon)) touch(sim, ds)
      else if (bound.checkAt < min) min = bound.checkAt
    }
    sim.minCheckAt = min
  }
  return true
}
