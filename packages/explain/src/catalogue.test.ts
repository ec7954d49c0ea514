import { describe, expect, it } from 'vitest'
import { catalogue } from './catalogue.ts'
import { checkCatalogue, placeholders } from './catalogue-check.ts'
import { formatWhen, zoneLabel } from './format.ts'
import { speaker } from './messages.ts'

describe('the message catalogue', () => {
  it('has every key in German and English, parsing, with the same placeholders', () => {
    expect(checkCatalogue(catalogue)).toEqual([])
  }, 30_000)

  it('fails a key missing in one language, an empty message, a broken one, and differing placeholders', () => {
    expect(checkCatalogue({ a: { en: 'x {n}' } })).toEqual(['a: no de message'])
    expect(checkCatalogue({ a: { de: ' ', en: 'x' } })).toEqual(['a: no de message'])
    expect(checkCatalogue({ a: { de: 'x {n', en: 'x {n}' } })[0]).toMatch(/^a \(de\): not ICU MessageFormat/)
    expect(checkCatalogue({ a: { de: 'Tag {day}', en: 'Day {d}' } })).toEqual([
      'a: placeholder {day} is text in de but missing in en',
      'a: placeholder {d} is missing in de but text in en',
    ])
    expect(checkCatalogue({ a: { de: '{at, date, when}', en: '{at}' } })).toEqual(['a: placeholder {at} is date in de but text in en'])
    expect(checkCatalogue({ a: { de: '{p, select, a {x} other {y}}', en: '{p, select, b {x} other {y}}' } })).toEqual([
      'a: placeholder {p} is select[a|other] in de but select[b|other] in en',
    ])
  }, 30_000)

  it('finds placeholders inside plural and select branches', () => {
    expect(placeholders('{n, plural, one {# VM {vm}} other {# VMs, {first, select, yes {{at, date, when}} other {}}}}', 'en')).toEqual(
      new Map([
        ['n', 'plural'],
        ['vm', 'text'],
        ['first', 'select[other|yes]'],
        ['at', 'date'],
      ]),
    )
  }, 30_000)

  it('applies each language’s plural rules and formats dates in the scenario’s zone', () => {
    const de = speaker('de', 'Europe/Berlin')
    const en = speaker('en', 'America/New_York')
    expect(de.say('duration.days', { d: 1, h: 2 })).toBe('1 Tag 2 h')
    expect(de.say('duration.days', { d: 3, h: 0 })).toBe('3 Tage 0 h')
    expect(en.say('duration.days', { d: 1, h: 2 })).toBe('1 day 2 h')
    expect(en.say('duration.hours', { h: 11, m: 0 })).toBe('11 h')
    // 2026-01-05T19:00Z is 20:00 in Berlin (CET, German MEZ) and 14:00 in New York (en-GB has no
    // abbreviation for EST: the offset from UTC instead of Intl's "GMT-5")
    const at = Date.UTC(2026, 0, 5, 19, 0)
    expect(de.say('chain', { at, day: 1, vm: 'a', depth: 2 })).toBe('Tag 1, Mo., 5. Jan. 2026, 20:00 MEZ: Die Snapshot-Kette von a erreicht ihre größte Tiefe: 2 Snapshots liegen übereinander.')
    expect(en.say('chain', { at, day: 1, vm: 'a', depth: 2 })).toBe('Day 1, Mon, 5 Jan 2026, 14:00 UTC\u221205:00: the snapshot chain of a reaches its deepest: 2 snapshots stacked on its disk.')
  }, 30_000)

  it('names a zone without an abbreviation by its UTC offset, the same in both languages', () => {
    const at = Date.UTC(2026, 0, 5, 19, 0) // Mon 5 Jan 2026 19:00 UTC
    const summer = Date.UTC(2026, 6, 6, 19, 0) // Mon 6 Jul 2026 19:00 UTC
    // Bogotá is UTC-5 all year; Kolkata UTC+5:30 (19:00 UTC is 00:30 the next day)
    expect(formatWhen(at, 'en', 'America/Bogota')).toBe('Mon, 5 Jan 2026, 14:00 UTC\u221205:00')
    expect(formatWhen(at, 'de', 'America/Bogota')).toBe('Mo., 5. Jan. 2026, 14:00 UTC\u221205:00')
    expect(formatWhen(at, 'en', 'Asia/Kolkata')).toBe('Tue, 6 Jan 2026, 00:30 UTC+05:30')
    expect(formatWhen(at, 'de', 'Asia/Kolkata')).toBe('Di., 6. Jan. 2026, 00:30 UTC+05:30')
    // New York changes its offset with daylight saving time (EDT: UTC-4 from 8 Mar 2026)
    expect(formatWhen(summer, 'en', 'America/New_York')).toBe('Mon, 6 Jul 2026, 15:00 UTC\u221204:00')
    // a name the locale has stays: CET/CEST, MEZ/MESZ, GMT/BST; UTC is UTC
    expect(formatWhen(at, 'en', 'Europe/Berlin')).toBe('Mon, 5 Jan 2026, 20:00 CET')
    expect(formatWhen(summer, 'de', 'Europe/Berlin')).toBe('Mo., 6. Juli 2026, 21:00 MESZ')
    expect(formatWhen(summer, 'en', 'Europe/London')).toBe('Mon, 6 Jul 2026, 20:00 BST')
    expect(formatWhen(at, 'de', 'UTC')).toBe('Mo., 5. Jan. 2026, 19:00 UTC')
    // German has no name for London's zones: UTC at offset 0, then the offset
    expect(formatWhen(at, 'de', 'Europe/London')).toBe('Mo., 5. Jan. 2026, 19:00 UTC')
    expect(formatWhen(summer, 'de', 'Europe/London')).toBe('Mo., 6. Juli 2026, 20:00 UTC+01:00')
    // and inside a message, through the catalogue's `{at, date, when}`
    expect(speaker('de', 'Asia/Kolkata').say('chain', { at, day: 2, vm: 'a', depth: 2 })).toBe('Tag 2, Di., 6. Jan. 2026, 00:30 UTC+05:30: Die Snapshot-Kette von a erreicht ihre größte Tiefe: 2 Snapshots liegen übereinander.')
    // Intl's fallback names, for every offset form it writes
    expect(zoneLabel('GMT-5', at, 'America/Bogota')).toBe('UTC\u221205:00')
    expect(zoneLabel('GMT+5:30', at, 'Asia/Kolkata')).toBe('UTC+05:30')
    expect(zoneLabel('GMT+5:45', at, 'Asia/Kathmandu')).toBe('UTC+05:45')
    expect(zoneLabel('GMT+0', at, 'Europe/London')).toBe('UTC')
    expect(zoneLabel('CET', at, 'Europe/Berlin')).toBe('CET')
  }, 30_000)
})
