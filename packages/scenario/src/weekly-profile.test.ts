// Weekly profiles: the expansion, and what a run reads with one, by hand.

import { simulate } from '@snapsim/core'
import { describe, expect, it } from 'vitest'
import { ScenarioError } from './errors.ts'
import { parseScenario } from './load.ts'
import { weekDays } from './weekly-profile.ts'

const GiB = 2 ** 30
const MiB = 2 ** 20
const ones = `[${Array(24).fill(1).join(', ')}]`
const threes = `[${Array(24).fill(3).join(', ')}]`

describe('weekly profiles', () => {
  it('a day\'s own key wins over weekday/weekend; a missing day is named', () => {
    const a = [1]
    const b = [2]
    const c = [3]
    const days = weekDays({ weekday: a, weekend: b, wed: c }) as { key: string }[]
    expect(days.map((d) => d.key)).toEqual(['weekday', 'weekday', 'wed', 'weekday', 'weekday', 'weekend', 'weekend'])
    expect(weekDays({ weekday: a })).toBe('a weekly profile needs every day: sat, sun missing (give them, or `weekday` / `weekend`)')
  })

  // Monday 2026-01-05 00:00 UTC; 1 MiB/s on weekdays, 3 MiB/s on the weekend. A daily
  // incremental at 00:00 reads the distinct data of the day before: S(W) = R (1 - exp(-W / R)),
  // R = 100 TiB, W = 86400 s x the day's rate. Runs 1-5 read Monday to Friday, 6 and 7 Saturday
  // and Sunday (run 0 is the first, full).
  const text = `name: week
start: 2026-01-05T00:00
horizon: 8d
datastores: [{ id: ds, capacity: 200 TiB }]
profiles: { wk: { weekday: ${ones}, weekend: ${threes} } }
vms: [{ id: a, disk: 100 TiB, used: 10 GiB, writeRate: 1 MiB/s, dailyProfile: wk }]
jobs: [{ id: j, vms: [a], schedule: "0 0 * * *", type: incremental, streamThroughput: 1 GiB/s }]
`
  it('an incremental reads each day\'s writes at that day\'s rate', () => {
    const s = parseScenario(text, 'week.yaml')
    const r = simulate(s.model)
    const R = 100 * 2 ** 40
    const S = (w: number) => R * (1 - Math.exp(-w / R))
    const reads = r.backups.filter((b) => b.run >= 1).map((b) => b.bytesToRead)
    const expected = [1, 1, 1, 1, 1, 3, 3].map((f) => S(86400 * f * MiB))
    expect(reads).toHaveLength(7)
    reads.forEach((x, i) => expect(x / expected[i]!).toBeCloseTo(1, 9))
    expect(r.backups[0]!.bytesToRead).toBe(10 * GiB)
  })

  it('a day of the wrong length and a missing day are reported where they are', () => {
    const bad = text.replace(`weekend: ${threes}`, 'weekend: [1, 2]')
    expect(() => parseScenario(bad, 'week.yaml')).toThrow(ScenarioError)
    try {
      parseScenario(bad, 'week.yaml')
    } catch (e) {
      expect((e as ScenarioError).issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['profiles.wk.weekend: a day of a weekly profile needs 24 multipliers (hours 0-23), got 2'])
    }
  })
})
