// Which turning points a narration tells: those within the period asked for. The full level
// tells every one of them; the brief level sums them up (brief.ts).

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
