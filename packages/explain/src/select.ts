// Which turning points a narration tells. Full: all of them. Brief (about a dozen): the first of
// each kind per job or datastore — the schedule, the first run, the first missed window and
// overlap, the deepest chain, the first alarm, the first failure and orphan, each safeguard once,
// every fill, stop and downtime, the recovery point, and the what-if that prevents the stops at the least cost.

import type { Seconds } from '@snapsim/core'
import type { Fact } from './facts.ts'

export type Level = 'brief' | 'full'

export interface Window {
  readonly from?: Seconds
  readonly to?: Seconds
}

export function inWindow(facts: readonly Fact[], w: Window): Fact[] {
  return facts.filter((f) => (w.from === undefined || f.t >= w.from) && (w.to === undefined || f.t <= w.to))
}

function firstBy<F extends Fact>(facts: readonly F[], key: (f: F) => string): F[] {
  const seen = new Set<string>()
  return facts.filter((f) => {
    const k = key(f)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

export function selectLevel(facts: readonly Fact[], level: Level): Fact[] {
  if (level === 'full') return [...facts]
  const keep = new Set<Fact>()
  const of = <K extends Fact['kind']>(kind: K) => facts.filter((f): f is Extract<Fact, { kind: K }> => f.kind === kind)
  for (const f of of('schedule')) keep.add(f)
  for (const f of firstBy(of('run'), (x) => x.job)) keep.add(f)
  for (const f of firstBy(of('window'), (x) => x.job)) keep.add(f)
  for (const f of firstBy(of('overlap'), (x) => x.job)) keep.add(f)
  for (const f of of('chain')) keep.add(f)
  for (const f of firstBy(of('alarm'), (x) => x.datastore)) keep.add(f)
  for (const f of of('failure').slice(0, 1)) keep.add(f)
  for (const f of firstBy(of('snapshot-failed'), (x) => x.job)) keep.add(f)
  for (const f of of('orphan').slice(0, 1)) keep.add(f)
  for (const f of firstBy(of('safeguard'), (x) => x.safeguard)) keep.add(f)
  for (const kind of ['full', 'stop', 'downtime', 'recovery', 'end'] as const) for (const f of of(kind)) keep.add(f)
  const what = of('mitigation')
  // Of the policies that prevent the stops alone, the one that costs the least recovery point
  // (then the lowest peak); else all of them together.
  const preventing = what
    .filter((m) => m.alone && m.after.vmsStopped === 0)
    .sort((a, b) => (a.after.worstRecoveryAge ?? 0) - (b.after.worstRecoveryAge ?? 0) || a.after.peakFraction - b.after.peakFraction)
  for (const f of preventing.length > 0 ? preventing.slice(0, 1) : what.filter((m) => !m.alone).slice(0, 1)) keep.add(f)
  return facts.filter((f) => keep.has(f))
}
