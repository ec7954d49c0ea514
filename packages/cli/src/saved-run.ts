// result.jsonl.gz: what `snapsim report` needs to rebuild the report besides the tables, for
// machines only, so gzip-compressed. JSON Lines rather than one JSON document: a year of a
// fleet's Result is larger than the longest string V8 can hold (about 512 MiB), so it is written
// and read back one record per line, at any size. Line 1 is the run (scenario, alarms, summary
// lines, the Result's scalars, risk and sweep); then one line per datastore (with its full use
// series) and per VM, each tagged with `kind`. The backups, snapshots and the event log are not
// repeated here: they are read back from backups.csv, snapshots.csv and events.jsonl (or their
// .gz), which hold them exactly (numbers as JavaScript writes them read back to the same
// double). Reading checks every line and value (file, line and field in the message, exit 2):
// the files may have been edited or cut short.

import { createReadStream, existsSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { createGunzip, gunzipSync } from 'node:zlib'
import type { BackupRecord, DatastoreResult, LogEvent, Result, SnapshotRecord, VmResult } from '@snapsim/core'
import { BadInput } from './io.ts'
import { BACKUP_COLUMNS, SNAPSHOT_COLUMNS, type SavedRun } from './outputs.ts'
import { dataFile, lines, readCsv, type ColumnType } from './read-table.ts'
import { Sink } from './sink.ts'

export const SAVED_RUN = 'result.jsonl.gz'
/** The format before result.jsonl.gz: one JSON document (still read). */
export const LEGACY_SAVED_RUN = 'result.json'
const VERSION = 1

type Kind = 'datastore' | 'vm'
type FieldType = 'string' | 'number' | 'boolean' | 'object' | 'number?' | 'string?' | 'array'

/** Required fields per record kind and their JSON types (`?`: may be null). */
const FIELDS: Readonly<Record<Kind, Readonly<Record<string, FieldType>>>> = {
  datastore: { id: 'string', platform: 'string', capacity: 'number', fixedUse: 'number', series: 'object', peakUsed: 'number', peakUsedAt: 'number', alarms: 'array', fullAt: 'number?', fullTimes: 'array' },
  vm: { id: 'string', datastore: 'string', states: 'array', downtime: 'number', firstStopAt: 'number?', finalState: 'string' },
}

const OUTCOMES: ReadonlySet<string> = new Set(['success', 'failed', 'cancelled', 'skipped', 'snapshot-failed', 'unfinished'])
const EVENT_TYPES: ReadonlySet<string> = new Set(['job-fire', 'backup-start', 'backup-end', 'snapshot-create', 'snapshot-merge-start', 'snapshot-removed', 'snapshot-orphaned', 'alarm', 'datastore-full', 'guard-abort', 'vm-state'])

const BACKUP_TYPES: Readonly<Record<(typeof BACKUP_COLUMNS)[number], ColumnType>> = {
  job: 'string', vm: 'string', run: 'number', firedAt: 'number', firedTime: 'skip', start: 'number?', startTime: 'skip', end: 'number?', endTime: 'skip', outcome: 'string', reason: 'string?',
  bytesRead: 'number', bytesToRead: 'number', incremental: 'boolean', overlapped: 'boolean', missedWindow: 'boolean', chainDepth: 'number', snapshot: 'number?', orphaned: 'boolean',
}
const SNAPSHOT_TYPES: Readonly<Record<(typeof SNAPSHOT_COLUMNS)[number], ColumnType>> = {
  vm: 'string', job: 'string?', takenAt: 'number', takenTime: 'skip', removalStartedAt: 'number?', removalStartedTime: 'skip', removedAt: 'number?', removedTime: 'skip', maxBytes: 'number', orphaned: 'boolean', depth: 'number',
}

async function readBackups(dir: string): Promise<BackupRecord[]> {
  const path = dataFile(dir, 'backups.csv')
  const out: BackupRecord[] = []
  let line = 1
  for await (const row of readCsv(path, BACKUP_COLUMNS.map((c) => [c, BACKUP_TYPES[c]] as const))) {
    line++
    if (!OUTCOMES.has(row.outcome as string)) throw new BadInput(`${path}: row ${line}: column outcome: unknown outcome ${JSON.stringify(row.outcome)}`)
    // runs are counted from 1 in the files, from 0 in core's Result
    out.push({ ...(row as unknown as BackupRecord), run: (row.run as number) - 1 })
  }
  return out
}

async function readSnapshots(dir: string): Promise<SnapshotRecord[]> {
  const out: SnapshotRecord[] = []
  for await (const row of readCsv(dataFile(dir, 'snapshots.csv'), SNAPSHOT_COLUMNS.map((c) => [c, SNAPSHOT_TYPES[c]] as const))) out.push({ ...(row as unknown as SnapshotRecord) })
  return out
}

async function readEvents(dir: string): Promise<LogEvent[]> {
  const path = dataFile(dir, 'events.jsonl')
  const out: LogEvent[] = []
  for await (const [n, text] of lines(path)) {
    if (text === '') continue
    let e: unknown
    try {
      e = JSON.parse(text)
    } catch (x) {
      throw new BadInput(`${path}:${n}: not JSON (${(x as Error).message})`)
    }
    const r = e as Record<string, unknown>
    if (typeof e !== 'object' || e === null || Array.isArray(e) || !typeOk(r.t, 'number') || typeof r.type !== 'string' || !EVENT_TYPES.has(r.type)) {
      throw new BadInput(`${path}:${n}: an event needs a finite "t" and a known "type" (${[...EVENT_TYPES].join(', ')})`)
    }
    if (Object.hasOwn(r, 'run')) {
      if (!typeOk(r.run, 'number')) throw new BadInput(`${path}:${n}: field "run" must be a number`)
      out.push({ ...r, run: (r.run as number) - 1 } as unknown as LogEvent)
    } else out.push(r as unknown as LogEvent)
  }
  return out
}

function typeOk(v: unknown, type: FieldType): boolean {
  switch (type) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v)
    case 'number?':
      return v === null || (typeof v === 'number' && Number.isFinite(v))
    case 'string':
      return typeof v === 'string'
    case 'string?':
      return v === null || typeof v === 'string'
    case 'boolean':
      return typeof v === 'boolean'
    case 'array':
      return Array.isArray(v)
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v)
  }
}

/** Writes the run as result.jsonl.gz (atomically; compressed beside the caller's other work). */
export async function writeSavedRun(path: string, run: SavedRun): Promise<void> {
  const sink = new Sink(path, { gzip: true })
  try {
    const { result, ...rest } = run
    const { datastores, vms, backups: _b, snapshots: _s, log: _l, ...scalars } = result
    await sink.write(`${JSON.stringify({ kind: 'run', version: VERSION, ...rest, result: scalars })}\n`)
    const records = async (kind: Kind, list: readonly object[]) => {
      for (const r of list) await sink.write(`${JSON.stringify({ kind, ...r })}\n`)
    }
    await records('datastore', datastores)
    await records('vm', vms)
    await sink.close()
  } catch (e) {
    sink.abort()
    throw e
  }
}

/** Reads DIR/result.jsonl.gz (or an older DIR/result.json); bad content is BadInput with file:line. */
export async function readSavedRun(dir: string): Promise<SavedRun> {
  const path = `${dir}/${SAVED_RUN}`
  if (!existsSync(path)) {
    const legacy = `${dir}/${LEGACY_SAVED_RUN}`
    if (existsSync(legacy)) return readLegacy(legacy)
    throw new BadInput(`${path}: not found; run \`snapsim run FILE --out ${dir}\` first`)
  }
  const input = createReadStream(path).pipe(createGunzip())
  const bad = (line: number, what: string) => new BadInput(`${path}:${line}: ${what}`)
  let header: Record<string, unknown> | null = null
  const parts: Record<Kind, object[]> = { datastore: [], vm: [] }
  let n = 0
  try {
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      n++
      if (text === '') continue
      let rec: unknown
      try {
        rec = JSON.parse(text)
      } catch (e) {
        throw bad(n, `not JSON (${(e as Error).message})`)
      }
      if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) throw bad(n, 'not a JSON object')
      const r = rec as Record<string, unknown>
      if (n === 1) {
        if (r.kind !== 'run') throw bad(n, 'the first line must be the run (kind "run")')
        if (r.version !== VERSION) throw bad(n, `version ${JSON.stringify(r.version)} is not ${VERSION}: written by another snapsim`)
        const scenario = r.scenario as Record<string, unknown> | undefined
        const result = r.result as Record<string, unknown> | undefined
        const ok =
          typeof scenario === 'object' && scenario !== null && typeof scenario.name === 'string' && typeof scenario.file === 'string' && typeof scenario.timezone === 'string' && typeof scenario.seed === 'string' && typeOk(scenario.startEpochMs, 'number') &&
          Array.isArray(r.summaryLines) && r.summaryLines.every((l) => typeof l === 'string') &&
          typeof result === 'object' && result !== null && typeOk(result.horizon, 'number') && typeOk(result.events, 'number') && typeof result.seed === 'string' && typeOk(result.totals, 'object')
        if (!ok) throw bad(n, 'the run line lacks scenario {name, file, timezone, seed, startEpochMs}, summaryLines or result {horizon, events, seed, totals}')
        header = r
        continue
      }
      const kind = r.kind
      if (typeof kind !== 'string' || !Object.hasOwn(FIELDS, kind)) throw bad(n, `unknown kind ${JSON.stringify(kind)} (expected one of ${Object.keys(FIELDS).join(', ')})`)
      const fields = FIELDS[kind as Kind]
      for (const [field, type] of Object.entries(fields)) {
        if (!Object.hasOwn(r, field) || !typeOk(r[field], type)) throw bad(n, `${kind}: field "${field}" must be ${type.replace('?', ' or null')}`)
      }
      const { kind: _, ...record } = r
      parts[kind as Kind].push(record)
    }
  } catch (e) {
    if (e instanceof BadInput) throw e
    throw new BadInput(`${path}: cannot be read (${(e as Error).message})`)
  }
  if (header === null) throw new BadInput(`${path}: empty`)
  const { kind: _k, version: _v, result: scalars, ...rest } = header
  const result = {
    ...(scalars as object),
    datastores: parts.datastore as DatastoreResult[],
    vms: parts.vm as VmResult[],
    backups: await readBackups(dir),
    snapshots: await readSnapshots(dir),
    log: await readEvents(dir),
  } as unknown as Result
  return { ...(rest as Omit<SavedRun, 'result'>), result }
}

function readLegacy(path: string): SavedRun {
  try {
    const run = JSON.parse(readFileSync(path, 'utf8')) as SavedRun
    if (typeof run !== 'object' || run === null || typeof run.result !== 'object' || typeof run.scenario !== 'object') throw new Error('not a saved run')
    return run
  } catch (e) {
    throw new BadInput(`${path}: not a saved run (${(e as Error).message})`)
  }
}

/**
 * The datastore lines of a result.jsonl.gz, read at once (synchronously; they and the VMs are
 * all the file holds besides its first line): for `compare`, which checks their fields itself.
 */
export function savedDatastores(path: string): unknown[] {
  let text: string
  try {
    text = gunzipSync(readFileSync(path)).toString('utf8')
  } catch (e) {
    throw new BadInput(`${path}: cannot be read (${(e as Error).message})`)
  }
  const out: unknown[] = []
  text.split('\n').forEach((line, i) => {
    if (line === '' || !line.startsWith('{"kind":"datastore"')) return
    try {
      const { kind: _, ...d } = JSON.parse(line) as Record<string, unknown>
      out.push(d)
    } catch (e) {
      throw new BadInput(`${path}:${i + 1}: not JSON (${(e as Error).message})`)
    }
  })
  return out
}
