// A datastore's breakpoints: every event that touches a datastore takes its use just before
// (touch) and, at the end of the event, after (commit) — pausing what can no longer allocate,
// resuming what can, recording, and rescheduling its next crossing. Between breakpoints use is
// smooth: the full series adds samples there, summary detail only its grid points.

import { RESUME } from './events.ts'
import { firstArmed, fullLevel, scheduleCrossing, targetOf, windowEnd } from './crossings.ts'
import { pause, resume } from './out-of-space.ts'
import { push, record } from './output.ts'
import type { Sim } from './sim.ts'
import { useAt } from './space.ts'
import type { SimDatastore } from './state.ts'
import { rescheduleGroup } from './transfers.ts'

/** First time the datastore's event touches it: samples since the last point, then the point. */
export function touch(sim: Sim, ds: SimDatastore): void {
  if (ds.touchStamp === sim.stamp) return
  ds.touchStamp = sim.stamp
  const t = sim.now
  const step = sim.sampleInterval
  if (step > 0 && ds.curving > 0) {
    for (let s = (Math.floor(ds.lastT / step) + 1) * step; s < t; s += step) record(sim, ds, s, false, useAt(sim, ds, s))
  }
  flushGrid(sim, ds, t)
  // The use just before the event: a point of the full series. Summary detail needs it only
  // as a candidate for the peak, which only an event that frees space can make (use does not
  // fall between events): commit() has it as the use after plus what was freed.
  if (sim.full) {
    ds.useBefore = useAt(sim, ds, t, true)
    record(sim, ds, t, true, ds.useBefore)
  } else ds.bound.boundAtTouch = ds.bound.boundValid ? ds.bound.at(sim.rates, sim.rates.seg, t) : Number.POSITIVE_INFINITY
  ds.changed = false
  ds.freed = 0
  sim.dirty[sim.nDirty++] = ds
}

/** Summary-detail grid points up to t (the datastore unchanged since the last one). */
function flushGrid(sim: Sim, ds: SimDatastore, t: number): void {
  const grid = sim.grid
  if (ds.gridIdx >= grid.length || grid[ds.gridIdx]! > t) return
  // A datastore untouched since an earlier hour (summary detail's hour ticks do not visit
  // datastores): evaluate each grid point in its own segment.
  const rates = sim.rates
  const seg = rates.seg
  while (ds.gridIdx < grid.length && grid[ds.gridIdx]! <= t) {
    const g = grid[ds.gridIdx++]!
    rates.seg = g < rates.table.starts[seg]! ? rates.segmentAt(g) : seg
    push(sim, ds, g, useAt(sim, ds, g))
  }
  rates.seg = seg
}

/** After an event: pause what cannot allocate, resume what can, record, reschedule crossings. */
export function commit(sim: Sim): void {
  const t = sim.now
  // The lists are reused with counts: setting length = 0 is a slow runtime call per event.
  const groups = sim.dirtyGroups
  for (let i = 0; i < sim.nDirtyGroups; i++) rescheduleGroup(sim, groups[i]!, t)
  sim.nDirtyGroups = 0
  // Pausing and resuming may touch more datastores (never in practice: VMs live on one).
  for (let i = 0; i < sim.nDirty; i++) {
    const ds = sim.dirty[i]!
    if (!sim.full && ds.freed === 0 && !ds.full && boundedCommit(sim, ds, t)) continue
    // An event that only changed rates (an hour tick) leaves the use as it was. Pausing and
    // resuming below do not change the use at t either: `after` (and partDisk/partDelta,
    // recorded below) stay valid.
    // (with `tighten`: the bound based below in scheduleCrossing takes each delta's slope now)
    const after = ds.changed || !sim.full ? useAt(sim, ds, t, true) : ds.useBefore
    if (!sim.full && ds.freed > 0) record(sim, ds, t, true, after + ds.freed)
    // Only the end of a merge frees space (merging S(Wp) and S(Wc) into S(Wp + Wc) never
    // grows): then alarms below re-arm, and a full datastore is no longer full if the next
    // allocation (a grain, or any write without one) now fits below the full level.
    if (ds.freed > 0) {
      for (const level of ds.levels) if (level.kind !== 'full' && level.bytes > after) level.armed = true
      if (ds.full && roomAfterFree(ds, after)) {
        ds.full = false
        fullLevel(ds).armed = true
        const delay = ds.platform.resumeDelay
        if (delay > 0) sim.heap.push(t + delay, RESUME, ds.idx, ++ds.resumeVersion)
        else for (const vm of ds.vms) if (vm.pausedBySpace) resume(sim, vm, t)
      }
    }
    if (ds.full) while (ds.growing.length > 0) pause(sim, ds.growing[ds.growing.length - 1]!, t)
    if (ds.changed || !sim.full) record(sim, ds, t, true, after)
    scheduleCrossing(sim, ds, t, after)
  }
  sim.nDirty = 0
}

/**
 * Summary detail, after an event that freed nothing on a datastore that is not full: the bound
 * carried over the event (what it had reached, plus each new delta's metadata and rounding
 * grain) may show that the use now can neither be a new peak nor reach a level before the
 * window's end. Then nothing needs the use itself: the bound is re-based at t and true is
 * returned. Otherwise false, and the use is evaluated.
 */
function boundedCommit(sim: Sim, ds: SimDatastore, t: number): boolean {
  const bound = ds.bound
  if (!bound.boundValid) return false
  const b = bound.boundAtTouch + bound.added
  if (!(b <= ds.peak)) return false
  const level = firstArmed(ds)
  rebase(sim, ds, t, b)
  if (level !== null) {
    const target = targetOf(ds, level)
    if (bound.at(sim.rates, sim.rates.seg, windowEnd(sim, ds)) >= target) return false
    bound.clearTarget = target
  } else bound.clearTarget = Number.POSITIVE_INFINITY
  ds.crossingVersion++
  ds.pendingLevel = null
  return true
}

/** A full datastore at use `after` has room for its stopped VMs' next allocation again. */
function roomAfterFree(ds: SimDatastore, after: number): boolean {
  const level = fullLevel(ds).bytes
  const grain = ds.platform.grain
  return grain > 0 ? after + grain <= level : after < level
}

/** Start the datastore's use bound at t from `base`, an upper bound of its use at t. */
export function rebase(sim: Sim, ds: SimDatastore, t: number, base: number): void {
  ds.bound.rebase(sim.rates, t, base)
  sim.minCheckAt = 0
}
