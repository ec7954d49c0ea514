import { describe, expect, it } from 'vitest'
import { baseVmName, fitChanges, fitReport, overlayWithFits, readChanges, regionsOf } from './changes.ts'
import { parseCsvSheet } from './csv.ts'
import { distinct } from './fit.ts'
import { defaultLimits } from './limits.ts'
import { parseOverlay, vmSettings } from './overlay.ts'
import { IssueLog } from './sheet.ts'

const GiB = 2 ** 30
const MiB = 2 ** 20
const DAY = 86400

describe('reading a change history', () => {
  it('takes dates or start/end intervals, bytes or sizes with units, and reports bad rows', () => {
    const log = new IssueLog()
    const sheet = parseCsvSheet(
      ['VM;Date;Start;End;Changed Bytes', 'a;2026/11/01;;;"1.073.741.824"', 'b;;2026-11-01 22:00;2026-11-02 10:00;12 GiB', 'c;yesterday;;;5', 'd;2026/11/01;;;lots', ';;;;'].join('\n'),
      'changes',
      'changes.csv',
      defaultLimits,
    )
    const rows = readChanges(sheet, log)
    expect(rows.map((r) => [r.vm, r.seconds, r.changedBytes])).toEqual([
      ['a', DAY, GiB],
      ['b', 12 * 3600, 12 * GiB],
    ])
    expect(log.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [4, 'Date', 'not a date: "yesterday"; row skipped'],
      [5, 'Changed Bytes', 'not a size: "lots"; row skipped'],
    ])
  })
  it('says which columns are missing', () => {
    const log = new IssueLog()
    readChanges(parseCsvSheet('vm,when,size\nx,1,2\n', 'changes', 'c.csv', defaultLimits), log)
    expect(log.issues[0]!.message).toBe('no column `changed bytes`, `date` or `start` and `end` (header: vm, when, size)')
  })
})

describe('regions of imported VMs', () => {
  it('strip the part suffixes an import gives', () => {
    expect(baseVmName('db1@ds2:thin', 'ds2')).toBe('db1')
    expect(baseVmName('db1@ds2', 'ds2')).toBe('db1')
    expect(baseVmName('mail@home', 'ds1')).toBe('mail@home')
    const r = regionsOf([
      { id: 'db1@ds1', datastore: 'ds1', disk: 100 * GiB, footprint: 0.5 },
      { id: 'db1@ds2', datastore: 'ds2', disk: 300 * GiB, footprint: 0.5 },
      { id: 'web', datastore: 'ds1', disk: 40 * GiB, footprint: 1 },
    ])
    expect([...r]).toEqual([
      ['db1', 200 * GiB],
      ['web', 40 * GiB],
    ])
  })
})

describe('fitting measured change', () => {
  // db1: R = 200 GiB, seven days written at 2, 3, 4, 5, 6, 7, 8 MiB/s; D = S(w·T) each day.
  const R = 200 * GiB
  const ws = [5, 2, 8, 3, 7, 4, 6].map((x) => x * MiB)
  const rows = ws.map((w, d) => ({ row: d + 2, vm: 'db1', startMs: d * DAY * 1000, seconds: DAY, changedBytes: distinct(w * DAY, R) }))
  it('recovers each day rate, their median and spread (closed form)', () => {
    const log = new IssueLog()
    const [fit] = fitChanges('changes', rows, new Map([['db1', R]]), log)
    expect(log.issues).toEqual([])
    for (let i = 0; i < ws.length; i++) expect(fit!.rates[i]! / ws[i]!).toBeCloseTo(1, 9)
    // median of 2..8 MiB/s is 5; R-7 p10 = 2 + 0.6 × 1 = 2.6, p90 = 7 + 0.4 × 1 = 7.4.
    expect(fit!.summary.median / MiB).toBeCloseTo(5, 9)
    expect(fit!.summary.p10 / MiB).toBeCloseTo(2.6, 9)
    expect(fit!.summary.p90 / MiB).toBeCloseTo(7.4, 9)
  })
  it('rejects a day that changed the whole region, and unknown VMs and repeated days', () => {
    const log = new IssueLog()
    const more = [...rows, { row: 9, vm: 'db1', startMs: 99e9, seconds: DAY, changedBytes: R }, { row: 10, vm: 'ghost', startMs: 0, seconds: DAY, changedBytes: 1 }, { ...rows[0]!, row: 11 }]
    const [fit] = fitChanges('changes', more, new Map([['db1', R]]), log)
    expect(fit!.rejected).toBe(1)
    // grouping first (unknown VM, repeated day), then the fit (the full day)
    expect(log.issues.map((i) => i.row)).toEqual([10, 11, 9])
  })
  it('writes overlay rules that replace the previous fit and keep everything else', () => {
    const [fit] = fitChanges('changes', rows, new Map([['db1', R]]), new IssueLog())
    const before = '# my overlay\nscenario: { horizon: 60d }\nvms:\n  - match: { name: "*" }  # everyone\n    set: { footprint: 50% }\n  - { match: { name: db1 }, set: { writeRate: 1 MiB/s }, fit: { source: old.csv } }\n'
    const after = overlayWithFits(before, [fit!], { distribution: false, source: 'changes.csv' })
    expect(after).toContain('# my overlay')
    expect(after).toContain('# everyone')
    expect(after).not.toContain('old.csv')
    const overlay = parseOverlay(after, 'o.yaml')
    const vm = { name: 'db1', folder: '', cluster: '', datacenter: '', powerState: 'poweredOn', attributes: new Map<string, string>() }
    const s = vmSettings(overlay, vm as never)
    expect([...s.set]).toEqual([
      ['footprint', '50%'],
      ['writeRate', '5 MiB/s'],
    ])
    const dist = parseOverlay(overlayWithFits(after, [fit!], { distribution: true, source: 'changes.csv' }), 'o.yaml')
    expect(vmSettings(dist, vm as never).set.get('writeRate')).toEqual({ empirical: ['5 MiB/s', '2 MiB/s', '8 MiB/s', '3 MiB/s', '7 MiB/s', '4 MiB/s', '6 MiB/s'], per: 'day' })
    expect(fitReport([fit!])).toEqual(['# vm   intervals  median   p10        p90        max D/R', `# db1  7          5 MiB/s  2.6 MiB/s  7.4 MiB/s  ${((distinct(8 * MiB * DAY, R) / R) * 100).toFixed(1)} %`])
  })
})
