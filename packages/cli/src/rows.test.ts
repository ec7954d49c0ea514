// The line writers against the plain definition (csvRow of the row's cells) on generated records.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { BackupRecord, SnapshotRecord, StateInterval, VmResult } from '@snapsim/core'
import { csvRow } from './csv.ts'
import { backupCells, lineWriters, snapshotCells, vmCells, vmStateCells } from './rows.ts'
import { isoClock } from './wall-time.ts'

const runs = process.env.SNAPSIM_DEEP ? 20_000 : 500
// ids that need quoting (comma, quote, line break), non-ASCII, and plain ones
const id = fc.oneof(fc.constantFrom('vm1', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', 'ü-ds', ''), fc.string({ maxLength: 8 }))
const time = fc.double({ min: 0, max: 400 * 86400, noNaN: true })
const size = fc.oneof(fc.integer({ min: 0, max: 2 ** 50 }), fc.double({ min: 0, max: 1e15, noNaN: true }))
const outcome = fc.constantFrom('success', 'failed', 'cancelled', 'skipped', 'snapshot-failed', 'unfinished') as fc.Arbitrary<BackupRecord['outcome']>
const state = fc.constantFrom('running', 'paused', 'stopped') as fc.Arbitrary<StateInterval['state']>

const backup: fc.Arbitrary<BackupRecord> = fc.record({
  job: id, vm: id, run: fc.nat(1000), firedAt: time, start: fc.option(time), end: fc.option(time), outcome, reason: fc.option(id),
  bytesRead: size, bytesToRead: size, incremental: fc.boolean(), overlapped: fc.boolean(), missedWindow: fc.boolean(), chainDepth: fc.nat(40), snapshot: fc.option(fc.nat()), orphaned: fc.boolean(),
})
const snapshot: fc.Arbitrary<SnapshotRecord> = fc.record({ vm: id, job: fc.option(id), takenAt: time, removalStartedAt: fc.option(time), removedAt: fc.option(time), maxBytes: size, orphaned: fc.boolean(), depth: fc.nat(40) })
const interval: fc.Arbitrary<StateInterval> = fc.oneof(fc.record({ state, from: time, to: time }), fc.record({ state, from: time, to: time, reason: id }))
const vm: fc.Arbitrary<VmResult> = fc.record({ id, datastore: id, states: fc.array(interval, { maxLength: 3 }), downtime: time, firstStopAt: fc.option(time), finalState: state })

describe('line writers', () => {
  const iso = isoClock(Date.UTC(2026, 2, 1), 'Europe/Berlin')

  it('write each row as csvRow of its cells', () => {
    // one writer for the whole run, as for a file: kept texts are reused across rows
    const line = lineWriters(iso)
    fc.assert(
      fc.property(backup, snapshot, vm, (b, s, v) => {
        expect(line.backup(b)).toBe(csvRow(backupCells(b, iso)))
        expect(line.snapshot(s)).toBe(csvRow(snapshotCells(s, iso)))
        expect(line.vm(v)).toBe(csvRow(vmCells(v, iso)))
        for (const st of v.states) expect(line.vmState(v, st)).toBe(csvRow(vmStateCells(v, st, iso)))
      }),
      { seed: 1202, numRuns: runs },
    )
  })

  it('quote what needs quoting, and empty cells for null', () => {
    const line = lineWriters(iso)
    expect(line.text('a,b')).toBe('"a,b"')
    expect(line.text('say "hi"')).toBe('"say ""hi"""')
    expect(line.use('ds "1"', 0, 1.5, 2, 0)).toBe('"ds ""1""",0,2026-03-01T01:00:00+01:00,1.5,2,0\n')
    const b: BackupRecord = { job: 'j', vm: 'v', run: 0, firedAt: 0, start: null, end: null, outcome: 'skipped', reason: null, bytesRead: 0, bytesToRead: 5, incremental: false, overlapped: true, missedWindow: false, chainDepth: 0, snapshot: null, orphaned: false }
    expect(line.backup(b)).toBe('j,v,1,0,2026-03-01T01:00:00+01:00,,,,,skipped,,0,5,false,true,false,0,,false\n')
  })
})
