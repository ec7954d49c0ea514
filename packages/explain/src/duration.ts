// A duration in words in either language ("2 days 5 h", "2 Tage 5 Std."), rounded to the minute
// (to the second below a minute), from the catalogue's duration messages.

import type { Seconds } from '@snapsim/core'
import type { Speaker } from './messages.ts'

export function formatDuration(seconds: Seconds, say: Speaker): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return say.say('duration.seconds', { s })
  const m = Math.round(s / 60)
  if (m < 60) return say.say('duration.minutes', { m })
  if (m < 1440) return say.say('duration.hours', { h: Math.floor(m / 60), m: m % 60 })
  const h = Math.round(s / 3600)
  return say.say('duration.days', { d: Math.floor(h / 24), h: h % 24 })
}
