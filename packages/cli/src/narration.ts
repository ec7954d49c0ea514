// The report's narration (its first section) from a run: @snapsim/explain tells the brief
// story in the chosen language; @snapsim/charts lays it out and links it to the charts.

import type { Narration } from '@snapsim/charts'
import { explain, speaker, type ExplainInput, type Lang } from '@snapsim/explain'

export function reportNarration(input: ExplainInput, lang: Lang): Narration {
  const n = explain(input, { lang, level: 'brief' })
  const say = speaker(lang, input.timezone)
  return {
    lang,
    heading: say.say('report.heading'),
    hint: say.say('report.hint'),
    items: n.told.map((x) => ({ t: x.fact.t, label: say.say('report.day', { day: Math.floor(x.fact.t / 86400) + 1 }), sentences: x.sentences })),
  }
}
