// The virtual tables' columns: values worked out by hand from the fixtures' closed forms.

import { describe, expect, it } from 'vitest'
import type { LogEvent } from '@snapsim/core'
import { OUTCOMES } from './backups.ts'
import { backupColumns, logColumns } from './table-columns.ts'
import { eventDetail, eventSubject } from './event-words.ts'
import { ctx, GiB, HOUR, orphanResult, overlapResult, START } from './fixtures.test-helpers.ts'

describe('backupColumns', () => {
  // overlapResult: fires at 0 and 1 h; a reads 100 GiB and b 50 GiB at 50 GiB/h each
  const cols = backupColumns(overlapResult(), ctx)

  it('lists the rows VM by VM, each VM in time, with dictionaries of jobs and VMs', () => {
    expect(cols.jobs).toEqual(['nightly'])
    expect(cols.vms).toEqual(['a', 'b'])
    expect(cols.cols.vm).toEqual([0, 0, 1, 1])
    expect(cols.cols.run).toEqual([1, 2, 1, 2])
    expect(cols.cols.job).toEqual([0, 0, 0, 0])
  })

  it('keeps times as wall-clock minutes: fired since the base, start after the fire, end after the start', () => {
    // Berlin in January is UTC+1: the first fire shows as 01:00 of the start day
    expect(cols.base).toBe(START / 60_000 + 60)
    expect(cols.cols.fired).toEqual([0, 60, 0, 60])
    expect(cols.cols.wait).toEqual([0, 0, 0, 0])
    // a: 100 GiB at 50 GiB/h = 120 min; b: 50 GiB = 60 min
    expect(cols.cols.span).toEqual([120, 120, 60, 60])
    expect(cols.cols.dur).toEqual([2 * HOUR, 2 * HOUR, HOUR, HOUR])
  })

  it('keeps sizes, outcome, chain depth and flags (1 overlapped, 2 missed window, 4 orphaned, 8 incremental)', () => {
    expect(cols.cols.toRead).toEqual([100 * GiB, 100 * GiB, 50 * GiB, 50 * GiB])
    expect(cols.cols.unread).toEqual([0, 0, 0, 0])
    expect(cols.cols.outcome).toEqual([0, 0, 0, 0])
    expect(cols.cols.chain).toEqual([1, 2, 1, 2])
    // a's first run ends at 2 h, after the next fire (missed window); both second runs start
    // while a's first still reads (overlapped); b's first ends exactly at the next fire
    expect(cols.cols.flags).toEqual([2, 1, 0, 1])
    expect(cols.cols.reason).toEqual([-1, -1, -1, -1])
    expect(cols.reasons).toEqual([])
  })

  it('gives failed tasks their outcome index and reason, and orphaned snapshots their flag', () => {
    const r = orphanResult()
    const c = backupColumns(r, ctx)
    expect(c.cols.outcome).toHaveLength(r.backups.length)
    const failed = r.backups.filter((b) => b.outcome === 'failed').length
    expect(failed).toBeGreaterThan(0)
    expect(c.cols.outcome.filter((o) => OUTCOMES[o] === 'failed')).toHaveLength(failed)
    expect(c.cols.flags.filter((f) => (f & 4) !== 0)).toHaveLength(r.backups.filter((b) => b.orphaned).length)
    expect(c.cols.reason.filter((i) => i >= 0).map((i) => c.reasons[i])).toEqual(
      // rows go VM by VM
      [...r.backups.entries()].sort(([i, x], [j, y]) => c.vms.indexOf(x.vm) - c.vms.indexOf(y.vm) || i - j).flatMap(([, b]) => (b.reason === null ? [] : [b.reason])),
    )
  })
})

describe('logColumns', () => {
  const r = overlapResult()

  it('keeps the first max entries, counts all of them, and names types by index into a sorted list', () => {
    const log = logColumns(r, 3)
    expect(log.total).toBe(r.log.length)
    expect(log.t).toHaveLength(3)
    // the run opens with a fire, then a's snapshot and its backup's start
    expect(log.types).toEqual(['backup-start', 'job-fire', 'snapshot-create'])
    expect(log.type.map((k) => log.types[k])).toEqual(['job-fire', 'snapshot-create', 'backup-start'])
    expect(log.subject).toEqual(['job nightly', 'a', 'a (nightly)'])
    expect(log.detail[2]).toBe('run 1: reads 100 GiB, snapshot chain depth 1')
  })

  it('rounds times to whole seconds and keeps them all when max is large', () => {
    const log = logColumns(r, 1e9)
    expect(log.t).toEqual(r.log.map((e) => Math.round(e.t)))
    expect(log.type.every((k) => k >= 0 && k < log.types.length)).toBe(true)
  })
})

describe('the event log in words', () => {
  const cases: [LogEvent, string, string][] = [
    [{ t: 0, type: 'job-fire', job: 'j', run: 2, action: 'skip' }, 'job j', 'run 3: skip'],
    [{ t: 0, type: 'backup-end', job: 'j', vm: 'v', run: 0, outcome: 'failed', bytesRead: 1.5 * GiB, reason: 'transfer aborted' }, 'v (j)', 'run 1: failed, read 1.5 GiB (transfer aborted)'],
    [{ t: 0, type: 'snapshot-merge-start', vm: 'v', snapshot: 4, bytes: 12 * GiB, reason: 'backup done' }, 'v', 'snapshot #4: merging 12 GiB (backup done)'],
    [{ t: 0, type: 'snapshot-removed', vm: 'v', snapshot: 4, freed: 512 * 1024 ** 2 }, 'v', 'snapshot #4: removed, 512 MiB freed'],
    [{ t: 0, type: 'snapshot-orphaned', vm: 'v', snapshot: 5 }, 'v', 'snapshot #5: left behind'],
    [{ t: 0, type: 'alarm', datastore: 'd', name: 'warning', level: 75 * GiB }, 'd', 'warning at 75 GiB'],
    [{ t: 0, type: 'datastore-full', datastore: 'd', used: 100 * GiB, stopped: 3 }, 'd', 'full at 100 GiB; 3 VMs stopped'],
    [{ t: 0, type: 'guard-abort', datastore: 'd', aborted: 2 }, 'd', 'space guard aborted 2 backups'],
    [{ t: 0, type: 'vm-state', vm: 'v', state: 'paused', reason: null }, 'v', 'paused'],
  ]
  it.each(cases)('%o', (e, subject, detail) => {
    expect(eventSubject(e)).toBe(subject)
    expect(eventDetail(e)).toBe(detail)
  })
})
