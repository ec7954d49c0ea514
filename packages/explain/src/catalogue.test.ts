import { describe, expect, it } from 'vitest'
import { catalogue } from './catalogue.ts'
import { checkCatalogue, placeholders } from './catalogue-check.ts'
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
    // abbreviation for EST and writes GMT-5)
    const at = Date.UTC(2026, 0, 5, 19, 0)
    expect(de.say('chain', { at, day: 1, vm: 'a', depth: 2 })).toBe('Tag 1, Mo., 5. Jan. 2026, 20:00 MEZ: Die Snapshot-Kette von a erreicht ihre größte Tiefe: 2 Snapshots liegen übereinander.')
    expect(en.say('chain', { at, day: 1, vm: 'a', depth: 2 })).toBe('Day 1, Mon, 5 Jan 2026, 14:00 GMT-5: the snapshot chain of a reaches its deepest: 2 snapshots stacked on its disk.')
  }, 30_000)
})
