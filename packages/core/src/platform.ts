// Platform behaviour as data. The engine reads these fields; it never branches on a platform's
// name. Figures and their sources: docs/model.md#platform-profiles and docs/sources.md.

import type { Bytes, Seconds } from './model.ts'

export interface Platform {
  readonly name: string
  /** Allocation unit of a snapshot delta; sizes are rounded up to it. 0 = no rounding. */
  readonly grain: Bytes
  /** Metadata bytes every delta carries on top of its data. */
  readonly deltaOverhead: Bytes
  /** Deepest snapshot chain; a further snapshot fails. */
  readonly maxChain: number
  /**
   * Free space a new snapshot needs, else it fails (vSphere and Hyper-V refuse to create a
   * snapshot or checkpoint without space: docs/model.md#taking-a-snapshot-needs-room). Default:
   * the new delta's first allocation, deltaOverhead + grain. At least deltaOverhead (the
   * metadata is written when the snapshot is taken). On a full datastore (VMs stopped) a
   * snapshot always fails.
   */
  readonly snapshotFree?: Bytes
  /**
   * VMs that must allocate (an active delta, a growing thin disk) stop when free space would
   * fall below this. 0 = when the next allocation does not fit.
   */
  readonly stopBelowFree: Bytes
  /** State shown while stopped, e.g. "question: msg.hbacommon.outofspace". */
  readonly stopReason: string
  /** Delay between space coming back and the VM running again (an operator, a retry). */
  readonly resumeDelay: Seconds
  /**
   * When set, a stopped VM's I/O is queued this long, then fails (LVM thin `no_space_timeout`).
   * While it fails the VM is still stopped; after `crashAfter` more seconds the guest crashes.
   */
  readonly queueTimeout?: Seconds
  /** Seconds of failing I/O after which the guest crashes and stays down. */
  readonly crashAfter?: Seconds
  /** Extra alarms given as free bytes (VMware: act at 200 MB free, critical at 100 MB). */
  readonly freeAlarms?: readonly { readonly name: string; readonly freeBytes: Bytes }[]
}

const KiB = 1024
const MiB = 1024 * KiB
const MB = 1e6

/** Teaching and closed-form checks: no rounding, no overhead, pause at 0 free, resume at once. */
export const generic: Platform = {
  name: 'generic',
  grain: 0,
  deltaOverhead: 0,
  maxChain: Number.POSITIVE_INFINITY,
  stopBelowFree: 0,
  stopReason: 'paused: no space',
  resumeDelay: 0,
}

/**
 * VMware ESXi on VMFS6: SEsparse deltas (4 KiB grain believed; vmfsSparse grows in 16 MB
 * steps), chains of at most 32, the VM stops with question msg.hbacommon.outofspace (KB 1007849)
 * until space is freed and Retry is answered; VMware advises acting at 200 MB free and calls
 * 100 MB critical (KB 318856).
 */
export const vmwareVmfs6: Platform = {
  name: 'vmware-vmfs6',
  grain: 4 * KiB,
  deltaOverhead: 0,
  maxChain: 32,
  stopBelowFree: 0,
  stopReason: 'question: msg.hbacommon.outofspace',
  resumeDelay: 0,
  freeAlarms: [
    { name: 'act (200 MB free)', freeBytes: 200 * MB },
    { name: 'critical (100 MB free)', freeBytes: 100 * MB },
  ],
}

/**
 * Hyper-V from Windows Server 2016: a VM pauses only when a write fails because its VHDX cannot
 * grow, and is resumed by hand; `resumeDelay` is the operator's reaction time (an assumption:
 * 30 min, override per datastore). VHDX blocks are 1-256 MiB (MS-VHDX); differencing disks
 * (AVHDX) use 2 MiB blocks by default.
 */
export const hyperv2016: Platform = {
  name: 'hyperv-2016',
  grain: 2 * MiB,
  deltaOverhead: 0,
  maxChain: 50,
  stopBelowFree: 0,
  stopReason: 'paused-critical: write failed',
  resumeDelay: 1800,
}

/**
 * Hyper-V 2012 R2: polls free space, warns below 2 GB and pauses VMs with dynamic or
 * differencing disks below 200 MB ("Paused-Critical"), resuming them above it.
 */
export const hyperv2012r2: Platform = {
  name: 'hyperv-2012r2',
  grain: 2 * MiB,
  deltaOverhead: 0,
  maxChain: 50,
  stopBelowFree: 200 * MB,
  stopReason: 'paused-critical: below 200 MB free',
  resumeDelay: 0,
  freeAlarms: [{ name: 'warning (2 GB free)', freeBytes: 2000 * MB }],
}

/**
 * QEMU/KVM qcow2 with werror=enospc (the default): the VM shows "paused (io-error)" when the
 * host disk is full and runs again when space is back. qcow2 clusters: 64 KiB by default.
 */
export const qemuKvm: Platform = {
  name: 'qemu-kvm',
  grain: 64 * KiB,
  deltaOverhead: 0,
  maxChain: Number.POSITIVE_INFINITY,
  stopBelowFree: 0,
  stopReason: 'paused (io-error)',
  resumeDelay: 0,
}

/**
 * LVM thin pool, queue_if_no_space: I/O is queued for no_space_timeout (60 s by default), then
 * fails; a guest that sees failing writes for `crashAfter` seconds (an assumption: 60 s, override
 * per datastore) crashes and stays down. Chunks: 64 KiB - 1 GiB, 64 KiB by default.
 */
export const lvmThin: Platform = {
  name: 'lvm-thin',
  grain: 64 * KiB,
  deltaOverhead: 0,
  maxChain: Number.POSITIVE_INFINITY,
  stopBelowFree: 0,
  stopReason: 'I/O queued (queue_if_no_space)',
  resumeDelay: 0,
  queueTimeout: 60,
  crashAfter: 60,
}

export const platforms: Readonly<Record<string, Platform>> = {
  generic,
  'vmware-vmfs6': vmwareVmfs6,
  'hyperv-2016': hyperv2016,
  'hyperv-2012r2': hyperv2012r2,
  'qemu-kvm': qemuKvm,
  'lvm-thin': lvmThin,
}
