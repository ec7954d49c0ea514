import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatWall, unitFor, wallClock } from './index.ts'

describe('wall clock', () => {
  it('is the identity plus nothing in UTC', () => {
    const c = wallClock(Date.UTC(2024, 0, 1), 'UTC')
    expect(c(0)).toBe(Date.UTC(2024, 0, 1))
    expect(c(90)).toBe(Date.UTC(2024, 0, 1, 0, 1, 30))
  })

  it('follows daylight saving: Berlin springs from 02:00 to 03:00 on 2024-03-31 (01:00 UTC)', () => {
    const c = wallClock(Date.UTC(2024, 2, 31, 0, 0), 'Europe/Berlin')
    expect(formatWall(c(0))).toBe('2024-03-31 01:00')
    expect(formatWall(c(59 * 60))).toBe('2024-03-31 01:59')
    expect(formatWall(c(3600))).toBe('2024-03-31 03:00')
  })

  it('handles half-hour zones', () => {
    const c = wallClock(Date.UTC(2024, 5, 1, 0, 0), 'Asia/Kolkata')
    expect(formatWall(c(0))).toBe('2024-06-01 05:30')
  })

  it('rejects an unknown zone', () => {
    expect(() => wallClock(0, 'Mars/Olympus')).toThrow(RangeError)
  })
})

describe('units', () => {
  it('formats binary sizes', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1536 * 1024 ** 3)).toBe('1.5 TiB')
    expect(formatBytes(750 * 1024 ** 3)).toBe('750 GiB')
    expect(formatBytes(12.34 * 1024 ** 2)).toBe('12.3 MiB')
  })

  it('picks an axis unit so values read at least 2', () => {
    expect(unitFor(100 * 1024 ** 3).name).toBe('GiB')
    expect(unitFor(1.9 * 1024 ** 4).name).toBe('GiB')
    expect(unitFor(2 * 1024 ** 4).name).toBe('TiB')
  })

  it('formats durations', () => {
    expect(formatDuration(42)).toBe('42 s')
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3 h 05 min')
    expect(formatDuration(2 * 86400 + 4 * 3600)).toBe('2 d 04 h')
  })
})
