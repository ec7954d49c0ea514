// More error classes, and that one file reports all of its problems without follow-on noise.
import { describe, expect, it } from 'vitest'
import { formatIssues } from './errors.ts'
import { parseScenario } from './load.ts'
import { issuesOf, rows } from './issues.test-helpers.ts'

// line numbers of this text are written next to the keys the tests change
const base = `name: base
timezone: UTC
horizon: 2d
datastores:
  - id: ds1
    capacity: 10 TiB
  - id: ds2
    capacity: 10 TiB
vms:
  - id: web
    count: 3
    datastore: ds1
    disk: 100 GiB
    used: 50 GiB
    writeRate: 1 MiB/s
  - id: db
    datastore: ds2
    disk: 1 TiB
    used: 500 GiB
    writeRate: 4 MiB/s
jobs:
  - id: nightly
    vms: ["web-*", db]
    schedule: "0 20 * * *"
    streamThroughput: 100 MiB/s
`

describe('more error classes', () => {
  it('parses the base text', () => {
    const s = parseScenario(base, 'base.yaml')
    expect(s.model.jobs[0]!.vms).toEqual(['web-01', 'web-02', 'web-03', 'db'])
  })

  it('duplicate ids of datastores, VMs (also through count) and jobs', () => {
    const text = base
      .replace('  - id: ds2\n', '  - id: ds1\n')
      .replace('    datastore: ds2\n', '    datastore: ds1\n')
      .replace('  - id: db\n', '  - id: web-02\n')
      .replace('    vms: ["web-*", db]', '    vms: ["web-*"]')
      .concat('  - id: nightly\n    vms: web-01\n    schedule: "0 8 * * *"\n    streamThroughput: 1 MiB/s\n')
    expect(rows(issuesOf(text))).toEqual([
      [7, 9, 'datastores[1].id', 'duplicate datastore id `ds1`'],
      [16, 9, 'vms[1].id', 'duplicate VM id `web-02`: VM ids must be unique'],
      [26, 9, 'jobs[1].id', 'duplicate job id `nightly`'],
    ])
  })

  it('an unknown time zone, with a suggestion', () => {
    expect(rows(issuesOf(base.replace('timezone: UTC', 'timezone: Europe/Berln')))).toEqual([
      [2, 11, 'timezone', 'unknown time zone `Europe/Berln` (did you mean `Europe/Berlin`?): expected an IANA name such as `Europe/Berlin` or `UTC`'],
    ])
  })

  it('a start that is not a local date-time', () => {
    const [i] = issuesOf(base.replace('timezone: UTC', 'timezone: UTC\nstart: 5 Jan 2026'))
    expect(i).toMatchObject({ line: 3, column: 8, path: 'start', message: 'not a local date-time: `5 Jan 2026`: expected `YYYY-MM-DDTHH:MM` (local wall time in the scenario time zone)' })
  })

  it('a zero horizon and a duration with a wrong unit', () => {
    expect(rows(issuesOf(base.replace('horizon: 2d', 'horizon: 0d')))).toEqual([[3, 10, 'horizon', 'horizon must be greater than 0, got `0d`']])
    expect(rows(issuesOf(base.replace('horizon: 2d', 'horizon: 2 fortnights')))).toEqual([
      [3, 10, 'horizon', 'unknown unit `fortnights` in `2 fortnights`: expected a duration like `90d` or `1h30min` (units s, min, h, d, w, mo, y, or the words second … year)'],
    ])
  })

  it('a string where a number is expected, a list where a mapping is expected', () => {
    expect(rows(issuesOf(base.replace('    count: 3', '    count: three').replace('datastores:\n', 'datastores:\n  - [ds0]\n')))).toEqual([
      [5, 5, 'datastores[0]', 'expected a mapping (key: value), got a list'],
      [12, 12, 'vms[0].count', 'expected a number, got string `three`'],
    ])
  })

  it('alternatives: the inner problem of the one that fits, else every alternative named', () => {
    const text = base.replace('    vms: ["web-*", db]', '    vms: 7').replace('    capacity: 10 TiB\n  - id: ds2', '    capacity: 10 TiB\n    alarms: [{ name: high, levl: 90% }]\n  - id: ds2')
    expect(rows(issuesOf(text))).toEqual([
      [7, 14, 'datastores[0].alarms[0]', 'missing required key `level`: Alarm level. A share: `30%` or a fraction 0..1'],
      [7, 28, 'datastores[0].alarms[0].levl', 'unknown key `levl` (did you mean `level`?)'],
      [24, 10, 'jobs[0].vms', 'expected a string or a list, got number `7`'],
    ])
  })

  it('a daily profile that is not 24 non-negative multipliers', () => {
    const text = base.replace('    writeRate: 4 MiB/s\n', '    writeRate: 4 MiB/s\n    dailyProfile: [1, 2, 3]\n').concat('profiles:\n  night: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, 1]\n')
    expect(rows(issuesOf(text))).toEqual([
      [21, 19, 'vms[1].dailyProfile', 'a daily profile needs 24 multipliers (hours 0-23), got 3'],
      [28, 77, 'profiles.night[22]', 'a multiplier must be within 0..1000, got -1'],
    ])
  })

  it('an unknown profile, with a suggestion and the defined names', () => {
    const text = base.replace('    writeRate: 4 MiB/s\n', '    writeRate: 4 MiB/s\n    dailyProfile: ofice\n').concat(`profiles:\n  office: [${Array(24).fill(1).join(', ')}]\n`)
    expect(rows(issuesOf(text))).toEqual([[21, 19, 'vms[1].dailyProfile', 'unknown profile `ofice` (did you mean `office`?); defined under profiles: office']])
  })

  it('an expectation that compares nothing, and one with a bound of no kind', () => {
    // A string bound with a unit is fine here (the CLI checks it against the metric's kind); one
    // that is no value of any kind is not.
    const text = base.concat('expect:\n  - { metric: vmsStopped }\n  - { metric: vmsStopped, below: "1" }\n')
    expect(rows(issuesOf(text))).toEqual([[27, 5, 'expect[0]', 'expectation on `vmsStopped` compares nothing: give equals, below, above, atMost or atLeast']])
    const units = base.concat('expect:\n  - { metric: firstFullAt, atLeast: 90d }\n  - { metric: vmsStopped, atMost: lots }\n')
    expect(rows(issuesOf(units))).toEqual([[28, 35, 'expect[1].atMost', '`lots` is neither a number nor a duration (`26h`), a size (`1.5 TiB`) or a share (`80%`)']])
  })

  it('shares out of range and a zero alarm level', () => {
    const text = base.replace('    capacity: 10 TiB\n  - id: ds2', '    capacity: 10 TiB\n    alarms: [0%, { name: high, level: 1.5 }]\n  - id: ds2').replace('    writeRate: 1 MiB/s\n', '    writeRate: 1 MiB/s\n    footprint: 130%\n')
    expect(rows(issuesOf(text))).toEqual([
      [7, 14, 'datastores[0].alarms[0]', 'an alarm level must be above 0%'],
      [7, 39, 'datastores[0].alarms[1].level', 'share `1.5` is outside 0..1: write a percentage like `1.5%` or a fraction like 0.3'],
      [17, 16, 'vms[0].footprint', 'share `130%` is over 100%'],
    ])
  })

  it('malformed YAML: a duplicate key and a bad indentation, each with its position', () => {
    const issues = issuesOf('name: x\nname: y\nhorizon: 1d\n')
    expect(issues[0]).toMatchObject({ line: 2, column: 1, path: '' })
    expect(issues[0]!.message).toMatch(/^malformed YAML: Map keys must be unique/)
  })

  it('the issues format as file:line:column: path: message, one per line', () => {
    const issues = issuesOf(base.replace('horizon: 2d', 'horizon: 0d').replace('disk: 1 TiB', 'disk: 1 TB/s'))
    expect(formatIssues(issues)).toBe(
      'bad.yaml:3:10: horizon: horizon must be greater than 0, got `0d`\n' +
        'bad.yaml:18:11: vms[1].disk: not a size: `1 TB/s`: expected a size like `400 GiB` (units B, KiB, MiB, GiB, TiB, PiB, kB, MB, GB, TB, PB)',
    )
  })
})

describe('all problems of a file in one run, without follow-on errors', () => {
  it('a missing required key does not hide the problems elsewhere', () => {
    const text = base
      .replace('    disk: 100 GiB\n', '') // vms[0] lacks disk
      .replace('    datastore: ds2\n', '    datastore: ds3\n') // unknown datastore
      .replace('"0 20 * * *"', '"0 20 31 2 *"') // never fires
    expect(rows(issuesOf(text))).toEqual([
      [10, 5, 'vms[0]', expect.stringMatching(/^missing required key `disk`/)],
      [16, 16, 'vms[1].datastore', 'unknown datastore `ds3` (did you mean `ds1`?); defined: ds1, ds2'],
      [23, 15, 'jobs[0].schedule', 'cron `0 20 31 2 *` never fires within the horizon (2d from 2026-01-05T00:00 UTC)'],
    ])
  })

  it('a missing or wrong reference is reported once, not again as an unknown datastore or a glob that matches nothing', () => {
    const text = base.replace('    datastore: ds2\n', '').replace('    vms: ["web-*", db]', '    vms: ["web-*", 7]')
    expect(rows(issuesOf(text))).toEqual([
      [16, 5, 'vms[1]', expect.stringMatching(/^missing required key `datastore`: there are 2 datastores/)],
      [22, 20, 'jobs[0].vms[1]', 'expected a string, got number `7`'],
    ])
  })

  it('a VM that does not fit is still found when other values are wrong', () => {
    const text = base.replace('    capacity: 10 TiB\n  - id: ds2', '    capacity: 200 GiB\n  - id: ds2').replace('    count: 3', '    count: 3\n    provisioning: thik')
    expect(rows(issuesOf(text))).toEqual([
      [6, 15, 'datastores[0].capacity', 'the 3 VMs on `ds1` do not fit at the start: otherData 0 B + disks 300 GiB = 300 GiB > capacity 200 GiB'],
      [12, 19, 'vms[0].provisioning', 'expected one of `thick`, `thin`, got `thik` (did you mean `thick`?)'],
    ])
  })
})
