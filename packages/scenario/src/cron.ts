// Fire times of a cron schedule in the scenario's time zone, as seconds since the start.
// croner handles the calendar (time zones, daylight saving, day-of-month/day-of-week rules).

import { Cron, type CronOptions } from 'croner'
import { isUtc, offsetMs } from './calendar.ts'
import { activeLimits, howToRaise } from './limits.ts'

const memo = new Map<string, number[]>()

/** Fire times, memoized per (schedule, zone, start, horizon): replications reuse them. */
export function cronFires(schedule: string, timezone: string, startEpochMs: number, horizon: number, maxFires = activeLimits().fires): number[] {
  const key = `${schedule}|${timezone}|${startEpochMs}|${horizon}|${maxFires}`
  let fires = memo.get(key)
  if (!fires) {
    if (memo.size > 256) memo.clear()
    fires = computeFires(schedule, timezone, startEpochMs, horizon, maxFires)
    memo.set(key, fires)
  }
  return [...fires]
}

function computeFires(schedule: string, timezone: string, startEpochMs: number, horizon: number, maxFires: number): number[] {
  let cron: Cron
  try {
    cron = new Cron(schedule, cronZone(timezone))
  } catch (e) {
    throw new Error(`invalid cron expression \`${schedule}\`: ${(e as Error).message}`)
  }
  const end = startEpochMs + horizon * 1000
  const fires: number[] = []
  const tooMany = (about: string) => {
    cron.stop()
    return new Error(`cron \`${schedule}\` fires ${about} times within the horizon, above the limit of ${maxFires.toLocaleString('en-US')}; ${howToRaise('fires')}`)
  }
  let next = cron.nextRun(new Date(startEpochMs - 1))
  while (next !== null && next.getTime() < end) {
    fires.push((next.getTime() - startEpochMs) / 1000)
    if (fires.length > maxFires) throw tooMany(`more than ${maxFires.toLocaleString('en-US')}`)
    // A dense schedule: estimate the count first (croner takes tens of microseconds a fire).
    if (fires.length === ESTIMATE_AFTER) {
      const about = estimateFires(cron, timezone, startEpochMs, end)
      if (about > maxFires) throw tooMany(`about ${about.toLocaleString('en-US')}`)
    }
    next = cron.nextRun(next)
  }
  cron.stop()
  return fires
}

/**
 * croner's time zone option: `UTC` as a fixed offset of 0 (croner then computes with Date's UTC
 * fields, without Intl: calendar.ts says why), any other zone by name. cron.test.ts checks that
 * both give the same fires.
 */
export function cronZone(timezone: string): CronOptions {
  return isUtc(timezone) ? { utcOffset: 0, paused: true } : { timezone, paused: true }
}

/** Enumerating beyond this many fires first estimates the total. */
export const ESTIMATE_AFTER = 2000

/**
 * About how many times `cron` fires in [start, end): the fires of a full matching local day
 * times the number of matching days. Cron's time-of-day fields do not depend on the date, so
 * every matching day has the same fires, except the first and last (cut by the horizon) and
 * daylight-saving days (an hour more or less): the estimate is off by about a day's fires.
 * Costs one croner call per matching day plus two days' fires, instead of one call per fire.
 */
export function estimateFires(cron: Cron, timezone: string, startEpochMs: number, end: number): number {
  const day = 86_400_000
  /** The next local midnight after `t` (within an hour at a daylight-saving change). */
  const nextMidnight = (t: number) => {
    const off = offsetMs(t, timezone)
    return Math.floor((t + off) / day) * day + day - off
  }
  let days = 0
  let perDay = 0
  let sampled = 0
  let next = cron.nextRun(new Date(startEpochMs - 1))
  while (next !== null && next.getTime() < end) {
    days++
    const midnight = nextMidnight(next.getTime())
    if (sampled < 2) {
      // Count this day's fires (the first day may start late, so two days are sampled).
      sampled++
      let n = 0
      let f: Date | null = next
      while (f !== null && f.getTime() < midnight && n <= 86_400) {
        n++
        f = cron.nextRun(f)
      }
      perDay = Math.max(perDay, n)
    }
    next = cron.nextRun(new Date(midnight - 1))
  }
  return days * perDay
}
