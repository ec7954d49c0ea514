// The narration of the five BSI steps against their runs, in both languages: every fact checked
// against the Result it came from, and every date, size and percentage in every sentence parsed
// back out of the text and found among the run's own values. Nothing here is a figure of a
// particular run: the engine may change the runs, the narration must follow.

import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { simulate, type Result } from '@snapsim/core'
import { loadScenarioFile, type LoadedScenario } from '@snapsim/scenario'
import { beforeAll, describe, expect, it } from 'vitest'
import { explain, type Narration } from './explain.ts'
import type { Fact } from './facts.ts'
import { whenFormat } from './format.ts'
import { jobInfo } from './input.ts'
import { LANGS, LOCALES, type Lang } from './lang.ts'
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

const DATE: Readonly<Record<Lang, RegExp>> = {
  en: /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2} (?:[A-Z]{3,5}|GMT[+-]\d{1,2})/g,
  de: /\b(?:Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.? \d{4}, \d{2}:\d{2} (?:[A-Z]{3,5}|GMT[+-]\d{1,2})/g,
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
  const fmt = new Intl.DateTimeFormat(LOCALES[lang], whenFormat(s.scenario.timezone))
  return new Set(ts.map((t) => fmt.format(new Date(s.scenario.startEpochMs + t * 1000))))
}

/** Every size the run recorded, with what a run's reading sums to. */
function runSizes(r: Result): number[] {
  const sizes = new Set<number>()
  for (const x of r.snapshots) sizes.add(x.maxBytes)
  for (const d of r.datastores) {
    sizes.add(d.capacity)
    sizes.add(d.peakUsed)
    for (const a of d.alarms) sizes.add(a.level)
  }
  const read = new Map<string, number>()
  for (const b of r.backups) read.set(`${b.job}|${b.run}`, (read.get(`${b.job}|${b.run}`) ?? 0) + b.bytesRead)
  for (const v of read.values()) sizes.add(v)
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
      steps.push({ id, scenario, result, narrations })
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
      // every turning point lies within the run, in calendar order
      expect(facts.every((f, i) => f.t >= 0 && f.t <= r.horizon && (i === 0 || facts[i - 1]!.t <= f.t)), s.id).toBe(true)
    }
  }, 120_000)

  it('puts only the run’s own dates, sizes and percentages into the sentences, in both languages', () => {
    let dates = 0
    let sizes = 0
    for (const s of steps) {
      const allSizes = runSizes(s.result)
      for (const lang of LANGS) {
        const times = runTimes(s, lang)
        for (const told of s.narrations[lang].told) {
          const extra = told.fact.kind === 'mitigation' ? [told.fact.before.peakFraction, told.fact.after.peakFraction] : []
          const fractions = [...s.result.datastores.flatMap((d) => [d.peakUsed / d.capacity, ...d.alarms.map((a) => a.level / d.capacity)]), ...extra]
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

  it('keeps the brief level to about a dozen turning points, each of the full level', () => {
    for (const s of steps) {
      const input = { result: s.result, name: s.scenario.name, startEpochMs: s.scenario.startEpochMs, timezone: s.scenario.timezone, jobs: jobInfo(s.scenario.model) }
      const brief = explain(input, { lang: 'de', level: 'brief' })
      expect(brief.told.length, s.id).toBeGreaterThan(0)
      expect(brief.told.length, s.id).toBeLessThanOrEqual(15)
      for (const x of brief.told) expect(s.narrations.de.all).toContainEqual(x.fact)
    }
  }, 120_000)

  it('tells the same story from the run’s result.json as from the scenario file (model-only facts aside)', () => {
    for (const s of steps.slice(1, 3)) {
      const saved = { scenario: { name: s.scenario.name, file: s.scenario.file, timezone: s.scenario.timezone, startEpochMs: s.scenario.startEpochMs, seed: s.scenario.seed }, alarms: {}, summaryLines: [], result: s.result }
      const fromFile = explain(parseResultFile(JSON.stringify(saved), 'result.json'), { lang: 'en', level: 'full' })
      // without the model a result file knows no window (no due time, none a schedule names), and
      // a job's overlap policy only from a fire that overlapped
      const seen = (job: string) => s.result.backups.some((b) => b.job === job && b.overlapped)
      const others = (n: Narration) =>
        n.all.filter((f) => f.kind !== 'mitigation' && f.kind !== 'window').map((f) => (f.kind === 'schedule' ? { ...f, window: null, overlap: seen(f.job) ? f.overlap : null } : f))
      const late = (n: Narration) => n.all.flatMap((f) => (f.kind === 'window' ? [`${f.job}|${f.run}|${f.end}`] : [])).sort()
      expect(others(fromFile), s.id).toEqual(others(s.narrations.en))
      expect(late(fromFile), s.id).toEqual(late(s.narrations.en))
    }
  }, 120_000)
})
