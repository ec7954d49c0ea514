// A Monte Carlo run or a sweep told: its facts (risk-facts.ts) as sentences from the catalogue,
// one sentence each, in German or English. Shares are formatted by the messages
// (`::percent .0`), instants in the scenario's zone, durations in words.

import type { RiskSummary, SweepSummary } from '@snapsim/risk'
import type { MessageKey } from './catalogue.ts'
import { formatDuration } from './duration.ts'
import type { Lang } from './lang.ts'
import { speaker, type Values } from './messages.ts'
import { riskFacts, type RiskFact } from './risk-facts.ts'

export interface RiskNarration {
  readonly lang: Lang
  readonly heading: string
  readonly facts: readonly RiskFact[]
  /** One sentence per fact, in the same order. */
  readonly sentences: readonly string[]
}

const yes = (b: boolean) => (b ? 'yes' : 'no')
const day = (t: number) => Math.floor(t / 86400) + 1

export function explainRisk(risk: RiskSummary, lang: Lang, sweep?: SweepSummary): RiskNarration {
  const s = speaker(lang, risk.timezone)
  const at = (t: number) => risk.startEpochMs + t * 1000
  const dur = (t: number) => formatDuration(t, s)
  const facts = riskFacts(risk, sweep)
  const sentence = (f: RiskFact): string => {
    const say = (key: MessageKey, v: Values) => s.say(key, v)
    switch (f.kind) {
      case 'risk.fill':
        return say('risk.fill', {
          filled: f.filled,
          replications: f.replications,
          share: f.replications === 0 ? 0 : f.filled / f.replications,
          low: f.low,
          high: f.high,
          days: Math.round((f.horizon / 86400) * 10) / 10,
          scope: f.point === null ? 'none' : 'point',
          point: f.point?.index ?? 0,
          values: f.point?.values ?? '',
        })
      case 'risk.datastore':
        return say('risk.datastore', { first: yes(f.first), ds: f.datastore, filled: f.filled, trials: f.trials, medianDay: day(f.median), median: at(f.median), minDay: day(f.min), maxDay: day(f.max) })
      case 'risk.more':
        return say('risk.more', { more: f.datastores })
      case 'risk.peak':
        return say('risk.peak', { ds: f.datastore, median: f.median, max: f.max })
      case 'risk.downtime':
        return say('risk.downtime', { vms: f.meanVms, maxVms: f.maxVms, downtime: dur(f.meanSeconds) })
      case 'risk.worst':
        return say('risk.worst', { replication: f.replication, full: yes(f.firstFullAt !== null), at: at(f.firstFullAt ?? 0), downtime: dur(f.downtime) })
      case 'sweep.grid':
        return say('sweep.grid', { points: f.points, parameters: f.parameters.join(', '), replications: f.replications })
      case 'sweep.driver':
        return say('sweep.driver', { path: f.path, lowP: f.low.p, lowValue: f.low.value, highP: f.high.p, highValue: f.high.value, others: yes(f.others) })
      case 'sweep.flat':
        return say('sweep.flat', { path: f.path, pp: f.effect * 100 })
      case 'sweep.target':
        return say('sweep.target', { found: yes(f.cheapest !== null), target: f.target, point: f.cheapest?.index ?? 0, values: f.cheapest?.values ?? '' })
    }
  }
  return { lang, heading: s.say('risk.heading'), facts, sentences: facts.map(sentence) }
}
