// The risk in words: sentences worked out by hand for a small set of replications, the sweep's
// driver by hand, and on generated replication sets every figure in every sentence found among
// the summary's own values, one sentence per fact, the same facts in both languages.

import { aggregate, type AggregateMeta, type ReplicationRecord, type SweepPoint, type SweepSummary } from '@snapsim/risk'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatWhen } from './format.ts'
import { LANGS, type Lang } from './lang.ts'
import { DRIVER_MIN_EFFECT, effects, mainDriver, riskFacts } from './risk-facts.ts'
import { explainRisk } from './risk-tell.ts'

const DAY = 86400
// Mon 5 Jan 2026 00:00 in Berlin (CET, UTC+1)
const START = Date.UTC(2026, 0, 4, 23)
const meta = (ids: readonly string[] = ['ds'], horizon = 30 * DAY): AggregateMeta => ({
  scenario: 's',
  file: 's.yaml',
  seed: 'x',
  timezone: 'Europe/Berlin',
  start: '2026-01-05T00:00',
  startEpochMs: START,
  horizonSeconds: horizon,
  grid: [0, horizon],
  capacities: ids.map((id) => ({ id, capacityBytes: 100 })),
})

function record(replication: number, fulls: readonly (number | null)[], peaks: readonly number[], vmsStopped: number, downtime: number): ReplicationRecord {
  const firsts = fulls.filter((t): t is number => t !== null)
  return {
    replication,
    seed: `x/r${replication}`,
    datastores: fulls.map((fullAt, k) => ({ id: `d${k}`, fullAt, peakUsedFraction: peaks[k]!, use: [0, 0] })),
    firstFullAt: firsts.length === 0 ? null : Math.min(...firsts),
    vmsStopped,
    downtimeSeconds: downtime,
    backupsOverlapped: 0,
    backupsFailed: 0,
    backupsSkipped: 0,
    snapshotsOrphaned: 0,
  }
}

describe('the risk in words', () => {
  // four replications: full after 5, 10 and 15 days, one never; 2, 2, 2 and 0 VMs stop for
  // 2 h, 1 h, 1 h and 0 of downtime. P(full) = 3/4, Wilson 95 %: 0.3006 to 0.9544; the median
  // fill after 10 days (Thu 15 Jan 00:00, day 11), the first after 5 (day 6), the last after 15
  // (day 16); mean 1.5 VMs and 1 h of downtime; the worst is the earliest fill, replication 0.
  const records = [record(0, [5 * DAY], [1], 2, 7200), record(1, [10 * DAY], [1], 2, 3600), record(2, [15 * DAY], [1], 2, 3600), record(3, [null], [0.8], 0, 0)]
  const risk = aggregate(meta(), records)

  it('tells how many replications filled, when and where, the downtime and the worst, word for word', () => {
    expect(explainRisk(risk, 'de').sentences).toEqual([
      'In 3 von 4 Wiederholungen (75,0\u00a0%; 95-%-Intervall 30,1\u00a0% bis 95,4\u00a0%) läuft innerhalb von 30 Tagen ein Datenspeicher voll.',
      'ds läuft voll: in 3 von 4 Wiederholungen, im Median an Tag 11 (Do., 15. Jan. 2026, 00:00 MEZ), frühestens an Tag 6, spätestens an Tag 16.',
      'Je Wiederholung halten im Mittel 1,5 virtuelle IT-Systeme an und stehen zusammen 1 h still, in der schlimmsten 2 Systeme.',
      'Die ungünstigste ist Wiederholung 0 – voll am Sa., 10. Jan. 2026, 00:00 MEZ, Ausfallzeit insgesamt 2 h; --replication 0 spielt sie nach.',
    ])
    expect(explainRisk(risk, 'en').sentences).toEqual([
      'A datastore fills within 30 days in 3 of 4 replications (75.0%; 95% interval 30.1% to 95.4%).',
      'ds fills: in 3 of 4 replications, at a median of day 11 (Thu, 15 Jan 2026, 00:00 CET), on day 6 at the earliest and on day 16 at the latest.',
      'Per replication 1.5 VMs stop on average and stand still for 1 h together, 2 VMs in the worst.',
      'The worst replication is number 0 — full on Sat, 10 Jan 2026, 00:00 CET, with 2 h of downtime; --replication 0 replays it.',
    ])
    expect(explainRisk(risk, 'de').heading).toBe('Das Risiko in Worten')
  })

  it('says how tight it got when nothing filled, with the upper end of the interval', () => {
    // 0 of 4: Wilson 95 % upper end 0.4899; peaks 0.5, 0.6, 0.7, 0.8 on d1 (median 0.65), 0.2 on d0
    const quiet = aggregate(meta(['d0', 'd1']), [0.5, 0.6, 0.7, 0.8].map((p, r) => record(r, [null, null], [0.2, p], 0, 0)))
    expect(explainRisk(quiet, 'en').sentences).toEqual([
      'In none of the 4 replications does a datastore fill within 30 days; with 95% confidence the probability is below 49.0%.',
      'The tightest is d1: its use peaks at 65.0% of its capacity in the median replication and at 80.0% in the worst.',
      'The worst replication is number 0 — nothing fills, 0 s of downtime; --replication 0 replays it.',
    ])
    expect(explainRisk(quiet, 'de').sentences[0]).toBe('In keiner der 4 Wiederholungen läuft innerhalb von 30 Tagen ein Datenspeicher voll; die Wahrscheinlichkeit dafür liegt mit 95 % Sicherheit unter 49,0\u00a0%.')
  })

  it('names the datastore that fills most often first, and counts those beyond three', () => {
    // d0..d4 fill in 1, 2, 3, 4, 4 of 4 replications; d3 and d4 tie: the earlier median first
    const fulls = (r: number) => [r < 1 ? 9 * DAY : null, r < 2 ? 8 * DAY : null, r < 3 ? 7 * DAY : null, 6 * DAY, 6 * DAY + 3600]
    const many = aggregate(meta(['d0', 'd1', 'd2', 'd3', 'd4']), [0, 1, 2, 3].map((r) => record(r, fulls(r), [1, 1, 1, 1, 1], 0, 0)))
    const facts = riskFacts(many)
    expect(facts.filter((f) => f.kind === 'risk.datastore').map((f) => f.kind === 'risk.datastore' && [f.datastore, f.filled, f.first])).toEqual([
      ['d3', 4, true],
      ['d4', 4, false],
      ['d2', 3, false],
    ])
    expect(explainRisk(many, 'de').sentences[1]).toMatch(/^Am häufigsten läuft d3 voll: in 4 von 4 Wiederholungen, im Median an Tag 7 /)
    expect(explainRisk(many, 'en').sentences[4]).toBe('2 more datastores fill in some replications.')
  })
})

/** A sweep over two parameters from P(full) per point, the grid in row order. */
function sweepOf(a: readonly string[], b: readonly string[], p: (i: number, j: number) => number, target: SweepSummary['target'] = null): SweepSummary {
  const points: SweepPoint[] = []
  a.forEach((x, i) =>
    b.forEach((y, j) => {
      const filled = Math.round(p(i, j) * 10)
      const rs = Array.from({ length: 10 }, (_, r) => record(r, [r < filled ? DAY : null], [1], 0, 0))
      points.push({ index: points.length, values: { a: x, b: y }, cost: i + j, risk: aggregate(meta(['d0']), rs) })
    }),
  )
  return { scenario: 's', parameters: [{ path: 'a', values: [...a] }, { path: 'b', values: [...b] }], replications: 10, points, target }
}

describe('the sweep in words', () => {
  it('finds the parameter that drives P(full): the largest main effect, at least 10 points and twice any other', () => {
    // P(full) = 0.1 + 0.6 i + 0.1 j: a moves the mean by 0.6, b by 0.1 (means over the other parameter)
    const s = sweepOf(['x', 'y'], ['1', '2'], (i, j) => 0.1 + 0.6 * i + 0.1 * j)
    expect(effects(s).map((e) => [e.path, e.low.value, Number(e.low.p.toFixed(10)), e.high.value, Number(e.high.p.toFixed(10))])).toEqual([
      ['a', 'x', 0.15, 'y', 0.75],
      ['b', '1', 0.4, '2', 0.5],
    ])
    expect(mainDriver(s)?.path).toBe('a')
    const told = explainRisk(s.points[0]!.risk, 'en', s).sentences
    expect(told[0]).toBe('The sweep tries 4 points (a, b) with 10 replications each, and every point sees the same random numbers.')
    expect(told[1]).toBe('P(full) depends above all on a: 15.0% at x, 75.0% at y (averaged over the other parameters).')
    // the report shows the first point when there is no target
    expect(told[2]).toMatch(/^A datastore fills within 30 days in 1 of 10 replications at point 0 \(a = x, b = 1\) \(10\.0%; /)
  })

  it('names no driver when two parameters move P(full) alike or none moves it enough', () => {
    const alike = sweepOf(['x', 'y'], ['1', '2'], (i, j) => 0.2 + 0.3 * i + 0.2 * j)
    expect(mainDriver(alike)).toBeNull() // 0.3 < 2 × 0.2
    expect(explainRisk(alike.points[0]!.risk, 'de', alike).sentences[1]).toBe('Kein Parameter bestimmt P(voll) allein: Am meisten bewegt sie a, um 30 Prozentpunkte.')
    const flat = sweepOf(['x', 'y'], ['1'], () => 0.5)
    expect(mainDriver(flat)).toBeNull()
    expect(DRIVER_MIN_EFFECT).toBe(0.1)
  })

  it('names the cheapest point meeting the target, or says none shows it', () => {
    const s = sweepOf(['x', 'y'], ['1', '2'], (i) => 1 - i, { text: 'P(full) < 50%', cheapest: 2 })
    const en = explainRisk(s.points[2]!.risk, 'en', s).sentences
    expect(en).toContain('The cheapest point with P(full) < 50% is point 2 (a = y, b = 1).')
    // the risk told is that of the cheapest point
    expect(en.some((x) => x.startsWith('In none of the 10 replications at point 2 (a = y, b = 1) does a datastore fill'))).toBe(true)
    const none = sweepOf(['x'], ['1'], () => 1, { text: 'P(full) < 1%', cheapest: null })
    expect(explainRisk(none.points[0]!.risk, 'de', none).sentences).toContain('Kein Punkt zeigt P(full) < 1% mit 95 % Sicherheit.')
  })
})

const PERCENT: Readonly<Record<Lang, RegExp>> = { de: /(\d+,\d)\s%/g, en: /(\d+\.\d)%/g }
const DATE: Readonly<Record<Lang, RegExp>> = {
  de: /(?:Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.? \d{4}, \d{2}:\d{2} ME(?:S)?Z/g,
  en: /(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2} CES?T/g,
}

describe('the risk in words on generated replications', () => {
  it('puts only the summary’s own shares, dates and counts into one sentence per fact, in both languages', () => {
    const day = fc.integer({ min: 0, max: 29 * DAY })
    const rec = fc.record({ fulls: fc.array(fc.option(day, { nil: null }), { minLength: 3, maxLength: 3 }), peaks: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), stopped: fc.nat(20), down: fc.nat(10 * DAY) })
    fc.assert(
      fc.property(fc.array(rec, { minLength: 1, maxLength: 12 }), (rs) => {
        const risk = aggregate(
          meta(['a', 'b', 'c']),
          rs.map((r, i) => record(i, r.fulls, r.peaks, r.stopped, r.down)),
        )
        const shares = [risk.pAnyFull.estimate, risk.pAnyFull.low, risk.pAnyFull.high, ...risk.datastores.flatMap((d) => [d.peakUsedFraction.max, ...d.peakUsedFraction.quantiles.map((q) => q.value)])]
        const times = [risk.worst.firstFullAt, ...risk.datastores.flatMap((d) => (d.timeToFull ? [d.timeToFull.min, d.timeToFull.max, ...d.timeToFull.quantiles.map((q) => q.value)] : []))]
        const told = Object.fromEntries(LANGS.map((l) => [l, explainRisk(risk, l)])) as Record<Lang, ReturnType<typeof explainRisk>>
        expect(told.de.facts).toEqual(told.en.facts)
        for (const lang of LANGS) {
          const dates = new Set(times.flatMap((t) => (t === null ? [] : [formatWhen(START + t * 1000, lang, 'Europe/Berlin')])))
          expect(told[lang].sentences.length).toBe(told[lang].facts.length)
          for (const s of told[lang].sentences) {
            expect(s.replace(DATE[lang], 'DATE').match(/[.!?](?=\s|$)/g)?.length ?? 0, s).toBe(1)
            for (const m of s.matchAll(PERCENT[lang])) {
              const shown = Number(m[1]!.replace(',', '.')) / 100
              expect(shares.some((x) => Math.abs(x - shown) <= 0.0005 + 1e-9), `${m[0]} in ${s}`).toBe(true)
            }
            for (const m of s.matchAll(DATE[lang])) expect(dates.has(m[0]), `${m[0]} in ${s}`).toBe(true)
            const of = /(?:in|In) (\d+) (?:von|of) (\d+)/.exec(s)
            if (of) expect([Number(of[2])]).toContain(risk.replications)
          }
        }
      }),
      { seed: 13, numRuns: process.env.SNAPSIM_DEEP ? 2000 : 100 },
    )
  })
})
