// The rows of the data files as text. A year of a fleet writes millions of rows, so each table
// has a line writer that puts its row together in one template (no array of cells, no quoting
// test on numbers, the quoted text of each id made once), and beside it the row as cells, the
// plain definition: `csvRow(cells(x)) === line(x)` on generated records (rows.test.ts).

import type { BackupRecord, LogEvent, SnapshotRecord, StateInterval, VmResult } from '@snapsim/core'
import { csvField, type Cell } from './csv.ts'

/** `(t) => ISO text` in the scenario's zone (wall-time.ts). */
export type IsoClock = (t: number | null) => string | null

/** backups.csv's columns (`snapshot`: the row of snapshots.csv, from 0, as in events.jsonl). */
export const BACKUP_COLUMNS = ['job', 'vm', 'run', 'firedAt', 'firedTime', 'start', 'startTime', 'end', 'endTime', 'outcome', 'reason', 'bytesRead', 'bytesToRead', 'incremental', 'overlapped', 'missedWindow', 'chainDepth', 'snapshot', 'orphaned'] as const
export const SNAPSHOT_COLUMNS = ['vm', 'job', 'takenAt', 'takenTime', 'removalStartedAt', 'removalStartedTime', 'removedAt', 'removedTime', 'maxBytes', 'orphaned', 'depth'] as const
export const VM_COLUMNS = ['vm', 'datastore', 'downtimeSeconds', 'firstStopAt', 'firstStopTime', 'finalState'] as const
export const VM_STATE_COLUMNS = ['vm', 'state', 'from', 'fromTime', 'to', 'toTime', 'reason'] as const
export const USE_COLUMNS = ['datastore', 't', 'time', 'used', 'disks', 'deltas'] as const

export function backupCells(b: BackupRecord, iso: IsoClock): Cell[] {
  return [b.job, b.vm, b.run + 1, b.firedAt, iso(b.firedAt), b.start, iso(b.start), b.end, iso(b.end), b.outcome, b.reason, b.bytesRead, b.bytesToRead, b.incremental, b.overlapped, b.missedWindow, b.chainDepth, b.snapshot, b.orphaned]
}

export function snapshotCells(s: SnapshotRecord, iso: IsoClock): Cell[] {
  return [s.vm, s.job, s.takenAt, iso(s.takenAt), s.removalStartedAt, iso(s.removalStartedAt), s.removedAt, iso(s.removedAt), s.maxBytes, s.orphaned, s.depth]
}

export function vmCells(v: VmResult, iso: IsoClock): Cell[] {
  return [v.id, v.datastore, v.downtime, v.firstStopAt, iso(v.firstStopAt), v.finalState]
}

export function vmStateCells(v: VmResult, s: StateInterval, iso: IsoClock): Cell[] {
  return [v.id, s.state, s.from, iso(s.from), s.to, iso(s.to), s.reason ?? null]
}

/** One line of events.jsonl: the entry as JSON, runs counted from 1 as in every file. */
export function eventLine(e: LogEvent): string {
  return `${JSON.stringify('run' in e ? { ...e, run: e.run + 1 } : e)}\n`
}

/**
 * The line writers of one file: `text(s)` is csvField(s), kept per distinct string (ids, outcomes
 * and reasons repeat on every row; at most `MAX_KEPT` are kept).
 */
export function lineWriters(iso: IsoClock) {
  const kept = new Map<string, string>()
  const text = (s: string): string => {
    let t = kept.get(s)
    if (t === undefined) {
      t = csvField(s)
      if (kept.size < MAX_KEPT) kept.set(s, t)
    }
    return t
  }
  // a number's text is String(n) with or without quoting (no comma, quote or line break in it)
  const opt = (v: number | null): string => (v === null ? '' : `${v}`)
  const optText = (s: string | null): string => (s === null ? '' : text(s))
  const time = (t: number | null): string => (t === null ? '' : iso(t)!)
  return {
    text,
    backup: (b: BackupRecord): string =>
      `${text(b.job)},${text(b.vm)},${b.run + 1},${b.firedAt},${iso(b.firedAt)},${opt(b.start)},${time(b.start)},${opt(b.end)},${time(b.end)},${text(b.outcome)},${optText(b.reason)},${b.bytesRead},${b.bytesToRead},${b.incremental},${b.overlapped},${b.missedWindow},${b.chainDepth},${opt(b.snapshot)},${b.orphaned}\n`,
    snapshot: (s: SnapshotRecord): string =>
      `${text(s.vm)},${optText(s.job)},${s.takenAt},${iso(s.takenAt)},${opt(s.removalStartedAt)},${time(s.removalStartedAt)},${opt(s.removedAt)},${time(s.removedAt)},${s.maxBytes},${s.orphaned},${s.depth}\n`,
    vm: (v: VmResult): string => `${text(v.id)},${text(v.datastore)},${v.downtime},${opt(v.firstStopAt)},${time(v.firstStopAt)},${text(v.finalState)}\n`,
    vmState: (v: VmResult, s: StateInterval): string => `${text(v.id)},${text(s.state)},${s.from},${iso(s.from)},${s.to},${iso(s.to)},${optText(s.reason ?? null)}\n`,
    use: (id: string, t: number, used: number, disks: number, deltas: number): string => `${text(id)},${t},${iso(t)},${used},${disks},${deltas}\n`,
  }
}

/** Most distinct strings a file's line writers keep quoted (a fleet has a few thousand ids). */
export const MAX_KEPT = 100_000
