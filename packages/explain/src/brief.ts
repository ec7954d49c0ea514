// The brief level: the run summed up in about a dozen sentences, one per turning point. Facts of
// the same kind that follow each other are merged into one sentence that says how often it
// happened (the first missed window and how many runs missed theirs; the first overlap, how many
// followed and the deepest chain they built; the first failure with the snapshot it orphaned),
// and facts at the same instant into one (the jobs that start together, a datastore that fills
// in the second its VMs stop). At most two G 4.78 quotes follow, the ones of the turning points
// the text is about (the failure, then the overlap, the orphan, the delta).
//
// Every sentence's representative fact (`Told.fact`) is a fact of the full level; the facts it
// sums up besides are in `Told.merged`.

import type { MessageKey } from './catalogue.ts'
import type { BsiPassage, ChainFact, Fact, FailureFact, FullFact, MitigationFact, OrphanFact, OverlapFact, RunFact, RunsFact, ScheduleFact, SettingFact } from './facts.ts'
import type { Lang } from './lang.ts'
import { speaker, type Values } from './messages.ts'
import { formatting, runsValues, settingValues, tell, yes, type Calendar, type Told } from './render.ts'
import { tellsRecovery } from './mitigation.ts'
import { ruleOf } from './rules.ts'

/** One brief sentence: its representative fact (the earliest) and the facts it sums up besides. */
export interface BriefItem {
  readonly fact: Fact
  readonly merged: readonly Fact[]
}

/** The quotes a brief narration keeps, most important first. */
const QUOTE_ORDER: readonly BsiPassage[] = ['allFailed', 'refused', 'overlap', 'orphan', 'delta']
export const BRIEF_QUOTES = 2

function byKind<K extends Fact['kind']>(facts: readonly Fact[], kind: K): Extract<Fact, { kind: K }>[] {
  return facts.filter((f): f is Extract<Fact, { kind: K }> => f.kind === kind)
}

/** Groups of facts at the same instant, in order. */
function sameInstant<F extends Fact>(facts: readonly F[]): F[][] {
  const groups: F[][] = []
  for (const f of facts) {
    const last = groups[groups.length - 1]
    if (last !== undefined && last[0]!.t === f.t) last.push(f)
    else groups.push([f])
  }
  return groups
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

/** The brief level's sentences as facts: which are told, and which each one sums up. */
export function briefItems(facts: readonly Fact[]): BriefItem[] {
  const items: BriefItem[] = []
  const add = (group: readonly Fact[]) => {
    if (group.length > 0) items.push({ fact: group[0]!, merged: group.slice(1) })
  }
  add(byKind(facts, 'setting'))
  for (const g of sameInstant(byKind(facts, 'schedule'))) add(g)
  for (const g of sameInstant(byKind(facts, 'run').filter((f) => f.first))) add(g)
  add(byKind(facts, 'runs'))
  // overlaps per job; the deepest chain goes with the first job's overlaps when they stacked
  // snapshots before it, else it is told alone when deeper than 2 (a chain of two is an orphan or
  // a single stacked snapshot, which its own sentence already tells)
  const chain = byKind(facts, 'chain')[0]
  const overlaps = byKind(facts, 'overlap')
  const jobs = [...new Set(overlaps.map((f) => f.job))]
  const stacked = chain !== undefined && overlaps.some((f) => f.policy === 'start' && f.stacked > 0 && f.t <= chain.t)
  jobs.forEach((job, i) => add([...overlaps.filter((f) => f.job === job), ...(i === 0 && stacked ? [chain] : [])]))
  if (chain && !stacked && chain.depth > 2) add([chain])
  for (const f of firstBy(byKind(facts, 'alarm'), (x) => x.datastore)) add([f])
  // the first failure with every other failure and every snapshot they orphaned (the first
  // failure's own orphan first, if it left one); orphans without a failure told are told alone
  const failures = byKind(facts, 'failure')
  const orphans = byKind(facts, 'orphan')
  const first = failures[0]
  if (first) {
    const own = orphans.filter((o) => o.vm === first.vm && o.t === first.t)
    add([...failures, ...own, ...orphans.filter((o) => !own.includes(o))])
  } else if (orphans.length > 0) add([orphans[0]!])
  for (const f of firstBy(byKind(facts, 'snapshot-failed'), (x) => x.job)) add([f])
  for (const f of firstBy(byKind(facts, 'safeguard'), (x) => x.safeguard)) add([f])
  // a datastore that fills in the second its VMs stop: one sentence
  const stops = byKind(facts, 'stop')
  for (const full of byKind(facts, 'full')) if (!stops.some((s) => s.datastore === full.datastore && s.t === full.t)) add([full])
  for (const stop of stops) add([stop, ...byKind(facts, 'full').filter((f) => f.datastore === stop.datastore && f.t === stop.t)])
  // the recovery point goes with the what-if when that sentence compares recovery points
  const what = cheapestMitigation(byKind(facts, 'mitigation'))[0]
  const recovery = byKind(facts, 'recovery')
  const inWhatIf = what !== undefined && tellsRecovery(what)
  for (const kind of ['downtime', 'end'] as const) for (const f of byKind(facts, kind)) add([f])
  if (!inWhatIf) for (const f of recovery) add([f])
  if (what) add([what, ...(inWhatIf ? recovery : [])])
  const order = new Map(facts.map((f, i) => [f, i]))
  return items.sort((a, b) => order.get(a.fact)! - order.get(b.fact)!)
}

/**
 * Of the policies that prevent the stops alone, the one that costs the least recovery point
 * (then the lowest peak); else all of them together.
 */
function cheapestMitigation(what: readonly MitigationFact[]): MitigationFact[] {
  const preventing = what
    .filter((m) => m.alone && m.after.vmsStopped === 0)
    .sort((a, b) => (a.after.worstRecoveryAge ?? 0) - (b.after.worstRecoveryAge ?? 0) || a.after.peakFraction - b.after.peakFraction)
  return preventing.length > 0 ? preventing.slice(0, 1) : what.filter((m) => !m.alone).slice(0, 1)
}

/** The G 4.78 passage an item reproduces (a failure's is its orphan's). */
function passageOf(item: BriefItem): BsiPassage | undefined {
  return item.fact.bsi ?? item.merged.find((f) => f.kind === 'orphan')?.bsi
}

/** The items whose quote is kept: at most BRIEF_QUOTES, the most important passages, each once. */
function quoted(items: readonly BriefItem[]): Set<BriefItem> {
  const keep = new Set<BriefItem>()
  const seen = new Set<BsiPassage>()
  for (const p of QUOTE_ORDER) {
    const item = items.find((i) => passageOf(i) === p)
    if (item === undefined || seen.has(p) || keep.size >= BRIEF_QUOTES) continue
    keep.add(item)
    seen.add(p)
  }
  return keep
}

/** The brief narration: one sentence per item (two for the first run: its start and its end), quotes after. */
export function tellBrief(items: readonly BriefItem[], lang: Lang, cal: Calendar): Told[] {
  const s = speaker(lang, cal.timezone)
  const quotes = quoted(items)
  return items.map((item) => {
    const f = item.fact
    const fmt = formatting(f, s, cal)
    const { at, size, dur, say } = fmt
    const all = [f, ...item.merged]
    const out: string[] = []
    const one = (key: MessageKey, v: Values) => out.push(say(key, v))
    switch (f.kind) {
      case 'setting':
        one('setting', settingValues(all as SettingFact[], fmt))
        break
      case 'schedule': {
        const group = all as ScheduleFact[]
        one('brief.schedule', { count: group.length, job: f.job, jobs: group.map((x) => x.job).join(', '), vms: group.reduce((a, x) => a + x.vms, 0), fires: group.reduce((a, x) => a + x.fires, 0) })
        break
      }
      case 'run': {
        const group = all as RunFact[]
        const largest = group.map((x) => x.largest).reduce((a, x) => (x !== null && (a === null || x.bytes > a.bytes) ? x : a), null)
        one('brief.run', { count: group.length, run: f.run + 1, job: f.job, snapshots: group.reduce((a, x) => a + x.snapshots, 0), vm: largest?.vm ?? '', bytes: size(largest?.bytes ?? 0), lived: dur(largest?.lived ?? 0) })
        const ended = group.every((x) => x.end !== null)
        const end = ended ? Math.max(...group.map((x) => x.end!)) : f.t
        one('brief.runEnd', { count: group.length, ended: yes(ended), end: at(end), duration: dur(end - f.t), read: size(group.reduce((a, x) => a + x.bytesRead, 0)) })
        break
      }
      case 'runs':
        one('runs', runsValues(all as RunsFact[], fmt))
        break
      case 'overlap': {
        const group = all.filter((x): x is OverlapFact => x.kind === 'overlap')
        const chain = all.find((x): x is ChainFact => x.kind === 'chain')
        const last = group[group.length - 1]!
        one('brief.overlaps', {
          run: f.run + 1,
          job: f.job,
          policy: f.policy ?? 'unknown',
          stacked: f.stacked,
          count: group.length,
          lastDay: Math.floor(last.t / 86400) + 1,
          skipped: group.reduce((a, x) => a + x.skipped, 0),
          chain: yes(chain !== undefined),
          vm: chain?.vm ?? '',
          depth: chain?.depth ?? 0,
          chainAt: at(chain?.t ?? f.t),
        })
        break
      }
      case 'failure': {
        const failures = all.filter((x): x is FailureFact => x.kind === 'failure')
        const orphans = all.filter((x): x is OrphanFact => x.kind === 'orphan')
        const own = orphans.find((o) => o.vm === f.vm && o.t === f.t)
        const largest = orphans.reduce<OrphanFact | undefined>((a, o) => (a === undefined || o.bytes > a.bytes ? o : a), undefined)
        one('brief.failure', {
          vm: f.vm,
          job: f.job,
          run: f.run + 1,
          orphaned: yes(own !== undefined),
          bytes: size(own?.bytes ?? 0),
          removed: yes(own?.removedAt != null),
          removedAt: at(own?.removedAt ?? f.t),
          count: failures.length,
          orphans: orphans.length,
          largest: yes(own === undefined && largest !== undefined),
          orphanVm: largest?.vm ?? '',
          orphanBytes: size(largest?.bytes ?? 0),
        })
        break
      }
      case 'stop': {
        const full = all.find((x): x is FullFact => x.kind === 'full')
        one('brief.stop', { full: yes(full !== undefined), ds: f.datastore, together: f.together, vm: f.vm, platform: ruleOf(f.platform), reason: f.reason })
        break
      }
      case 'downtime':
        one('brief.downtime', { vms: f.vms, onDs: f.onDatastore, ds: f.datastore, total: dur(f.seconds), longestVm: f.longestVm, longest: dur(f.longestSeconds), still: f.stillStopped, crashed: f.crashed })
        break
      default: {
        // one sentence already at the full level (chain, alarm, orphan, snapshot-failed,
        // safeguard, full, recovery, mitigation, end): told as there, without its quote
        const told = tell([f], lang, cal)[0]!.sentences
        out.push(...(f.bsi === undefined ? told : told.slice(0, -1)))
      }
    }
    const passage = passageOf(item)
    if (passage !== undefined && quotes.has(item)) out.push(say(`bsi.${passage}`))
    return { fact: f, sentences: out, ...(item.merged.length > 0 ? { merged: item.merged } : {}) }
  })
}
