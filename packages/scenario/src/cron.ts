// Fire times of a cron schedule in the scenario's time zone, as seconds since the start.
// croner handles the calendar (time zones, daylight saving, day-of-month/day-of-week rules).

import { Cron } from 'croner'

/** At most this many fires per job: more means a schedule far denser than backups run. */
export const MAX_FIRES = 200_000

const memo = new Map<string, number[]>()

/** Fire times, memoized per (schedule, zone, start, horizon): replications reuse them. */
export function cronFires(schedule: string, timezone: string, startEpochMs: number, horizon: number): number[] {
  const key = `${schedule}|${timezone}|${startEpochMs}|${horizon}`
  let fires = memo.get(key)
  if (!fires) {
    if (memo.size > 256) memo.clear()
    fires = computeFires(schedule, timezone, startEpochMs, horizon)
    memo.set(key, fires)
  }
  return [...fires]
}

function computeFires(schedule: string, timezone: string, startEpochMs: number, horizon: number): number[] {
  let cron: Cron
  try {
    cron = new Cron(schedule, { timezone, paused: true })
  } catch (e) {
    throw new Error(`invalid cron expression \`${schedule}\`: ${(e as Error).message}`)
  }
  const end = startEpochMs + horizon * 1000
  const fires: number[] = []
  let next = cron.nextRun(new Date(startEpochMs - 1))
  while (next !== null && next.getTime() < end) {
    fires.push((next.getTime() - startEpochMs) / 1000)
    if (fires.length > MAX_FIRES) throw new Error(`cron \`${schedule}\` fires more than ${MAX_FIRES} times within the horizon`)
    next = cron.nextRun(next)
  }
  cron.stop()
  return fires
}
