// Out of space: a VM that must allocate on a full datastore stops (pause); it runs again, after
// the platform's resume delay, when its pending write can be met: space is back (RESUME), or it
// no longer must allocate — its active delta was merged away (UNBLOCK). On platforms that fail
// queued I/O (LVM thin's no_space_timeout) a stopped VM gets I/O errors (IO_ERROR) and its guest
// may crash (CRASH). Platform behaviour is data: platform.ts, docs/model.md.

import { CRASH, IO_ERROR, UNBLOCK } from './events.ts'
import type { VmState } from './result.ts'
import type { Sim } from './sim.ts'
import { attach, detach, mustAllocate } from './space.ts'
import type { SimDatastore, SimVm } from './state.ts'

/** The VM's state changes: the interval that ends is recorded. */
export function setState(sim: Sim, vm: SimVm, t: number, state: VmState, reason: string | null): void {
  if (vm.state === state && vm.reason === reason) return
  if (t > vm.stateSince) {
    vm.intervals.push(
      vm.reason === null
        ? { state: vm.state, from: vm.stateSince, to: t }
        : { state: vm.state, from: vm.stateSince, to: t, reason: vm.reason },
    )
    if (vm.state !== 'running') vm.downtime += t - vm.stateSince
  }
  if (state !== 'running' && vm.firstStopAt === null) vm.firstStopAt = t
  vm.state = state
  vm.reason = reason
  vm.stateSince = t
  if (sim.log) sim.emit({ t, type: 'vm-state', vm: vm.id, state, reason })
}

export function pause(sim: Sim, vm: SimVm, t: number): void {
  detach(sim, vm, t)
  vm.running = false
  vm.pausedBySpace = true
  vm.stopEpoch++
  attach(sim, vm, t)
  setState(sim, vm, t, 'paused', vm.ds.platform.stopReason)
  const q = vm.ds.platform.queueTimeout
  if (q !== undefined) sim.heap.push(t + q, IO_ERROR, vm.idx, vm.stopEpoch)
}

export function resume(sim: Sim, vm: SimVm, t: number): void {
  detach(sim, vm, t)
  vm.running = true
  vm.pausedBySpace = false
  vm.stopEpoch++
  vm.mAnchor = sim.rates.mAt(vm.row, t)
  vm.tAnchor = t
  attach(sim, vm, t)
  setState(sim, vm, t, 'running', null)
}

/**
 * A stopped VM no longer must allocate (its active delta's merge began and no parent delta took
 * its writes, its thin disk is at its size): its pending write can be met without space, so it
 * runs again after the platform's resume delay, whether or not the datastore is still full.
 */
export function unblock(sim: Sim, vm: SimVm, t: number): void {
  if (!vm.pausedBySpace || mustAllocate(vm)) return
  const delay = vm.ds.platform.resumeDelay
  if (delay > 0) sim.heap.push(t + delay, UNBLOCK, vm.idx, vm.stopEpoch)
  else resume(sim, vm, t)
}

/** UNBLOCK: the resume delay has passed; it runs unless it must allocate again on a full datastore. */
export function onUnblock(sim: Sim, vm: SimVm, t: number): boolean {
  if (mustAllocate(vm) && vm.ds.full) return false
  resume(sim, vm, t)
  return true
}

/** RESUME: the resume delay after space came back has passed. */
export function onResume(sim: Sim, ds: SimDatastore, t: number): void {
  for (const vm of ds.vms) if (vm.pausedBySpace) resume(sim, vm, t)
}

/** IO_ERROR: the queue timeout of a stopped VM expired; its writes now fail. */
export function onIoError(sim: Sim, vm: SimVm, t: number): void {
  setState(sim, vm, t, 'paused', 'I/O errors (no_space_timeout expired)')
  const crashAfter = vm.ds.platform.crashAfter
  if (crashAfter !== undefined) sim.heap.push(t + crashAfter, CRASH, vm.idx, vm.stopEpoch)
}

/** CRASH: the guest crashed after failing writes and stays down. */
export function onCrash(sim: Sim, vm: SimVm, t: number): void {
  vm.pausedBySpace = false
  vm.stopEpoch++
  setState(sim, vm, t, 'crashed', 'guest crashed after failing writes')
}
