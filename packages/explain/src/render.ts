// Facts into sentences: each fact chooses its messages and hands them its values; sizes and
// durations are formatted per locale first, times go in as instants and are formatted by the
// message's `{x, date, when}` in the scenario's zone. The G 4.78 quote of a fact follows it.

import type { Seconds } from '@snapsim/core'
import type { MessageKey } from './catalogue.ts'
import { formatDuration } from './duration.ts'
import type { Fact, RunsFact, SettingFact } from './facts.ts'
import { formatSize } from './format.ts'
import type { Lang } from './lang.ts'
import { speaker, type Speaker, type Values } from './messages.ts'
import { ruleOf } from './rules.ts'
import { tellsRecovery } from './mitigation.ts'

/** A turning point told: its fact and its sentences (one or more, the quote last). */
export interface Told {
  readonly fact: Fact
  readonly sentences: readonly string[]
  /** Brief level: the further facts of the same kind this sentence sums up with `fact`. */
  readonly merged?: readonly Fact[]
}

export interface Calendar {
  readonly startEpochMs: number
  readonly timezone: string
}

export const yes = (b: boolean) => (b ? 'yes' : 'no')

/** How a fact's values are formatted: instants for `{x, date, when}`, sizes and durations as text. */
export interface Formatting {
  readonly say: (key: MessageKey, v?: Values) => string
  readonly at: (t: Seconds) => number
  readonly size: (b: number) => string
  readonly dur: (s: Seconds) => string
}

/** The formatting of one fact's sentences: `{day}` and `{at}` are the fact's. */
export function formatting(f: Fact, s: Speaker, cal: Calendar): Formatting {
  const at = (t: Seconds) => cal.startEpochMs + t * 1000
  const base: Values = { at: at(f.t), day: Math.floor(f.t / 86400) + 1 }
  return { say: (key, v = {}) => s.say(key, { ...base, ...v }), at, size: (b) => formatSize(b, s.lang), dur: (sec) => formatDuration(sec, s) }
}

/** The values of the `setting` message for one datastore or several together. */
export function settingValues(facts: readonly SettingFact[], fmt: Formatting): Values {
  const capacity = facts.reduce((a, f) => a + f.capacity, 0)
  const used = facts.reduce((a, f) => a + f.used, 0)
  return { count: facts.length, ds: facts[0]!.datastore, ids: facts.map((f) => f.datastore).join(', '), capacity: fmt.size(capacity), used: fmt.size(used), fraction: used / capacity, vms: facts.reduce((a, f) => a + f.vms, 0) }
}

/** The values of the `runs` message for one job or several together (the first missed window of all). */
export function runsValues(facts: readonly RunsFact[], fmt: Formatting): Values {
  const missedBy = facts.filter((f) => f.firstMissed !== null).sort((a, b) => a.t - b.t)[0]
  const longest = facts.reduce<number | null>((a, f) => (f.longest === null ? a : Math.max(a ?? 0, f.longest.seconds)), null)
  const first = missedBy?.firstMissed ?? null
  return {
    count: facts.length,
    job: (missedBy ?? facts[0]!).job,
    runs: facts.reduce((a, f) => a + f.runs, 0),
    missed: facts.reduce((a, f) => a + f.missed, 0),
    timed: yes(longest !== null),
    longest: fmt.dur(longest ?? 0),
    run: (first?.run ?? 0) + 1,
    due: yes(first?.due != null),
    dueAt: fmt.at(first?.due ?? 0),
    ended: yes(first?.end != null),
    end: fmt.at(first?.end ?? 0),
  }
}

/** Every fact in full, each with its own sentences. */
export function tell(facts: readonly Fact[], lang: Lang, calendar: Calendar): Told[] {
  const s = speaker(lang, calendar.timezone)
  return facts.map((fact) => ({ fact, sentences: sentences(fact, s, calendar) }))
}

function sentences(f: Fact, s: Speaker, cal: Calendar): string[] {
  const fmt = formatting(f, s, cal)
  const { at, size, dur, say } = fmt
  const out: string[] = []
  switch (f.kind) {
    case 'setting':
      out.push(say('setting', settingValues([f], fmt)))
      break
    case 'runs':
      out.push(say('runs', runsValues([f], fmt)))
      break
    case 'schedule':
      out.push(say('schedule.start', { job: f.job, vms: f.vms, fires: f.fires }))
      if (f.window !== null) out.push(say('schedule.window', { window: dur(f.window) }))
      if (f.overlap !== null) out.push(say('schedule.overlap', { policy: f.overlap }))
      break
    case 'run': {
      const largest = f.largest
      const v: Values = { run: f.run + 1, job: f.job, snapshots: f.snapshots, vm: largest?.vm ?? '', bytes: size(largest?.bytes ?? 0), lived: dur(largest?.lived ?? 0) }
      const ended = f.end !== null
      const end: Values = { end: at(f.end ?? f.t), duration: dur((f.end ?? f.t) - f.t), read: size(f.bytesRead), ended: yes(ended) }
      if (f.first) {
        out.push(say('run.first', v))
        out.push(say(ended ? 'run.end' : 'run.unfinished', end))
      } else out.push(say('run.later', { ...v, ...end }))
      break
    }
    case 'window':
      out.push(
        f.due === null
          ? say('window.late', { run: f.run + 1, job: f.job, ended: yes(f.end !== null), end: at(f.end ?? f.t) })
          : say('window.missed', { run: f.run + 1, job: f.job, first: yes(f.first), due: at(f.due), ended: yes(f.end !== null), end: at(f.end ?? f.t) }),
      )
      break
    case 'overlap': {
      const key: MessageKey = f.policy === null ? 'overlap.unknown' : `overlap.${f.policy}`
      out.push(say(key, { run: f.run + 1, job: f.job, first: yes(f.first), stacked: f.stacked, depth: f.depth, skipped: f.skipped }))
      break
    }
    case 'chain':
      out.push(say('chain', { vm: f.vm, depth: f.depth }))
      break
    case 'alarm':
      out.push(say('alarm', { ds: f.datastore, name: f.name, level: size(f.level), fraction: f.level / f.capacity, capacity: size(f.capacity), count: f.count }))
      break
    case 'failure':
      out.push(say('failure', { vm: f.vm, job: f.job, run: f.run + 1, orphaned: yes(f.orphaned) }))
      break
    case 'snapshot-failed':
      out.push(say('snapshot-failed', { vm: f.vm, job: f.job, cause: f.cause, count: f.count }))
      break
    case 'orphan':
      out.push(say('orphan', { vm: f.vm, taken: at(f.takenAt), bytes: size(f.bytes), removed: yes(f.removedAt !== null), removedAt: at(f.removedAt ?? f.t) }))
      break
    case 'safeguard':
      out.push(say(`safeguard.${f.safeguard}`, { vm: f.vm ?? '', ds: f.datastore ?? '', count: f.count }))
      break
    case 'full':
      out.push(say('full', { ds: f.datastore, capacity: size(f.capacity), times: f.times }))
      break
    case 'stop':
      out.push(say('stop', { vm: f.vm, ds: f.datastore, together: f.together, reason: f.reason }))
      out.push(say('rule', { platform: ruleOf(f.platform) }))
      break
    case 'downtime':
      out.push(
        say('downtime', { vms: f.vms, onDs: f.onDatastore, ds: f.datastore, total: dur(f.seconds), longestVm: f.longestVm, longest: dur(f.longestSeconds), still: f.stillStopped, crashed: f.crashed }),
      )
      break
    case 'recovery':
      out.push(say('recovery', { vm: f.vm, age: dur(f.age) }))
      break
    case 'mitigation': {
      const a = f.after
      const b = f.before
      const common: Values = { alone: yes(f.alone), policy: f.policy, scenario: f.scenario, before: b.vmsStopped, afterPeak: a.peakFraction, beforePeak: b.peakFraction }
      if (a.vmsStopped === 0) {
        out.push(say('mitigation.prevents', { ...common, skipped: a.skipped, rpo: yes(tellsRecovery(f)), afterRpo: dur(a.worstRecoveryAge ?? 0), beforeRpo: dur(b.worstRecoveryAge ?? 0) }))
      } else {
        const later = a.firstStopAt !== null && b.firstStopAt !== null && a.firstStopAt > b.firstStopAt
        out.push(say('mitigation.fails', { ...common, after: a.vmsStopped, later: yes(later), firstStop: at(a.firstStopAt ?? f.t) }))
      }
      break
    }
    case 'end':
      out.push(say('end', { ds: f.datastore, peak: size(f.peak), fraction: f.peak / f.capacity, capacity: size(f.capacity) }))
      break
  }
  if (f.bsi !== undefined) out.push(say(`bsi.${f.bsi}`))
  return out
}
