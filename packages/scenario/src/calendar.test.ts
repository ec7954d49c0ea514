import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatLocalTime, hourGrid, isoLocal, isTimeZone, isUtc, offsetMs, wallToEpoch } from './calendar.ts'
import { cronFires } from './cron.ts'
import { parseScenario } from './load.ts'

// Europe/Berlin: CET (UTC+1) until 2026-03-29 02:00 local, then CEST (UTC+2); back on
// 2026-10-25 03:00 local.

describe('local wall time in a time zone', () => {
  it('winter and summer offsets', () => {
    expect(wallToEpoch('2026-01-05T00:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 0, 4, 23))
    expect(wallToEpoch('2026-07-01T12:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 1, 10))
    expect(wallToEpoch('2026-07-01T12:00', 'UTC')).toBe(Date.UTC(2026, 6, 1, 12))
    expect(() => wallToEpoch('2026-13-01T00:00', 'UTC')).toThrow('not a valid date-time')
    expect(() => wallToEpoch('yesterday', 'UTC')).toThrow('expected `YYYY-MM-DDTHH:MM`')
  })

  it('a start in a skipped hour resolves forward, in a repeated hour to its first occurrence', () => {
    // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist: 03:30 CEST.
    expect(wallToEpoch('2026-03-29T02:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 1, 30))
    // Berlin, 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice: the
    // first time is 02:30 CEST = 00:30 UTC (the second would be 01:30 UTC).
    expect(wallToEpoch('2026-10-25T02:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 0, 30))
    // New York, 2026-03-08: 02:30 is skipped: 03:30 EDT = 07:30 UTC.
    expect(wallToEpoch('2026-03-08T02:30', 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 7, 30))
    // New York, 2026-11-01: 01:30 happens twice: first 01:30 EDT = 05:30 UTC.
    expect(wallToEpoch('2026-11-01T01:30', 'America/New_York')).toBe(Date.UTC(2026, 10, 1, 5, 30))
    // just outside the changes nothing moves
    expect(wallToEpoch('2026-03-29T01:59', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 0, 59))
    expect(wallToEpoch('2026-10-25T03:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 2, 0))
  })

  it('formats times in the scenario calendar', () => {
    const start = wallToEpoch('2026-03-27T00:00', 'Europe/Berlin')
    expect(formatLocalTime(start, 20 * 3600, 'Europe/Berlin')).toBe('Fri 2026-03-27 20:00 CET')
    // 3 days later at 20:00 local is 71 h after, not 72 h: the clocks went forward
    expect(formatLocalTime(start, 3 * 86400 + 19 * 3600, 'Europe/Berlin')).toBe('Mon 2026-03-30 20:00 CEST')
    expect(isoLocal(start, 'Europe/Berlin')).toBe('2026-03-27T00:00:00+01:00')
  })
})

describe('cron in a time zone across daylight saving', () => {
  it('fires at 20:00 local: 24 h apart, 23 h across the spring change', () => {
    const start = wallToEpoch('2026-03-27T00:00', 'Europe/Berlin')
    const fires = cronFires('0 20 * * *', 'Europe/Berlin', start, 5 * 86400)
    // Mar 27 20:00 CET, Mar 28 20:00 CET, Mar 29 20:00 CEST (23 h later), Mar 30, Mar 31
    expect(fires).toEqual([20 * 3600, 44 * 3600, 67 * 3600, 91 * 3600, 115 * 3600])
  })

  it('25 h across the autumn change', () => {
    const start = wallToEpoch('2026-10-24T00:00', 'Europe/Berlin')
    const fires = cronFires('0 20 * * *', 'Europe/Berlin', start, 3 * 86400)
    expect(fires[1]! - fires[0]!).toBe(25 * 3600)
    expect(fires[2]! - fires[1]!).toBe(24 * 3600)
  })
})

describe('the local hour grid', () => {
  it('skips 02:00 on the spring change day and holds 02:00 for two hours in autumn', () => {
    const spring = hourGrid(wallToEpoch('2026-03-29T00:00', 'Europe/Berlin'), 86400, 'Europe/Berlin')
    // 2026-03-29 has 23 local hours: 00:00 .. 23:00 local is 23 h after midnight
    expect(spring.hourOfDay.slice(0, 4)).toEqual([0, 1, 3, 4])
    expect(spring.starts.slice(0, 4)).toEqual([0, 3600, 7200, 10800])
    expect(spring.hourOfDay.filter((_, k) => spring.starts[k]! < 23 * 3600)).toHaveLength(23)
    const autumn = hourGrid(wallToEpoch('2026-10-25T00:00', 'Europe/Berlin'), 26 * 3600, 'Europe/Berlin')
    // the repeated local hour 2 is one segment two hours long
    expect(autumn.hourOfDay.slice(0, 5)).toEqual([0, 1, 2, 3, 4])
    expect(autumn.starts.slice(0, 5)).toEqual([0, 3600, 7200, 14400, 18000])
  })

  it('follows half-hour offsets', () => {
    const g = hourGrid(Date.UTC(2026, 0, 1, 0, 0), 3 * 3600, 'Asia/Kolkata') // UTC+5:30
    expect(g.starts).toEqual([0, 1800, 5400, 9000])
    expect(g.hourOfDay).toEqual([5, 6, 7, 8])
  })

  it('reaches the model of a scenario with daily profiles', () => {
    const s = parseScenario(
      `name: grid
start: 2026-03-29T00:00
timezone: Europe/Berlin
horizon: 1d
datastores: [{ id: ds, capacity: 1 TiB }]
profiles: { flat: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }
vms: [{ id: a, datastore: ds, disk: 10 GiB, used: 1 GiB, writeRate: 1 MiB/s, dailyProfile: flat }]
`,
      'grid.yaml',
    )
    expect(s.model.hours!.hourOfDay.slice(0, 3)).toEqual([0, 1, 3])
  })
})

// `UTC` is answered from Date's UTC fields and croner's fixed offset 0, without Intl (start-up:
// the first Intl object loads ICU). Its slow twin is `Etc/UTC`, the same zone, which goes
// through Intl and croner's zone support: every answer must be the same.
describe('UTC without Intl, against Etc/UTC through Intl', () => {
  const seed = 1202
  const runs = process.env.SNAPSIM_DEEP ? 5000 : 300
  // 1900-01-01 to 2200-01-01, with milliseconds
  const epoch = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) })

  it('takes the fast path for UTC only (the twin takes the other)', () => {
    expect([isUtc('UTC'), isUtc('Etc/UTC'), isUtc('utc'), isUtc('Europe/Berlin')]).toEqual([true, false, false, false])
    expect(isTimeZone('UTC')).toBe(true)
  })

  it('gives the same local times, offsets and instants', () => {
    fc.assert(
      fc.property(epoch, fc.integer({ min: 0, max: 400 * 86400 }), (e, seconds) => {
        expect(isoLocal(e, 'UTC')).toBe(isoLocal(e, 'Etc/UTC'))
        expect(formatLocalTime(e, seconds, 'UTC')).toBe(formatLocalTime(e, seconds, 'Etc/UTC'))
        expect(offsetMs(e, 'UTC')).toBe(offsetMs(e, 'Etc/UTC'))
        const wall = isoLocal(e, 'UTC').slice(0, 19)
        expect(wallToEpoch(wall, 'UTC')).toBe(wallToEpoch(wall, 'Etc/UTC'))
      }),
      { seed, numRuns: runs },
    )
    // by hand: 2026-01-05 was a Monday
    expect(formatLocalTime(Date.UTC(2026, 0, 5), 3600 * 20.5, 'UTC')).toBe('Mon 2026-01-05 20:30 UTC')
  })

  it('gives the same hour grid and cron fires', () => {
    const minute = fc.constantFrom('0', '15', '*/20', '5,35')
    const hour = fc.constantFrom('*', '0', '1-5', '*/6', '22')
    const dom = fc.constantFrom('*', '1', '15', 'L', '29-31')
    const dow = fc.constantFrom('*', '1-5', '0', 'MON,THU', '6')
    fc.assert(
      fc.property(epoch, fc.integer({ min: 1, max: 40 }), minute, hour, dom, dow, (start, days, mi, h, d, w) => {
        const s = Math.floor(start / 60000) * 60000
        const horizon = days * 86400
        expect(hourGrid(s, horizon, 'UTC')).toEqual(hourGrid(s, horizon, 'Etc/UTC'))
        const pattern = `${mi} ${h} ${d} * ${w}`
        expect(cronFires(pattern, 'UTC', s, horizon)).toEqual(cronFires(pattern, 'Etc/UTC', s, horizon))
      }),
      { seed, numRuns: process.env.SNAPSIM_DEEP ? 1000 : 60 },
    )
  })
})
