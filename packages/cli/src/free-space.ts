// "Free space to keep": per datastore, the smallest capacity on which the run would not have
// stopped a VM on it — found by re-simulating the scenario with that datastore's capacity
// changed (everything else as written) and bisecting.
//
// The assumption: more capacity never stops more VMs (stopping is monotone in capacity). It holds
// when nothing in the scenario depends on the capacity but the stops themselves: the use then
// follows the same path on every capacity that stops nothing, so the answer is the peak use plus
// the platform's `stopBelowFree`. A space guard given as a share of capacity, or
// `abortRunningBelowMinFree`, ties behaviour to the capacity; then monotonicity is an assumption,
// and it is checked at a few capacities between the answer and the capacity as written (and one
// below the answer) — a violation is reported, not hidden.

import { simulate, type Model } from '@snapsim/core'
import { formatBytes } from '@snapsim/scenario'

export interface FreeSpaceToKeep {
  /** Smallest capacity found on which no VM on the datastore stopped; null if none up to `maxCapacity`. */
  readonly capacityBytes: number | null
  /** That capacity minus the datastore's use at time 0: the free space to have at the start. */
  readonly freeAtStartBytes: number | null
  /** The answer is within this of the true smallest capacity (bisection's last bracket). */
  readonly precisionBytes: number
  readonly simulations: number
  /** The spot checks of monotonicity held (false: see docs/planning.md). */
  readonly monotone: boolean
}

/** Whether any VM on datastore `id` stops when the model is built with capacity `c`; a model that is invalid at `c` (VMs do not fit) counts as stopping. */
export type StopsAt = (c: number) => boolean

/** Stops on `id` in a model (summary detail: VM states are the same as in full detail). */
export function stopsOn(model: Model, id: string): boolean {
  const r = simulate(model, { log: false, detail: 'summary', grid: [] })
  return r.vms.some((v) => v.datastore === id && v.firstStopAt !== null)
}

/**
 * Bisection of the capacity between `useAtStart` (nothing smaller holds the VMs) and the written
 * capacity (doubled until nothing stops, up to `maxCapacity`), to max(1 MiB, 1e-4 of the answer).
 */
export function freeSpaceToKeep(stops: StopsAt, written: number, useAtStart: number, maxCapacity = 2 ** 60): FreeSpaceToKeep {
  let simulations = 0
  const test = (c: number) => {
    simulations++
    return stops(c)
  }
  let hi = written
  while (test(hi)) {
    if (hi >= maxCapacity) return { capacityBytes: null, freeAtStartBytes: null, precisionBytes: 0, simulations, monotone: true }
    hi = Math.min(maxCapacity, hi * 2)
  }
  let lo = useAtStart
  const precision = () => Math.max(2 ** 20, hi * 1e-4)
  while (hi - lo > precision()) {
    const mid = (lo + hi) / 2
    if (test(mid)) lo = mid
    else hi = mid
  }
  // Spot checks: capacities between the answer and the written one stop nothing, one just below
  // the bracket stops.
  let monotone = true
  const top = Math.max(hi, written)
  for (const k of [1, 2, 3]) if (top > hi && test(hi + ((top - hi) * k) / 4)) monotone = false
  if (lo > useAtStart && lo - precision() > useAtStart && !test(lo - precision())) monotone = false
  return { capacityBytes: hi, freeAtStartBytes: hi - useAtStart, precisionBytes: hi - lo, simulations, monotone }
}

/** In words: "ds1: keep 3.20 TiB free at the start (a capacity of 18.4 TiB; written: 20.0 TiB)". */
export function describeFreeSpace(id: string, written: number, f: FreeSpaceToKeep): string {
  if (f.capacityBytes === null || f.freeAtStartBytes === null) return `Free space to keep on ${id}: VMs stop on any capacity tried (up to ${formatBytes(2 ** 60)}), ${f.simulations} simulations.`
  const margin = written - f.capacityBytes
  return (
    `Free space to keep on ${id}: ${formatBytes(f.freeAtStartBytes)} at the start — the smallest capacity on which no VM on it stops is ${formatBytes(f.capacityBytes)} (to within ${formatBytes(f.precisionBytes)}; ${f.simulations} simulations), ` +
    (margin >= 0 ? `${formatBytes(margin)} less than its ${formatBytes(written)}.` : `${formatBytes(-margin)} more than its ${formatBytes(written)}.`) +
    (f.monotone ? '' : ' Warning: more capacity stopped VMs at a spot check (the space guard depends on the capacity): the answer may not be the smallest.')
  )
}
