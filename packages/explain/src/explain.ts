// A run told: its turning points derived, chosen for the period, and rendered in one language,
// every one (full) or summed up (brief). The facts stay beside the sentences so that callers
// (tests, the report) can check and link them.

import type { Seconds } from '@snapsim/core'
import { deriveFacts, type DeriveOptions } from './derive.ts'
import type { Fact } from './facts.ts'
import type { ExplainInput } from './input.ts'
import type { Lang } from './lang.ts'
import { tell, type Told } from './render.ts'
import { briefItems, tellBrief } from './brief.ts'
import { inWindow, type Level } from './select.ts'

export interface ExplainOptions extends DeriveOptions {
  readonly lang: Lang
  readonly level: Level
  readonly from?: Seconds
  readonly to?: Seconds
}

export interface Narration {
  readonly lang: Lang
  readonly level: Level
  readonly startEpochMs: number
  readonly timezone: string
  /** Every turning point of the run (before level and period were applied). */
  readonly all: readonly Fact[]
  readonly told: readonly Told[]
}

export function explain(input: ExplainInput, options: ExplainOptions): Narration {
  const all = deriveFacts(input, options)
  const window = { ...(options.from !== undefined ? { from: options.from } : {}), ...(options.to !== undefined ? { to: options.to } : {}) }
  const chosen = inWindow(all, window)
  return {
    lang: options.lang,
    level: options.level,
    startEpochMs: input.startEpochMs,
    timezone: input.timezone,
    all,
    told: options.level === 'brief' ? tellBrief(briefItems(chosen), options.lang, input) : tell(chosen, options.lang, input),
  }
}
