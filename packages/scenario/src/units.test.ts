import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, parseDuration, parseRate, parseShare, parseSize } from './units.ts'

describe('sizes', () => {
  it('binary and decimal units', () => {
    expect(parseSize('400 GiB')).toBe(400 * 2 ** 30)
    expect(parseSize('1.5TiB')).toBe(1.5 * 2 ** 40)
    expect(parseSize('2 PiB')).toBe(2 * 2 ** 50)
    expect(parseSize('512 KiB')).toBe(512 * 1024)
    expect(parseSize('10 MiB')).toBe(10 * 2 ** 20)
    expect(parseSize('3 kB')).toBe(3000)
    expect(parseSize('200 MB')).toBe(200e6)
    expect(parseSize('4 GB')).toBe(4e9)
    expect(parseSize('1 TB')).toBe(1e12)
    expect(parseSize('7 B')).toBe(7)
    expect(parseSize('1024')).toBe(1024)
    expect(parseSize(4096)).toBe(4096)
    expect(parseSize('1.5 GB')).toBe(1.5e9)
    expect(parseSize(' 64KiB ')).toBe(65536)
  })

  it('a wrong unit says which and what is expected', () => {
    expect(() => parseSize('10 Tib')).toThrow('unknown unit `Tib` in `10 Tib`: did you mean `TiB`?')
    expect(() => parseSize('10 bananas')).toThrow('expected a size like `400 GiB`')
    expect(() => parseSize('lots')).toThrow('not a size: `lots`')
    expect(() => parseSize(true)).toThrow('not a size')
  })
})

describe('rates', () => {
  it('a size per time unit', () => {
    expect(parseRate('150 MiB/s')).toBe(150 * 2 ** 20)
    expect(parseRate('1 GiB/d')).toBe(2 ** 30 / 86400)
    expect(parseRate('36 GB/h')).toBe(36e9 / 3600)
    expect(parseRate('60 MiB/min')).toBe(2 ** 20)
    expect(parseRate(5)).toBe(5)
  })

  it('a size without a time unit is not a rate', () => {
    expect(() => parseRate('300 MiB')).toThrow('not a rate: `300 MiB`: expected a rate like `150 MiB/s`')
    expect(() => parseRate('300 MiB/fortnight')).toThrow('unknown time unit `fortnight`')
  })
})

describe('durations', () => {
  it('units and combinations', () => {
    expect(parseDuration('90d')).toBe(90 * 86400)
    expect(parseDuration('36h')).toBe(36 * 3600)
    expect(parseDuration('1h30min')).toBe(5400)
    expect(parseDuration('1.5h')).toBe(5400)
    expect(parseDuration('2w')).toBe(14 * 86400)
    expect(parseDuration('45 s')).toBe(45)
    expect(parseDuration(60)).toBe(60)
    expect(parseDuration('30min')).toBe(1800)
    expect(parseDuration('1d 12h')).toBe(129600)
  })

  it('unknown units are named', () => {
    expect(() => parseDuration('10 fortnights')).toThrow('unknown unit `fortnights` in `10 fortnights`')
    // the words second … year, singular or plural, are units (a month is 30.4375 d)
    expect(parseDuration('10 days')).toBe(10 * 86400)
    expect(parseDuration('1 month')).toBe(30.4375 * 86400)
    expect(() => parseDuration('')).toThrow('not a duration')
  })
})

describe('shares', () => {
  it('percent or fraction', () => {
    expect(parseShare('30%')).toBeCloseTo(0.3, 12)
    expect(parseShare(0.25)).toBe(0.25)
    expect(parseShare('100 %')).toBe(1)
    expect(() => parseShare(30)).toThrow('outside 0..1')
    expect(() => parseShare('120%')).toThrow('over 100%')
    expect(() => parseShare('thirty')).toThrow('expected a percentage like `30%`')
  })
})

describe('formatting', () => {
  it('binary units with three significant digits', () => {
    expect(formatBytes(1.5 * 2 ** 40)).toBe('1.50 TiB')
    expect(formatBytes(200 * 2 ** 30)).toBe('200 GiB')
    expect(formatBytes(12.25 * 2 ** 20)).toBe('12.3 MiB')
    expect(formatBytes(512)).toBe('512 B')
  })

  it('durations in the largest units', () => {
    expect(formatDuration(42)).toBe('42 s')
    expect(formatDuration(5400)).toBe('1 h 30 min')
    expect(formatDuration(3 * 86400 + 4 * 3600 + 12 * 60)).toBe('3 d 4 h 12 min')
    expect(formatDuration(2 * 86400)).toBe('2 d')
    expect(formatDuration(3599.9)).toBe('1 h')
    expect(formatDuration(0)).toBe('0 s')
  })
})
