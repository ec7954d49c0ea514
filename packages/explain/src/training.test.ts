// The narration of the five BSI steps against their runs, in both languages: every fact checked
// against the Result it came from, and every date, size and percentage in every sentence parsed
// back out of the text and found among the run's own values. Nothing here is a figure of a
// particular run: the engine may change the runs, the narration must follow.

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { simulate, type Result } from '@snapsim/core'
import { loadScenarioFile, type LoadedScenario } from '@snapsim/scenario'
import { beforeAll, describe, expect, it } from 'vitest'
import { explain, type Narration } from './explain.ts'
import type { Fact } from './facts.ts'
import { formatWhen } from './format.ts'
import { jobInfo } from './input.ts'
import { LANGS, type Lang } from './lang.ts'
import { parseResultFile } from './result-file.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
// the five BSI steps and the solutions of the training exercises (docs/training.md)
const STEPS = [
  'bsi-g478/01-baseline',
  'bsi-g478/02-growth',
  'bsi-g478/03-aborted',
  'bsi-g478/04-mitigated',
  'bsi-g478/05-risk',
  'training/ex1-twice-a-week',
  'training/ex2-33tib-survives',
  'training/ex2-32tib-fills',
  'training/ex3-snapshot-hunter',
] as const
const UNIT: Readonly<Record<string, number>> = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, PiB: 2 ** 50 }

const ZONE = '(?:[A-Z]{3,5}|UTC[+\u2212]\\d{2}:\\d{2})'
const DATE: Readonly<Record<Lang, RegExp>> = {
  en: new RegExp(`\\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{1,2} [A-Z][a-z]{2,3} \\d{4}, \\d{2}:\\d{2} ${ZONE}`, 'g'),
  de: new RegExp(`\\b(?:Mo|Di|Mi|Do|Fr|Sa|So)\\., \\d{1,2}\\. [A-ZÄÖÜ][a-zäöü]{2,3}\\.? \\d{4}, \\d{2}:\\d{2} ${ZONE}`, 'g'),
}

/**
 * The sentences of a text as a reader counts them: the dates are taken out first (German writes
 * "Mo., 5. Jan."), then every full stop, question or exclamation mark (with a closing quote)
 * before a space or the end ends one.
 */
function sentenceCount(text: string, lang: Lang): number {
  return (text.replace(DATE[lang], 'DATE').match(/[.!?][“”"»]?(?=\s|$)/g) ?? []).length
}
const SIZE = /(\d[\d.,]*)\u00a0(B|KiB|MiB|GiB|TiB|PiB)\b/g
const PERCENT = /(\d+[.,]\d)\s?%/g

/** A number as the locale printed it. */
function number(text: string, lang: Lang): number {
  return Number(lang === 'de' ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, ''))
}

interface Step {
  readonly id: string
  readonly scenario: LoadedScenario
  readonly result: Result
  readonly narrations: Readonly<Record<Lang, Narration>>
  readonly briefs: Readonly<Record<Lang, Narration>>
}

/** Every instant the run recorded (and every window's end), as the narration would print it. */
function runTimes(s: Step, lang: Lang): Set<string> {
  const r = s.result
  const ts: number[] = [0]
  for (const b of r.backups) ts.push(b.firedAt, ...(b.start === null ? [] : [b.start]), ...(b.end === null ? [] : [b.end]))
  for (const x of r.snapshots) ts.push(x.takenAt, ...(x.removedAt === null ? [] : [x.removedAt]))
  for (const d of r.datastores) ts.push(d.peakUsedAt, ...d.alarms.map((a) => a.at), ...d.fullTimes)
  for (const v of r.vms) for (const st of v.states) ts.push(st.from)
  for (const e of r.log) ts.push(e.t)
  for (const j of s.scenario.model.jobs) {
    const window = j.window ?? (j.fires.length > 1 ? j.fires[1]! - j.fires[0]! : 0)
    for (const f of j.fires) ts.push(f + window)
  }
  return new Set(ts.map((t) => formatWhen(s.scenario.startEpochMs + t * 1000, lang, s.scenario.timezone)))
}

/** Every size the run recorded, with what a run's reading sums to. */
function runSizes(r: Result): number[] {
  const sizes = new Set<number>()
  // what the datastores hold together at the start (the brief setting of several)
  sizes.add(r.datastores.reduce((a, d) => a + d.capacity, 0))
  sizes.add(r.datastores.reduce((a, d) => a + d.usedAtStart, 0))
  for (const d of r.datastores) sizes.add(d.usedAtStart)
  for (const x of r.snapshots) sizes.add(x.maxBytes)
  for (const d of r.datastores) {
    sizes.add(d.capacity)
    sizes.add(d.peakUsed)
    for (const a of d.alarms) sizes.add(a.level)
  }
  const read = new Map<string, number>()
  for (const b of r.backups) read.set(`${b.job}|${b.run}`, (read.get(`${b.job}|${b.run}`) ?? 0) + b.bytesRead)
  for (const v of read.values()) sizes.add(v)
  // what the runs fired at one instant read together (the brief level tells jobs that start together as one)
  const atOnce = new Map<number, number>()
  for (const b of r.backups) atOnce.set(b.firedAt, (atOnce.get(b.firedAt) ?? 0) + b.bytesRead)
  for (const v of atOnce.values()) sizes.add(v)
  return [...sizes]
}

describe('the narration of the five BSI steps and the training solutions', () => {
  const steps: Step[] = []
  beforeAll(() => {
    const mitigated = loadScenarioFile(path.join(root, 'scenarios/bsi-g478/04-mitigated.yaml'))
    for (const id of STEPS) {
      const scenario = loadScenarioFile(path.join(root, `scenarios/${id}.yaml`))
      const result = simulate(scenario.model)
      const input = { result, name: scenario.name, startEpochMs: scenario.startEpochMs, timezone: scenario.timezone, jobs: jobInfo(scenario.model) }
      // the what-ifs for the step of the text's failure only (each is a run of its own)
      const compare = id === 'bsi-g478/02-growth' ? { compare: { model: scenario.model, mitigated: { name: mitigated.name, model: mitigated.model } } } : {}
      const narrations = Object.fromEntries(LANGS.map((lang) => [lang, explain(input, { lang, level: 'full', ...compare })])) as Record<Lang, Narration>
      const briefs = Object.fromEntries(LANGS.map((lang) => [lang, explain(input, { lang, level: 'brief', ...compare })])) as Record<Lang, Narration>
      steps.push({ id, scenario, result, narrations, briefs })
    }
  }, 120_000)

  it('derives each fact from the run', () => {
    for (const s of steps) {
      const r = s.result
      const facts = s.narrations.en.all
      const of = <K extends Fact['kind']>(k: K) => facts.filter((f): f is Extract<Fact, { kind: K }> => f.kind === k)
      // one schedule per job, at its first fire
      expect(of('schedule').map((f) => [f.job, f.t]), s.id).toEqual(s.scenario.model.jobs.map((j) => [j.id, j.fires[0]]))
      // one run fact per fire that took snapshots; its largest delta is the largest of its snapshots
      for (const f of of('run')) {
        const taken = r.backups.filter((b) => b.job === f.job && b.run === f.run && b.snapshot !== null)
        expect(f.snapshots).toBe(taken.length)
        expect(f.largest!.bytes).toBe(Math.max(...taken.map((b) => r.snapshots[b.snapshot!]!.maxBytes)))
      }
      expect(of('run').length, s.id).toBe(new Set(r.backups.filter((b) => b.snapshot !== null).map((b) => `${b.job}|${b.run}`)).size)
      // overlaps: one per overlapped fire, at the fire
      const overlapped = new Map(r.backups.filter((b) => b.overlapped).map((b) => [`${b.job}|${b.run}`, b.firedAt]))
      expect(new Map(of('overlap').map((f) => [`${f.job}|${f.run}`, f.t])), s.id).toEqual(overlapped)
      // alarms: the first crossing of each level, and how often it fired
      for (const f of of('alarm')) {
        const same = r.datastores.find((d) => d.id === f.datastore)!.alarms.filter((a) => a.name === f.name)
        expect([f.t, f.count]).toEqual([Math.min(...same.map((a) => a.at)), same.length])
      }
      // fills, stops, downtime, peaks
      expect(of('full').map((f) => [f.datastore, f.t]), s.id).toEqual(r.datastores.filter((d) => d.fullAt !== null).map((d) => [d.id, d.fullAt]))
      for (const f of of('stop')) {
        const on = r.vms.filter((v) => v.datastore === f.datastore && v.firstStopAt !== null)
        expect(f.t).toBe(Math.min(...on.map((v) => v.firstStopAt!)))
        expect(r.vms.find((v) => v.id === f.vm)!.states.some((x) => x.from === f.t && x.reason === f.reason)).toBe(true)
      }
      for (const f of of('downtime')) expect(f.seconds).toBe(r.vms.filter((v) => v.datastore === f.datastore).reduce((a, v) => a + v.downtime, 0))
      for (const f of of('end')) expect(f.peak).toBe(r.datastores.find((d) => d.id === f.datastore)!.peakUsed)
      expect(of('failure').length, s.id).toBe(r.backups.filter((b) => b.outcome === 'failed').length)
      // snapshots that could not be taken: the first per job, and how many in all
      const noSnap = r.backups.filter((b) => b.outcome === 'snapshot-failed')
      expect(of('snapshot-failed').map((f) => [f.job, f.count]).sort(), s.id).toEqual(
        [...new Set(noSnap.map((b) => b.job))].map((j) => [j, noSnap.filter((b) => b.job === j).length]).sort(),
      )
      expect(of('orphan').map((f) => f.bytes).sort(), s.id).toEqual(r.snapshots.filter((x) => x.orphaned).map((x) => x.maxBytes).sort())
      // each datastore as it starts; each job's runs summed up
      expect(of('setting').map((f) => [f.datastore, f.capacity, f.used, f.vms]), s.id).toEqual(
        r.datastores.map((d) => [d.id, d.capacity, d.usedAtStart, r.vms.filter((v) => v.datastore === d.id).length]),
      )
      for (const f of of('runs')) {
        const job = s.scenario.model.jobs.find((j) => j.id === f.job)!
        expect(f.runs, s.id).toBe(job.fires.filter((t) => t <= r.horizon).length)
        expect(f.missed, s.id).toBe(new Set(r.backups.filter((b) => b.job === f.job && b.missedWindow).map((b) => b.run)).size)
      }
      // every turning point lies within the run, in calendar order
      expect(facts.every((f, i) => f.t >= 0 && f.t <= r.horizon && (i === 0 || facts[i - 1]!.t <= f.t)), s.id).toBe(true)
    }
  }, 120_000)

  it('puts only the run’s own dates, sizes and percentages into the sentences, in both languages', () => {
    let dates = 0
    let sizes = 0
    for (const s of steps) {
      const allSizes = runSizes(s.result)
      const all = (k: 'capacity' | 'usedAtStart') => s.result.datastores.reduce((a, d) => a + d[k], 0)
      for (const lang of LANGS) {
        const times = runTimes(s, lang)
        for (const told of [...s.narrations[lang].told, ...s.briefs[lang].told]) {
          const extra = told.fact.kind === 'mitigation' ? [told.fact.before.peakFraction, told.fact.after.peakFraction] : []
          const fractions = [
            ...s.result.datastores.flatMap((d) => [d.peakUsed / d.capacity, d.usedAtStart / d.capacity, ...d.alarms.map((a) => a.level / d.capacity)]),
            all('usedAtStart') / all('capacity'),
            ...extra,
          ]
          for (const sentence of told.sentences) {
            for (const m of sentence.matchAll(DATE[lang])) {
              expect(times.has(m[0]), `${s.id} ${lang}: ${m[0]} in “${sentence}”`).toBe(true)
              dates++
            }
            for (const m of sentence.matchAll(SIZE)) {
              const shown = number(m[1]!, lang)
              const decimals = (m[1]!.split(lang === 'de' ? ',' : '.')[1] ?? '').length
              const unit = UNIT[m[2]!]!
              const tolerance = (0.5 * 10 ** -decimals + 1e-9) * unit
              expect(
                allSizes.some((b) => Math.abs(b - shown * unit) <= tolerance),
                `${s.id} ${lang}: ${m[0]} in “${sentence}”`,
              ).toBe(true)
              sizes++
            }
            for (const m of sentence.matchAll(PERCENT)) {
              const shown = number(m[1]!, lang) / 100
              expect(fractions.some((f) => Math.abs(f - shown) <= 0.0005 + 1e-9), `${s.id} ${lang}: ${m[0]} in “${sentence}”`).toBe(true)
            }
            // a sentence that opens with its day names the day of the fact's time
            const day = /^(?:Day|Tag) (\d+)\b/.exec(sentence)
            if (day) expect(Number(day[1]), sentence).toBe(Math.floor(told.fact.t / 86400) + 1)
          }
        }
      }
    }
    // the checks above saw real figures, not an empty narration
    expect(dates).toBeGreaterThan(100)
    expect(sizes).toBeGreaterThan(50)
  }, 120_000)

  it('tells the same turning points in both languages, and quotes G 4.78 in German where the run reproduces it', () => {
    for (const s of steps) {
      const [de, en] = [s.narrations.de, s.narrations.en]
      expect(de.told.map((x) => x.fact)).toEqual(en.told.map((x) => x.fact))
      expect(de.told.map((x) => x.sentences.length)).toEqual(en.told.map((x) => x.sentences.length))
      const text = de.told.flatMap((x) => x.sentences).join(' ')
      if (s.result.backups.some((b) => b.overlapped && b.chainDepth >= 2)) expect(text, s.id).toContain('dass ein neuer Datensicherungsprozess ausgelöst wird, bevor der vorherige abgeschlossen ist')
      if (s.result.snapshots.some((x) => x.orphaned)) expect(text, s.id).toContain('Möglicherweise bleibt sie dauerhaft bestehen')
      if (s.result.vms.some((v) => v.firstStopAt !== null)) expect(text, s.id).toMatch(/verweigert der Virtualisierungsserver|Ausfall aller virtuellen IT-Systeme/)
    }
  }, 120_000)

  it('sums up each BSI step in 8 to 14 sentences in both languages, every fact of the full level', () => {
    const counts: string[] = []
    for (const s of steps) {
      const input = { result: s.result, name: s.scenario.name, startEpochMs: s.scenario.startEpochMs, timezone: s.scenario.timezone, jobs: jobInfo(s.scenario.model) }
      for (const lang of LANGS) {
        // the plain brief, and for step 2 also the brief with the what-if (the training's command)
        const briefs = [explain(input, { lang, level: 'brief' }), ...(s.id === 'bsi-g478/02-growth' ? [s.briefs[lang]] : [])]
        for (const brief of briefs) {
          const text = brief.told.flatMap((x) => x.sentences).join(' ')
          const n = sentenceCount(text, lang)
          counts.push(`${s.id} ${lang}: ${n}`)
          // every message of the brief level is one sentence, so the count is the messages'
          for (const x of brief.told) for (const sentence of x.sentences) expect(sentenceCount(sentence, lang), sentence).toBe(1)
          if (s.id.startsWith('bsi-g478/')) {
            expect(n, `${s.id} ${lang}: ${text}`).toBeGreaterThanOrEqual(8)
            expect(n, `${s.id} ${lang}: ${text}`).toBeLessThanOrEqual(14)
          }
          for (const x of brief.told) for (const f of [x.fact, ...(x.merged ?? [])]) expect(s.narrations[lang].all).toContainEqual(f)
        }
      }
      // the same summary in both languages
      expect(s.briefs.de.told.map((x) => [x.fact, x.sentences.length])).toEqual(s.briefs.en.told.map((x) => [x.fact, x.sentences.length]))
    }
    expect(counts.length).toBe(2 * (STEPS.length + 1))
  }, 120_000)

  it('merges what follows: every missed window, overlap, failure and orphan of the run is counted in a brief sentence', () => {
    for (const s of steps) {
      const told = s.briefs.en.told
      const covered = new Set(told.flatMap((x) => [x.fact, ...(x.merged ?? [])]).map((f) => JSON.stringify(f)))
      for (const kind of ['overlap', 'failure', 'orphan', 'setting', 'runs'] as const) {
        for (const f of s.narrations.en.all.filter((x) => x.kind === kind)) expect(covered.has(JSON.stringify(f)), `${s.id}: ${kind} at ${f.t}`).toBe(true)
      }
      expect(told.filter((x) => x.sentences.some((y) => y.startsWith('G 4.78'))).length, s.id).toBeLessThanOrEqual(2)
    }
  }, 120_000)

  it('shows the German narration of step 2 in docs/training.md as the tool tells it today', () => {
    // the block after the command `explain 02-growth.yaml --lang de --compare 04-mitigated.yaml`;
    // `snapsim explain` prints the turning points one paragraph each
    const doc = readFileSync(path.join(root, 'docs/training.md'), 'utf8')
    const from = doc.indexOf('pnpm snapsim explain scenarios/bsi-g478/02-growth.yaml --lang de --compare scenarios/bsi-g478/04-mitigated.yaml\n```')
    expect(from).toBeGreaterThan(0)
    const block = /```text\n([\s\S]*?)\n```/.exec(doc.slice(from))![1]
    const step2 = steps.find((x) => x.id === 'bsi-g478/02-growth')!
    expect(block).toBe(step2.briefs.de.told.map((x) => x.sentences.join(' ')).join('\n\n'))
  })

  it('counts sentences as a reader does, dates with their abbreviations taken out', () => {
    expect(sentenceCount('Tag 1, Mo., 5. Jan. 2026, 20:00 MEZ: Es beginnt. Dann endet es am Di., 6. Jan. 2026, 04:32 MEZ.', 'de')).toBe(2)
    expect(sentenceCount('G 4.78: „Möglicherweise bleibt sie dauerhaft bestehen.“ Danach 1.000 GiB.', 'de')).toBe(2)
    expect(sentenceCount('Day 1, Mon, 5 Jan 2026, 14:00 UTC−05:00: it starts; it ends.', 'en')).toBe(1)
  })

  it('tells the same story from the run’s result.json as from the scenario file (model-only facts aside)', () => {
    for (const s of steps.slice(1, 3)) {
      const saved = { scenario: { name: s.scenario.name, file: s.scenario.file, timezone: s.scenario.timezone, startEpochMs: s.scenario.startEpochMs, seed: s.scenario.seed }, alarms: {}, summaryLines: [], result: s.result }
      const fromFile = explain(parseResultFile(JSON.stringify(saved), 'result.json'), { lang: 'en', level: 'full' })
      // without the model a result file knows no window (no due time, none a schedule names), and
      // a job's overlap policy only from a fire that overlapped
      const seen = (job: string) => s.result.backups.some((b) => b.job === job && b.overlapped)
      const others = (n: Narration) =>
        n.all
          .filter((f) => f.kind !== 'mitigation' && f.kind !== 'window' && f.kind !== 'runs')
          .map((f) => (f.kind === 'schedule' ? { ...f, window: null, overlap: seen(f.job) ? f.overlap : null } : f))
      // a runs fact's time and first miss are its window's (without the window: when the run ended)
      const runs = (n: Narration) => n.all.flatMap((f) => (f.kind === 'runs' ? [[f.job, f.runs, f.missed, f.longest, f.firstMissed?.run, f.firstMissed?.end]] : []))
      const late = (n: Narration) => n.all.flatMap((f) => (f.kind === 'window' ? [`${f.job}|${f.run}|${f.end}`] : [])).sort()
      expect(others(fromFile), s.id).toEqual(others(s.narrations.en))
      expect(late(fromFile), s.id).toEqual(late(s.narrations.en))
      expect(runs(fromFile), s.id).toEqual(runs(s.narrations.en))
    }
  }, 120_000)
})
