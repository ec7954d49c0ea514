// result.json read back as hostile input: each kind of damage gets a message naming the file and
// the field, and no input whatever escapes as anything but a ResultFileError.

import { generic, simulate, type Model } from '@snapsim/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseResultFile, ResultFileError } from './result-file.ts'

const GiB = 2 ** 30
const m: Model = {
  horizon: 86400,
  seed: 's',
  datastores: [{ id: 'ds', capacity: 200 * GiB, fixedUse: 0, consolidationThroughput: 2 ** 27, platform: generic }],
  vms: [{ id: 'a', datastore: 'ds', disk: 100 * GiB, used: 10 * GiB, provisioning: 'thick', dataGrowth: 0, writeRate: 2 ** 20, footprint: 1 }],
  jobs: [{ id: 'j', fires: [3600], vms: ['a'], type: 'full', streamThroughput: 2 ** 26, overlap: 'start' }],
}
const good = () => JSON.parse(JSON.stringify({ scenario: { name: 'n', file: 'f.yaml', timezone: 'Europe/Berlin', startEpochMs: Date.UTC(2026, 0, 5), seed: 's' }, alarms: {}, summaryLines: [], result: simulate(m) }))

function damage(change: (run: any) => void): string {
  const run = good()
  change(run)
  try {
    parseResultFile(JSON.stringify(run), 'out/result.json')
  } catch (e) {
    expect(e).toBeInstanceOf(ResultFileError)
    return (e as Error).message
  }
  return 'accepted'
}

describe('reading result.json', () => {
  it('accepts what `run --out` writes', () => {
    const input = parseResultFile(JSON.stringify(good()), 'out/result.json')
    expect(input.result.backups.length).toBe(1)
    expect(input.timezone).toBe('Europe/Berlin')
  }, 60_000)

  it('names the file and the field of each kind of damage', () => {
    expect(damage((r) => (r.result.backups[0].bytesRead = -1))).toMatch(/^out\/result\.json: result\.backups\[0\]\.bytesRead: /)
    expect(damage((r) => (r.result.backups[0].outcome = 'exploded'))).toMatch(/^out\/result\.json: result\.backups\[0\]\.outcome: /)
    expect(damage((r) => delete r.result.vms[0].states)).toMatch(/result\.vms\[0\]\.states: /)
    expect(damage((r) => (r.result.datastores[0].capacity = 0))).toMatch(/result\.datastores\[0\]\.capacity: /)
    expect(damage((r) => (r.result.backups[0].snapshot = 99))).toBe('out/result.json: result.backups[0].snapshot: 99 is not a snapshot (there are 1)')
    expect(damage((r) => (r.result.backups[0].end = 1e9))).toMatch(/result\.backups\[0\]\.end: 1000000000 is after the horizon/)
    expect(damage((r) => (r.scenario.timezone = 'Mars/Olympus'))).toBe('out/result.json: scenario.timezone: `Mars/Olympus` is not a time zone')
    expect(damage((r) => (r.result.vms[0].datastore = '__proto__'))).toMatch(/is not a datastore of the result/)
    expect(damage((r) => (r.result.detail = 'summary'))).toMatch(/result\.detail: a summary-detail result/)
    expect(damage((r) => (r.result.log[0] = { t: 1, type: 'job-fire', job: 'j', run: 0, action: 'explode' }))).toMatch(/result\.log\[0\]/)
    expect(damage((r) => (r.result.datastores[0].usedAtStart = -1))).toMatch(/result\.datastores\[0\]\.usedAtStart: /)
    // exactly the known keys, as every reader of the file checks them (@snapsim/results)
    expect(damage((r) => (r.result.backups[0].note = '<img src=x onerror=alert(1)>'))).toMatch(/^out\/result\.json: result\.backups\[0\]: .*note/)
    expect(
      damage((r) => {
        delete r.result.datastores[0].usedAtStart
        delete r.result.datastores[0].series
      }),
    ).toBe('out/result.json: result.datastores[0].usedAtStart: missing (and no series.used to read the use at the start from)')
  }, 60_000)

  it('reads the use at the start from the series of a result written before usedAtStart', () => {
    const old = good()
    const used = old.result.datastores[0].usedAtStart
    delete old.result.datastores[0].usedAtStart
    expect(parseResultFile(JSON.stringify(old), 'out/result.json').result.datastores[0]!.usedAtStart).toBe(used)
    expect(used).toBe(old.result.datastores[0].series.used[0])
  }, 60_000)

  it('rejects non-finite numbers: 1e999 parses to Infinity', () => {
    const text = JSON.stringify(good()).replace(/"horizon":\d+/, '"horizon":1e999')
    expect(() => parseResultFile(text, 'r.json')).toThrow(/^r\.json: result\.horizon: /)
    expect(() => parseResultFile('{"scenario": ', 'r.json')).toThrow(/^r\.json: not JSON/)
  }, 60_000)

  it('turns any value anywhere into a ResultFileError, never another exception', () => {
    const paths = [['result', 'backups', 0, 'start'], ['result', 'vms', 0, 'states', 0], ['result', 'log'], ['scenario'], ['result', 'snapshots', 0, 'removedAt'], []] as const
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (where, value) => {
        const run = good()
        let at: any = run
        for (const k of where.slice(0, -1)) at = at[k]
        if (where.length === 0) at = value
        else at[where[where.length - 1]!] = value
        try {
          parseResultFile(JSON.stringify(where.length === 0 ? at : run), 'r.json')
        } catch (e) {
          if (!(e instanceof ResultFileError)) throw e
        }
      }),
      { seed: 13, numRuns: process.env.SNAPSIM_DEEP ? 2000 : 200 },
    )
  }, 60_000)
})
