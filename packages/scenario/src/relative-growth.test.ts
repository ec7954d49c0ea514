// Relative (compounding) growth in a scenario file: `dataGrowth: 2%/w` and `writeGrowth: 2%/mo`
// become continuous rates ln(1 + p) / period; word units work; mistakes are positioned.
import { describe, expect, it } from 'vitest'
import { ScenarioError, type ScenarioIssue } from './errors.ts'
import { parseScenario } from './load.ts'
import { MONTH_SECONDS, parseDuration, parseRate, parseRelativeGrowth } from './units.ts'

const WEEK = 604800
const base = (growth: string, write = '') => `horizon: 90d
datastores: [{ id: ds, capacity: 10 TiB }]
vms:
  - id: files
    disk: 500 GiB
    used: 300 GiB
    provisioning: thin
    dataGrowth: ${growth}
    writeRate: 2 MiB/s
${write}`

function issuesOf(text: string): ScenarioIssue[] {
  try {
    parseScenario(text, 'bad.yaml')
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues
    throw e
  }
  throw new Error('expected the scenario to be rejected')
}
const rows = (issues: ScenarioIssue[]) => issues.map((i) => [i.line, i.column, i.path, i.message])

describe('relative growth', () => {
  it('2 % per week is the continuous rate ln(1.02) / 1 w, in any spelling of the week', () => {
    for (const text of ['2%/w', '2 %/week', '2% / weeks']) expect(parseRelativeGrowth(text)).toBe(Math.log1p(0.02) / WEEK)
    expect(parseRelativeGrowth('2%/month')).toBe(Math.log1p(0.02) / MONTH_SECONDS)
    expect(MONTH_SECONDS).toBe(30.4375 * 86400)
    expect(parseRelativeGrowth(0)).toBe(0)
    // after a year of 2 %/w the data is 1.02^(365.25/7) = 2.81 times what it was
    expect(Math.exp(parseRelativeGrowth('2%/w') * 365.25 * 86400) / 1.02 ** (365.25 / 7)).toBeCloseTo(1, 12)
  })

  it('word units work for rates and durations too', () => {
    expect(parseRate('7 GiB/week')).toBe(parseRate('1 GiB/d'))
    expect(parseRate('1 GiB/day')).toBe(parseRate('1 GiB/d'))
    expect(parseDuration('3 months')).toBe(3 * MONTH_SECONDS)
    expect(parseDuration('1y')).toBe(365.25 * 86400)
  })

  it('dataGrowth with % and writeGrowth reach the model; a rate stays absolute', () => {
    const vm = parseScenario(base('2%/w', '    writeGrowth: 2%/mo\n'), 'ok.yaml').model.vms[0]!
    expect(vm.relativeDataGrowth).toBe(Math.log1p(0.02) / WEEK)
    expect(vm.dataGrowth).toBe(0)
    expect(vm.relativeWriteGrowth).toBe(Math.log1p(0.02) / MONTH_SECONDS)
    const linear = parseScenario(base('1 GiB/d'), 'ok.yaml').model.vms[0]!
    expect(linear.dataGrowth).toBe(2 ** 30 / 86400)
    expect(linear.relativeDataGrowth).toBeUndefined()
  })

  it('mistakes are reported at the key', () => {
    expect(rows(issuesOf(base('2%/fortnight')))).toEqual([[8, 17, 'vms[0].dataGrowth', 'unknown time unit `fortnight` in `2%/fortnight`: expected a relative growth like `2%/w` or `2 %/month` (a percentage per s, min, h, d, w, mo, y or per second … year)']])
    expect(rows(issuesOf(base('-2%/w')))).toEqual([[8, 17, 'vms[0].dataGrowth', 'relative growth `-2%/w` must be a percentage of at least 0']])
    expect(rows(issuesOf(base('1 GiB/d', '    writeGrowth: 5\n')))[0]!.slice(0, 3)).toEqual([10, 18, 'vms[0].writeGrowth'])
    // 100 % per hour over 90 days multiplies by 2^2160: refused, with the limit
    expect(rows(issuesOf(base('100%/h')))).toEqual([[8, 17, 'vms[0].dataGrowth', '`100%/h` over the horizon of 90 d multiplies by e^1497.2, above the limit of e^27.6 (about 10^12): a shorter horizon or a smaller growth']])
  })
})
