// The engine: event scheduling with a fluid model between events. Between two events every rate
// is constant, so every delta, every transfer and every datastore's use is a known function of
// time; crossings of alarm levels and of "full" are solved for and scheduled, never polled.
// See docs/model.md for the equations and docs/architecture.md for where each concept lives.
// This file is the event loop; events.ts lists the event kinds and their order.

import { commit, touch } from './breakpoints.ts'
import { onCrossing, onHour } from './crossings.ts'
import { CHECK, CRASH, CROSSING, FIRE, HOUR, HUNT, IO_ERROR, MERGE_END, RESUME, TRANSFER, UNBLOCK } from './events.ts'
import { onFire } from './backups.ts'
import type { Model } from './model.ts'
import { onCrash, onIoError, onResume, onUnblock } from './out-of-space.ts'
import { finish } from './output.ts'
import type { Result, SimulateOptions } from './result.ts'
import { Sim } from './sim.ts'
import { endMerge, onHunt, restoreSnapshots } from './snapshots.ts'
import { attach, useAt } from './space.ts'
import { onTransfer } from './transfers.ts'

export class Engine {
  private readonly sim: Sim

  constructor(model: Model, options: SimulateOptions) {
    this.sim = new Sim(model, options)
  }

  run(): Result {
    const sim = this.sim
    // Time 0: every VM running; every datastore gets its first point and its first crossing.
    sim.stamp++
    for (const vm of sim.vms) {
      if (vm.hasSnapshotsAtStart) restoreSnapshots(sim, vm)
      attach(sim, vm, 0)
    }
    for (const ds of sim.datastores) touch(sim, ds)
    commit(sim)
    for (const ds of sim.datastores) ds.usedAtStart = useAt(sim, ds, 0)
    const rates = sim.rates
    if (rates.rows > 0 && rates.nextBoundary < sim.horizon) sim.heap.push(rates.nextBoundary, HOUR, rates.nextSeg, 0)
    for (const job of sim.jobs) {
      if (job.def.fires.length > 0) sim.heap.push(job.def.fires[0]!, FIRE, job.idx, 0, job.idx)
    }

    const heap = sim.heap
    while (heap.size > 0 && heap.peekTime() < sim.horizon) {
      heap.pop()
      const t = heap.popTime
      sim.now = t
      sim.stamp++
      if (this.dispatch(heap.popKind, heap.popA, heap.popB, t)) sim.eventCount++
      // Merges ending at the same instant (identical VMs backed up together) free their space
      // together: one commit (one evaluation of each datastore) for all of them.
      while (heap.popKind === MERGE_END && heap.peekKind() === MERGE_END && heap.peekTime() === t) {
        heap.pop()
        if (this.dispatch(heap.popKind, heap.popA, heap.popB, t)) sim.eventCount++
      }
      commit(sim)
      sim.checking = false
    }
    return finish(sim)
  }

  /**
   * One event: drop it if stale (its version or epoch no longer matches), else hand it to its
   * concept. True if it counts as an event (CHECK and stale events do not).
   */
  private dispatch(kind: number, a: number, b: number, t: number): boolean {
    const sim = this.sim
    switch (kind) {
      case HOUR:
        return onHour(sim, t, a)
      case MERGE_END: {
        const vm = sim.vms[a]!
        if (vm.mergeVersion !== b || !vm.merging) return false
        endMerge(sim, vm, t)
        return true
      }
      case TRANSFER: {
        const run = sim.runs[a]
        if (!run || run.version !== b) return false
        onTransfer(sim, run, t)
        return true
      }
      case RESUME: {
        const ds = sim.datastores[a]!
        if (ds.resumeVersion !== b || ds.full) return false
        onResume(sim, ds, t)
        return true
      }
      case UNBLOCK: {
        const vm = sim.vms[a]!
        if (vm.stopEpoch !== b || !vm.pausedBySpace) return false
        return onUnblock(sim, vm, t)
      }
      case CROSSING: {
        const ds = sim.datastores[a]!
        if (ds.crossingVersion !== b || !ds.pendingLevel) return false
        onCrossing(sim, ds, ds.pendingLevel, t)
        return true
      }
      case HUNT:
        return onHunt(sim, sim.vms[a]!, t)
      case IO_ERROR: {
        const vm = sim.vms[a]!
        if (vm.stopEpoch !== b || !vm.pausedBySpace) return false
        onIoError(sim, vm, t)
        return true
      }
      case CRASH: {
        const vm = sim.vms[a]!
        if (vm.stopEpoch !== b || !vm.pausedBySpace) return false
        onCrash(sim, vm, t)
        return true
      }
      case FIRE:
        onFire(sim, sim.jobs[a]!, b, t)
        return true
      case CHECK: {
        const ds = sim.datastores[a]!
        if (ds.crossingVersion !== b) return false
        sim.checking = true
        touch(sim, ds)
        return false
      }
    }
    return false
  }
}
