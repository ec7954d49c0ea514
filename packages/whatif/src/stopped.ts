// VMs not running over time, as a step function: from each VM's state intervals (paused or
// crashed), one point per change of the count. The panel draws it under the use chart.

import type { Result } from '@snapsim/core'

export interface StepSeries {
  /** Times (simulated seconds) where the count changes, from 0; the count holds until the next. */
  readonly t: readonly number[]
  readonly n: readonly number[]
}

export function stoppedOverTime(result: Result): StepSeries {
  const deltas = new Map<number, number>()
  const add = (t: number, d: number) => deltas.set(t, (deltas.get(t) ?? 0) + d)
  for (const v of result.vms) {
    for (const s of v.states) {
      if (s.state === 'running' || s.to <= s.from) continue
      add(s.from, 1)
      if (s.to < result.horizon) add(s.to, -1)
    }
  }
  const t: number[] = [0]
  const n: number[] = [0]
  let count = 0
  for (const at of [...deltas.keys()].sort((a, b) => a - b)) {
    count += deltas.get(at)!
    if (at === 0) n[0] = count
    else if (count !== n[n.length - 1]) {
      t.push(at)
      n.push(count)
    }
  }
  t.push(result.horizon)
  n.push(count)
  return { t, n }
}
