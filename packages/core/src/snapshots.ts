// Snapshots: each VM's chain of deltas (taking a snapshot freezes the active delta and starts a
// new one), their removal (one merge per VM at a time; its space is freed when it ends) and the
// snapshot hunter, which removes orphaned snapshots older than maxSnapshotAge.

import { HUNT, MERGE_END } from './events.ts'
import { unblock } from './out-of-space.ts'
import type { Sim } from './sim.ts'
import { writtenFor } from './growth.ts'
import { attach, deltaBytes, deltaWritten, detach, sizeOf, useAt } from './space.ts'
import { SimDelta, type SimDatastore, type SimVm } from './state.ts'

/**
 * Taking a snapshot needs room (docs/model.md, "Taking a snapshot needs room"): null if there
 * is, else why not. The datastore must not be stopping VMs, and its free space must hold the
 * new delta's first allocation — its metadata and one grain, or the platform's snapshotFree. The
 * use bound answers most calls without evaluating the use.
 */
export function snapshotRoom(sim: Sim, ds: SimDatastore, t: number): string | null {
  if (ds.full) return 'snapshot failed: the datastore is full (VMs on it are stopped)'
  const p = ds.platform
  const need = p.snapshotFree ?? p.deltaOverhead + p.grain
  const limit = ds.capacity - need
  if (useUpper(sim, ds, t) <= limit || useAt(sim, ds, t) <= limit) return null
  return `snapshot failed: free space below the ${need} bytes the new delta needs`
}

/**
 * An upper bound of the datastore's use at t, the current event's time, after what the event
 * changed so far: the use (full detail) or its bound (summary detail) just before the event, or
 * the bound if the event has not touched it yet, plus what was added since.
 */
function useUpper(sim: Sim, ds: SimDatastore, t: number): number {
  const bound = ds.bound
  if (!bound.boundValid) return Number.POSITIVE_INFINITY
  const before = ds.touchStamp !== sim.stamp ? bound.at(sim.rates, sim.rates.seg, t) : sim.full ? ds.useBefore : bound.boundAtTouch
  return before + bound.added
}

export function takeSnapshot(sim: Sim, vm: SimVm, t: number, job: string): SimDelta {
  detach(sim, vm, t)
  if (vm.active) freeze(sim, vm.active, t)
  const snap = sim.snapCount++
  const d = new SimDelta(snap, vm, t)
  d.active = true
  d.wAnchor = vm.w
  d.parent = vm.youngest
  if (vm.youngest) vm.youngest.child = d
  else vm.oldest = d
  vm.youngest = d
  const depth = ++vm.chainLength
  vm.active = d
  attach(sim, vm, t)
  sim.totals.snapshots++
  if (depth > sim.totals.maxChainDepth) sim.totals.maxChainDepth = depth
  if (sim.full) sim.snaps.push({ vm: vm.id, job, takenAt: t, removalStartedAt: null, removedAt: null, maxBytes: 0, orphaned: false, depth })
  vm.ds.bound.added += vm.ds.platform.deltaOverhead
  if (sim.log) sim.emit({ t, type: 'snapshot-create', vm: vm.id, snapshot: snap, depth })
  // (the hunter's deadline goes with the reading task that took it: startTask)
  return d
}

/**
 * Time 0: the VM's snapshots that exist before the run (Vm.snapshots, oldest first) become its
 * chain, each delta taken at -age. A frozen delta keeps the size found; the youngest is active
 * and grows on from the writes that explain its data, W = -R ln(1 - S/R) (writtenFor). They
 * have no task, so the snapshot hunter treats them as it treats orphans. Before the VM is
 * attached.
 */
export function restoreSnapshots(sim: Sim, vm: SimVm): void {
  const found = sim.model.vms[vm.idx]!.snapshots ?? []
  const overhead = vm.ds.platform.deltaOverhead
  const grain = vm.ds.platform.grain
  found.forEach((s, i) => {
    const d = new SimDelta(sim.snapCount++, vm, -s.age)
    // Its data: the size found less the metadata, in whole grains (rounded down, so that the
    // active delta's allocation at time 0 is at most the size found — rounded up, a datastore
    // found nearly full would start above what was found, even above its capacity).
    const data = Math.max(0, s.bytes - overhead)
    d.w0 = writtenFor(grain > 0 ? Math.floor(data / grain) * grain : data, vm.region)
    d.parent = vm.youngest
    if (vm.youngest) vm.youngest.child = d
    else vm.oldest = d
    vm.youngest = d
    const depth = ++vm.chainLength
    if (i === found.length - 1) {
      d.active = true
      d.wAnchor = vm.w
      vm.active = d
    } else {
      d.alloc = s.bytes
      vm.frozenDeltaBytes += d.alloc
    }
    sim.totals.snapshots++
    if (depth > sim.totals.maxChainDepth) sim.totals.maxChainDepth = depth
    if (sim.full) sim.snaps.push({ vm: vm.id, job: null, takenAt: -s.age, removalStartedAt: null, removedAt: null, maxBytes: s.bytes, orphaned: false, depth })
    if (sim.log) sim.emit({ t: 0, type: 'snapshot-create', vm: vm.id, snapshot: d.snap, depth })
  })
  huntLater(sim, vm)
}

/** The VM must be detached. */
function freeze(sim: Sim, d: SimDelta, t: number): void {
  const vm = d.vm
  d.w0 = deltaWritten(sim, d, t)
  d.active = false
  d.alloc = sizeOf(vm, d.w0)
  vm.frozenDeltaBytes += d.alloc
  if (vm.active === d) vm.active = null
  noteSize(sim, d, d.alloc)
}

/** The VM must be detached. */
function activate(d: SimDelta): void {
  const vm = d.vm
  vm.frozenDeltaBytes -= d.alloc
  d.active = true
  d.wAnchor = vm.w
  vm.active = d
}

/** The snapshot's record keeps the largest size its delta reached (full detail). */
export function noteSize(sim: Sim, d: SimDelta, bytes: number): void {
  if (!sim.full) return
  const rec = sim.snaps[d.snap]!
  if (bytes > rec.maxBytes) rec.maxBytes = bytes
}

export function requestRemoval(sim: Sim, d: SimDelta, t: number, reason: string): void {
  if (d.removing) return
  d.removing = true
  const vm = d.vm
  if (vm.queueTail) vm.queueTail.nextQueued = d
  else vm.queueHead = d
  vm.queueTail = d
  if (vm.merging === null) startMerge(sim, vm, t, reason)
}

/**
 * Merge the next queued delta into its parent. Its writes stop (since vSphere 6 the mirror
 * driver sends new writes to the parent); the parent, if a delta, takes the writes. One
 * merge per VM at a time; its space is freed when it ends.
 */
function startMerge(sim: Sim, vm: SimVm, t: number, reason: string): void {
  const d = vm.queueHead
  if (!d) return
  vm.queueHead = d.nextQueued
  if (vm.queueHead === null) vm.queueTail = null
  d.nextQueued = null
  detach(sim, vm, t)
  d.merging = true
  if (d.active) {
    freeze(sim, d, t)
    if (d.parent) activate(d.parent)
  }
  noteSize(sim, d, d.alloc)
  vm.merging = d
  attach(sim, vm, t)
  if (sim.full) sim.snaps[d.snap]!.removalStartedAt = t
  if (sim.log) sim.emit({ t, type: 'snapshot-merge-start', vm: vm.id, snapshot: d.snap, bytes: d.alloc, reason })
  // A stopped VM whose writes no longer need a delta runs again (after the resume delay).
  if (vm.pausedBySpace) unblock(sim, vm, t)
  const tp = vm.ds.throughput
  const duration = tp > 0 && tp < Number.POSITIVE_INFINITY ? d.alloc / tp : 0
  sim.heap.push(t + duration, MERGE_END, vm.idx, ++vm.mergeVersion)
}

/** MERGE_END: the merge is done; the delta leaves the chain and its space is freed. */
export function endMerge(sim: Sim, vm: SimVm, t: number): void {
  const d = vm.merging!
  detach(sim, vm, t)
  const before = deltaBytes(sim, vm, t)
  const parent = d.parent
  if (parent) parent.child = d.child
  else vm.oldest = d.child
  if (d.child) d.child.parent = parent
  else vm.youngest = parent
  vm.chainLength--
  vm.frozenDeltaBytes -= d.alloc
  if (parent) {
    // The parent now holds the union of both deltas' blocks: S(W_parent + W_child).
    if (parent.active) {
      parent.w0 += d.w0
      noteSize(sim, parent, sizeOf(vm, deltaWritten(sim, parent, t)))
    } else {
      vm.frozenDeltaBytes -= parent.alloc
      parent.w0 += d.w0
      parent.alloc = sizeOf(vm, parent.w0)
      vm.frozenDeltaBytes += parent.alloc
      noteSize(sim, parent, parent.alloc)
    }
  }
  const after = deltaBytes(sim, vm, t)
  vm.merging = null
  if (sim.full) sim.snaps[d.snap]!.removedAt = t
  attach(sim, vm, t)
  if (sim.log) sim.emit({ t, type: 'snapshot-removed', vm: vm.id, snapshot: d.snap, freed: before - after })
  if (vm.queueHead !== null) startMerge(sim, vm, t, 'queued removal')
  // What the event freed is measured after the next merge began: that may re-activate a delta
  // (its parent takes the writes), whose next write then needs another grain — summary detail
  // takes the use before the event as the use after it plus what it freed, and was a grain
  // high (found by the differential harness: the peak one grain above full detail's).
  vm.ds.freed += before - deltaBytes(sim, vm, t)
}

// ---------------------------------------------------------------- the snapshot hunter

/** A delta left behind without a task (an orphan): the hunter must come for it. */
export function huntLater(sim: Sim, vm: SimVm): void {
  if (sim.maxAge === Number.POSITIVE_INFINITY || vm.huntPending) return
  for (let d = vm.oldest; d !== null; d = d.child) {
    if (d.removing || d.task !== null) continue
    vm.huntPending = true
    // (a snapshot found at time 0 may be overdue already: the hunter comes at once)
    sim.heap.push(Math.max(sim.now, d.takenAt + sim.maxAge), HUNT, vm.idx, 0)
    return
  }
}

/**
 * HUNT: the snapshot hunter for deltas without a task (orphans): every one older than
 * maxSnapshotAge that is not being removed goes. One check per VM is pending at a time, at the
 * deadline of its oldest such delta: the chain is in order of creation, so no younger delta
 * can be due earlier. A delta still being read is the reading run's business: its deadline is
 * one of the run's stop times (onTransfer), so a normal backup costs the hunter no event.
 */
export function onHunt(sim: Sim, vm: SimVm, t: number): boolean {
  vm.huntPending = false
  let hunted = false
  // (removal requests only queue merges: the chain is not unlinked while this walks it)
  for (let d = vm.oldest; d !== null && d.takenAt + sim.maxAge <= t; d = d.child) {
    if (d.removing || d.task !== null) continue
    hunted = true
    requestRemoval(sim, d, t, 'snapshot hunter: older than maxSnapshotAge')
  }
  huntLater(sim, vm)
  return hunted
}
