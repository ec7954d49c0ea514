// Daily write profiles: named ones (`profiles:`) first, inline ones (`dailyProfile: [24]`)
// appended; identical lists share one index of Model.profiles.

import type { Resolution } from './resolution.ts'
import type { RawScenario } from './schema.ts'
import { showValue } from './show.ts'
import { weekDays } from './weekly-profile.ts'

/** The highest multiplier of a daily profile. */
export const MAX_MULTIPLIER = 1000

export class Profiles {
  readonly list: number[][] = []
  /** Named profiles (Map: names are user keys) -> index into `list`. */
  readonly named = new Map<string, number>()
  private readonly index = new Map<string, number>()

  constructor(private readonly r: Resolution) {}

  /** The index of a list of multipliers, or undefined when it was reported. */
  add(values: readonly number[], path: (string | number)[]): number | undefined {
    if (values.length !== 24 && values.length !== 168) {
      this.r.fail(path, `a daily profile needs 24 multipliers (hours 0-23), got ${values.length}`)
      return undefined
    }
    const bad = values.findIndex((m) => !(m >= 0 && m <= MAX_MULTIPLIER))
    if (bad >= 0) {
      this.r.fail([...path, bad], `a multiplier must be within 0..${MAX_MULTIPLIER}, got ${showValue(values[bad])}`)
      return undefined
    }
    const key = values.join(',')
    let i = this.index.get(key)
    if (i === undefined) {
      i = this.list.length
      this.list.push([...values])
      this.index.set(key, i)
    }
    return i
  }
}

/** The named profiles of a scenario. */
export function resolveProfiles(r: Resolution, raw: RawScenario): Profiles {
  const profiles = new Profiles(r)
  for (const [name, values] of Object.entries(raw.profiles ?? {})) {
    const path = ['profiles', name]
    if (!r.idFits(path, name)) continue
    let week: number[] | null = null
    if (!Array.isArray(values)) {
      // A weekly profile (weekly-profile.ts): each day's 24 checked, then 168 by hour of the week.
      const days = weekDays(values)
      if (typeof days === 'string') {
        r.fail(path, days)
        continue
      }
      let good = true
      const reported = new Set<string>()
      for (const { key, values: day } of days) {
        if (day.length !== 24 && !reported.has(key)) {
          reported.add(key)
          r.fail([...path, key], `a day of a weekly profile needs 24 multipliers (hours 0-23), got ${day.length}`)
        }
        if (day.length !== 24) good = false
      }
      if (!good) continue
      week = days.flatMap((x) => [...x.values])
    }
    const i = profiles.add(week ?? (values as number[]), path)
    if (i !== undefined) profiles.named.set(name, i)
  }
  return profiles
}
