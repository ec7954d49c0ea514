// Space: what each VM holds (disk, snapshot deltas) as functions of time between events, and a
// datastore's use as the sum over its VMs — kept as a constant part (VMs whose space does not
// change) plus the growing VMs, evaluated at any t. docs/model.md gives the equations.

import { allocatedBytes, distinctBytes } from './growth.ts'
import type { Curve } from './newton.ts'
import type { Sim } from './sim.ts'
import type { SimDelta, SimDatastore, SimVm } from './state.ts'
import { dataSlope, tighten } from './use-bound.ts'
import { touch } from './breakpoints.ts'

/** Cumulative logical bytes the VM has written by t. */
export function wAt(sim: Sim, vm: SimVm, t: number): number {
  return vm.running ? vm.w + vm.writeRate * (sim.rates.mAt(vm.row, t) - vm.mAnchor) : vm.w
}

/** Data in use at t: growing linearly or relatively (compounding) while it runs, up to its disk. */
export function usedAt(vm: SimVm, t: number): number {
  if (!vm.running) return vm.used
  return Math.min(vm.disk, vm.relGrowth > 0 ? vm.used * Math.exp(vm.relGrowth * (t - vm.tAnchor)) : vm.used + vm.growth * (t - vm.tAnchor))
}

/** Move the VM's anchors to t (call before changing anything that alters its rates). */
export function settle(sim: Sim, vm: SimVm, t: number): void {
  if (vm.tAnchor === t) return
  vm.w = wAt(sim, vm, t)
  vm.used = usedAt(vm, t)
  vm.mAnchor = sim.rates.mAt(vm.row, t)
  vm.tAnchor = t
}

export function deltaWritten(sim: Sim, d: SimDelta, t: number): number {
  return d.active ? d.w0 + wAt(sim, d.vm, t) - d.wAnchor : d.w0
}

/** Allocated bytes of a delta of the VM into which `written` logical bytes went. */
export function sizeOf(vm: SimVm, written: number): number {
  const p = vm.ds.platform
  return allocatedBytes(dataOf(vm, written), p.grain, p.deltaOverhead, vm.disk)
}

/**
 * Distinct bytes of `written` on the VM's region, remembered for the last value asked: an
 * event evaluates its datastore at the same instant several times (before, after, the
 * solver's start), and an exp per growing VM is most of that cost.
 */
export function dataOf(vm: SimVm, written: number): number {
  if (written !== vm.memoW) {
    vm.memoW = written
    vm.memoData = distinctBytes(written, vm.region)
  }
  return vm.memoData
}

export function diskAt(vm: SimVm, t: number): number {
  return vm.thin ? usedAt(vm, t) : vm.disk
}

/** The VM's active delta's allocated size at t, plus its frozen deltas. */
export function deltaBytes(sim: Sim, vm: SimVm, t: number): number {
  return vm.frozenDeltaBytes + (vm.active ? sizeOf(vm, deltaWritten(sim, vm.active, t)) : 0)
}

/**
 * It must allocate to run: it has an active delta (whatever its write rate at the moment: the
 * model says a snapshot means allocating), or a thin disk below its size that grows. These VMs
 * stop when the datastore is full; a stopped one that no longer must allocate runs again.
 */
export function mustAllocate(vm: SimVm): boolean {
  if (vm.active !== null) return true
  return vm.thin && (vm.growth > 0 || (vm.relGrowth > 0 && vm.used > 0)) && vm.used < vm.disk
}

/** Its space may grow faster and faster: a thin disk growing relatively, or a delta whose write rate grows. */
function isConvex(vm: SimVm): boolean {
  return (vm.thin && vm.relGrowth > 0 && vm.used > 0 && vm.used < vm.disk) || (vm.active !== null && vm.writeGrowth > 0)
}

/** Its space grows now: it runs and must allocate. */
export function isGrowing(vm: SimVm): boolean {
  return vm.running && mustAllocate(vm)
}

// ---------------------------------------------------------------- a datastore's sums

/** Take the VM's contribution out of its datastore's sums (before changing the VM). */
export function detach(sim: Sim, vm: SimVm, t: number): void {
  const ds = vm.ds
  touch(sim, ds)
  ds.changed = true
  if (vm.growIdx >= 0) {
    const last = ds.growing.pop()!
    if (last !== vm) {
      ds.growing[vm.growIdx] = last
      last.growIdx = vm.growIdx
    }
    vm.growIdx = -1
    if (vm.countedProfiled) {
      vm.countedProfiled = false
      if (--ds.profiledGrowing === 0) unlistProfiled(sim, ds)
    }
    if (vm.countedCurving) {
      vm.countedCurving = false
      ds.curving--
    }
    if (vm.countedConvex) {
      vm.countedConvex = false
      ds.convex--
    }
    ds.bound.remove(vm)
  } else {
    ds.staticDisk -= vm.cachedDisk
    ds.staticDelta -= vm.cachedDelta
  }
  settle(sim, vm, t)
}

/** Put the VM's contribution back, as growing or as a constant. */
export function attach(sim: Sim, vm: SimVm, t: number): void {
  const ds = vm.ds
  settle(sim, vm, t)
  if (isGrowing(vm)) {
    vm.growIdx = ds.growing.length
    ds.growing.push(vm)
    ds.bound.add(vm, t)
    if (isConvex(vm)) {
      vm.countedConvex = true
      ds.convex++
    }
    if (vm.active !== null) {
      // A delta that starts growing (new, re-activated, resumed) may round up by a grain
      // beyond what the use bound was based on: its slack enters the bound once.
      if (vm.slackFor !== vm.active) {
        vm.slackFor = vm.active
        ds.bound.added += ds.platform.grain
      }
      vm.countedCurving = true
      ds.curving++
      if (vm.row >= 0) {
        vm.countedProfiled = true
        if (ds.profiledGrowing++ === 0) listProfiled(sim, ds)
      }
    }
  } else {
    vm.slackFor = null
    vm.cachedDisk = diskAt(vm, t)
    vm.cachedDelta = deltaBytes(sim, vm, t)
    ds.staticDisk += vm.cachedDisk
    ds.staticDelta += vm.cachedDelta
  }
}

function listProfiled(sim: Sim, ds: SimDatastore): void {
  ds.profiledIdx = sim.profiled.length
  sim.profiled.push(ds)
}

function unlistProfiled(sim: Sim, ds: SimDatastore): void {
  const last = sim.profiled.pop()!
  if (last !== ds) {
    sim.profiled[ds.profiledIdx] = last
    last.profiledIdx = ds.profiledIdx
  }
  ds.profiledIdx = -1
}

// ---------------------------------------------------------------- a datastore's use

/** Use of the datastore at t (valid until its next change); also sets sim.partDisk/partDelta. */
export function useAt(sim: Sim, ds: SimDatastore, t: number, tightenBound = false): number {
  let disk = ds.staticDisk
  let delta = ds.staticDelta
  const g = ds.growing
  for (let i = 0; i < g.length; i++) {
    const vm = g[i]!
    disk += diskAt(vm, t)
    delta += vm.frozenDeltaBytes
    if (vm.active !== null) {
      delta += sizeOf(vm, deltaWritten(sim, vm.active, t))
      if (tightenBound && vm.inTerm) tighten(vm)
    }
  }
  sim.partDisk = disk
  sim.partDelta = delta
  return ds.fixed + disk + delta
}

/**
 * A datastore's use at t without rounding deltas up to the allocation unit — a concave lower
 * bound of the allocated use, at most one unit per growing delta below it — and, in `slope`,
 * its derivative: the tangent for Newton's method. One pass, one expm1 per growing VM:
 * S = -R expm1(-W/R) and dS/dW = exp(-W/R) = 1 - S/R.
 */
export class SmoothUse implements Curve {
  /** Contract (Curve): d(use)/dt at the t of the last value(t) call. */
  slope = 0
  /** Contract: the datastore it evaluates, set by scheduleCrossing before the solve. */
  ds: SimDatastore | null = null

  constructor(private readonly sim: Sim) {}

  value(t: number): number {
    const sim = this.sim
    const ds = this.ds!
    let use = ds.fixed + ds.staticDisk + ds.staticDelta
    let slope = 0
    const g = ds.growing
    const overhead = ds.platform.deltaOverhead
    for (let i = 0; i < g.length; i++) {
      const vm = g[i]!
      const used = usedAt(vm, t)
      use += (vm.thin ? used : vm.disk) + vm.frozenDeltaBytes
      if (vm.thin && used < vm.disk) slope += vm.relGrowth > 0 ? vm.relGrowth * used : vm.growth
      const d = vm.active
      if (d !== null) {
        const data = dataOf(vm, deltaWritten(sim, d, t))
        if (data < vm.disk) {
          use += data + overhead
          slope += dataSlope(vm, data) * vm.writeRate * sim.rates.multiplier(vm.row, t)
        } else use += vm.disk + overhead
      }
    }
    this.slope = slope
    return use
  }
}
