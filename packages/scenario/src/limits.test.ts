// Work limits (docs/limits.md) and what `validate` finds in a sweep before `run` starts it.
import { Cron } from 'croner'
import { describe, expect, it } from 'vitest'
import { cronFires, estimateFires } from './cron.ts'
import { formatIssues, type ScenarioIssue } from './errors.ts'
import { DEFAULT_LIMITS, limitsFrom, parseLimitOption, type Limits } from './limits.ts'
import { parseScenario } from './load.ts'
import { checkScenario, type CheckOptions } from './sweep-check.ts'
import { grid, parseSetOption, splitValues } from './sweep.ts'
import { refusal, rows, smallScenario } from './issues.test-helpers.ts'

const base = smallScenario({ horizon: '90d', capacity: '1 PiB' })
const limits = (l: Partial<Limits>): Limits => ({ ...DEFAULT_LIMITS, ...l })

function issuesOf(text: string, options: CheckOptions = {}): ScenarioIssue[] {
  return refusal(() => checkScenario(text, 'bad.yaml', options))
}
describe('work limits', () => {
  it('--limit NAME=VALUE: names, units, and what is refused', () => {
    expect(parseLimitOption('vms=500000')).toEqual(['vms', 500_000])
    expect(parseLimitOption('events=1e9')).toEqual(['events', 1e9])
    expect(parseLimitOption('file-size=64 MiB')).toEqual(['fileSize', 64 * 2 ** 20])
    expect(parseLimitOption('horizon=7320d')).toEqual(['horizon', 7320 * 86400])
    expect(() => parseLimitOption('vm=3')).toThrow('--limit vm=3: unknown limit `vm`; known: file-size, vms, fires, events, horizon, grid-points, replications, id-length, alias-values, what-if-vm-days')
    expect(() => parseLimitOption('vms=0')).toThrow(/at least 1/)
    expect(() => parseLimitOption('vms=1.5')).toThrow(/whole number/)
    expect(() => parseLimitOption('vms=Infinity')).toThrow(/whole number/)
    expect(limitsFrom(['vms=7', 'vms=8']).vms).toBe(8)
  })

  it('a billion VMs are refused at the count, before they are built', () => {
    const issues = issuesOf(base.replace('count: 3', 'count: 1000000000'))
    expect(rows(issues)).toEqual([[7, 12, 'vms[0].count', 'the VMs number 1,000,000,000 with this entry, above the limit of 200,000; raise it with `--limit vms=…` (docs/limits.md)']])
    // Raised, the same count is refused by the next limit only (there is always one).
    expect(rows(issuesOf(base.replace('count: 3', 'count: 5'), { limits: limits({ vms: 4 }) }))[0]![3]).toMatch(/^the VMs number 5 with this entry, above the limit of 4;/)
    expect(parseScenario(base.replace('count: 3', 'count: 4'), 'ok.yaml', { limits: limits({ vms: 4 }) }).model.vms).toHaveLength(4)
  })

  it('a horizon above the limit, and raised', () => {
    expect(rows(issuesOf(base.replace('90d', '3661d')))).toEqual([[1, 10, 'horizon', 'a horizon of 3661 d is longer than the limit of 3660 d; raise it with `--limit horizon=…` (docs/limits.md)']])
    expect(rows(issuesOf(base.replace('90d', '30d'), { limits: limits({ horizon: 10 * 86400 }) }))[0]![2]).toBe('horizon')
  })

  it('the events of a run are estimated before it runs: 3 per backup of a VM and one per hour', () => {
    // 3 VMs x 90 daily fires x 3 + 90 x 24 hours = 810 + 2160 = 2970
    const at = (n: number) => issuesOf(base, { limits: limits({ events: n }) })
    expect(rows(at(2969))).toEqual([[11, 3, 'jobs', 'the run would take about 2,970 events (270 backups of a VM x 3, plus an hour tick each hour), above the limit of 2,969; raise it with `--limit events=…` (docs/limits.md)']])
    expect(checkScenario(base, 'ok.yaml', { limits: limits({ events: 2970 }) }).scenario.model.vms).toHaveLength(3)
  })

  it('per-day draws count against the event limit before they are drawn', () => {
    const text = base.replace('writeRate: 1 MiB/s', 'writeRate: { uniform: [1 MiB/s, 2 MiB/s], per: day }')
    // 3 VMs x (90 + 1) days = 273 draws
    expect(rows(issuesOf(text, { limits: limits({ events: 272 }) }))[0]!.slice(0, 3)).toEqual([9, 16, 'vms[0].writeRate'])
  })

  it('a dense schedule is refused by its estimated fires, and the estimate is close', () => {
    const every = base.replace('"0 20 * * *"', '"* * * * *"')
    expect(rows(issuesOf(every))).toEqual([[13, 15, 'jobs[0].schedule', 'cron `* * * * *` fires about 129,600 times within the horizon, above the limit of 50,000; raise it with `--limit fires=…` (docs/limits.md)']])
    // Below the estimate threshold the count is exact.
    expect(rows(issuesOf(base.replace('"0 20 * * *"', '"0 * * * *"'), { limits: limits({ fires: 1000 }) }))[0]![3]).toMatch(/^cron `0 \* \* \* \*` fires more than 1,000 times/)
    const start = Date.UTC(2026, 0, 5)
    for (const [pattern, zone, days] of [
      ['*/5 * * * *', 'Europe/Berlin', 12],
      ['* * 1 * *', 'UTC', 62],
      ['*/10 9-17 * * MON', 'America/New_York', 100],
    ] as const) {
      const exact = cronFires(pattern, zone, start, days * 86400, 1e9).length
      const about = estimateFires(new Cron(pattern, { timezone: zone, paused: true }), zone, start, start + days * 86400e3)
      // within a day's fires of the exact count
      expect(Math.abs(about - exact), pattern).toBeLessThanOrEqual(288)
    }
  }, 120_000)

  it('file size and id length (more in hostile.test.ts)', () => {
    expect(rows(issuesOf(base.replace('id: nightly', `id: ${'j'.repeat(300)}`)))).toEqual([[11, 9, 'jobs[0].id', 'an id of 300 characters is longer than the limit of 256; raise it with `--limit id-length=…` (docs/limits.md)']])
  })
})

describe('validate checks the sweep as run would', () => {
  const sweep = (block: string) => `${base}sweep:\n${block}`
  it('a path that leads nowhere, a value the key refuses, a garbage target, too many replications', () => {
    const issues = issuesOf(sweep('  parameters:\n    jobs.nightly.concurency: [1, 2]\n    jobs.nightly.overlap: [skip, sometimes]\n  replications: 2000000\n  target: "garbage"\n'))
    expect(rows(issues)).toEqual([
      [17, 5, 'sweep.parameters.jobs.nightly.concurency', '`concurency` is not a key of jobs[0] (did you mean `concurrency`?)'],
      [18, 34, 'jobs[0].overlap', 'expected one of `start`, `skip`, `queue`, `cancel`, got `sometimes` (with the swept value at sweep.parameters.jobs.nightly.overlap[1])'],
      [19, 17, 'sweep.replications', '2,000,000 replications are above the limit of 1,000,000; raise it with `--limit replications=…` (docs/limits.md)'],
      [20, 11, 'sweep.target', 'target: expected something like "P(full) < 1%", got `garbage`'],
    ])
    expect(rows(issuesOf(sweep('  parameters:\n    jobs.nope.overlap: [skip]\n')))).toEqual([[17, 5, 'sweep.parameters.jobs.nope.overlap', 'no entry with id `nope`']])
  })
  it('a grid above the limit is refused before any point is built', () => {
    const values = `[${Array.from({ length: 200 }, (_, i) => i + 1).join(', ')}]`
    const text = sweep(`  parameters:\n    jobs.nightly.concurrency: ${values}\n    vms.web.count: ${values}\n`)
    expect(rows(issuesOf(text))).toEqual([[17, 5, 'sweep.parameters', 'the sweep grid has 40,000 points (200 x 200), above the limit of 10,000; raise it with `--limit grid-points=…` (docs/limits.md)']])
    expect(() => grid({ parameters: [{ path: 'a', values: Array(200).fill(1) }, { path: 'b', values: Array(200).fill(1) }] }, 10_000)).toThrow(/40,000 points/)
  })
  it('--set values are checked too and reported at the flag; a distribution is one value', () => {
    const issues = issuesOf(base, { sweep: [{ path: 'vms.web.writeRate', values: ['{uniform: [1 MiB/s, 2 MiB/s]}', '{uniform: [2 MiB/s]}', 'fast'] }] })
    expect(issues.map((i) => [i.flag, i.path, i.message])).toEqual([
      ['--set vms.web.writeRate={uniform: [2 MiB/s]}', 'vms[0].writeRate', 'uniform: expected [low, high]'],
      ['--set vms.web.writeRate=fast', 'vms[0].writeRate', 'not a rate: `fast`: expected a rate like `150 MiB/s` (a size per s, min, h, d, w, mo, y or per second, minute, hour, day, week, month, year)'],
    ])
    expect(formatIssues(issues).split('\n')[0]).toBe('--set vms.web.writeRate={uniform: [2 MiB/s]}: vms[0].writeRate: uniform: expected [low, high]')
  })
})

describe('--set values', () => {
  it('commas inside braces, brackets and quotes do not separate values', () => {
    expect(splitValues('2,4,8')).toEqual(['2', '4', '8'])
    expect(splitValues('{uniform: [1 MiB/s, 2 MiB/s]},{constant: 3 MiB/s}')).toEqual(['{uniform: [1 MiB/s, 2 MiB/s]}', '{constant: 3 MiB/s}'])
    expect(parseSetOption('name="a, b"')).toEqual({ path: 'name', values: ['a, b'] })
    expect(parseSetOption('jobs.j.concurrency=2,4,1e1')).toEqual({ path: 'jobs.j.concurrency', values: [2, 4, 10] })
    expect(() => parseSetOption('x={a: [1, 2}')).toThrow(/unclosed/)
    expect(() => parseSetOption('x=1e400')).toThrow('--set x=1e400: `1e400` is not a finite number')
    expect(() => parseSetOption('x=1,,2')).toThrow(/empty value/)
    expect(() => parseSetOption('a..b=1')).toThrow(/empty segment/)
  })
  it('a distribution given by --set is drawn like one written in the file', () => {
    const written = parseScenario(base.replace('writeRate: 1 MiB/s', 'writeRate: { uniform: [1 MiB/s, 2 MiB/s] }'), 'a.yaml', { replication: 3 })
    const set = parseScenario(base, 'a.yaml', { replication: 3, set: { 'vms.web.writeRate': '{uniform: [1 MiB/s, 2 MiB/s]}' } })
    expect(set.uncertain).toBe(true)
    expect(set.model.vms.map((v) => v.writeRate)).toEqual(written.model.vms.map((v) => v.writeRate))
  })
})
