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
import type { z } from 'zod'
import type { AlarmLevel, BackupRecord, DatastoreResult, LogEvent, Result, SnapshotRecord, VmResult } from '@snapsim/core'
import { BadInput } from './io.ts'
import { outputSchemas, SAVED_RUN_VERSION, type OutputSchemas } from '@snapsim/results'
import { BACKUP_COLUMNS, SNAPSHOT_COLUMNS, type SavedRun } from './outputs.ts'
import { dataFile, lines, readCsv, type ColumnType } from './read-table.ts'
import { checkValue, jsonErrorOffset, readJsonFile } from './readback.ts'
import { Sink, type Written } from './sink.ts'

export const SAVED_RUN = 'result.jsonl.gz'
/** The format before result.jsonl.gz: one JSON document (still read). */
export const LEGACY_SAVED_RUN = 'result.json'

const BACKUP_TYPES: Readonly<Record<(typeof BACKUP_COLUMNS)[number], ColumnType>> = {
  job: 'string', vm: 'string', run: 'number', firedAt: 'number', firedTime: 'skip', start: 'number?', startTime: 'skip', end: 'number?', endTime: 'skip', outcome: 'string', reason: 'string?',
  bytesRead: 'number', bytesToRead: 'number', incremental: 'boolean', overlapped: 'boolean', missedWindow: 'boolean', chainDepth: 'number', snapshot: 'number?', orphaned: 'boolean',
}
const SNAPSHOT_TYPES: Readonly<Record<(typeof SNAPSHOT_COLUMNS)[number], ColumnType>> = {
  vm: 'string', job: 'string?', takenAt: 'number', takenTime: 'skip', removalStartedAt: 'number?', removalStartedTime: 'skip', removedAt: 'number?', removedTime: 'skip', maxBytes: 'number', orphaned: 'boolean', depth: 'number',
}

/**
 * Runs count from 1 in the files and from 0 in core's Result: a run number read back must be a
 * whole number ≥ 1 before it becomes the Result's.
 */
function runFromFile(where: string, run: unknown): number {
  if (typeof run !== 'number' || !Number.isInteger(run) || run < 1) throw new BadInput(`${where}run: expected a whole number >= 1 (runs count from 1 in the files), got ${String(JSON.stringify(run)).slice(0, 40)}`)
  return run - 1
}

async function readBackups(dir: string): Promise<BackupRecord[]> {
  const path = dataFile(dir, 'backups.csv')
  const out: BackupRecord[] = []
  for await (const [line, row] of readCsv(path, BACKUP_COLUMNS.map((c) => [c, BACKUP_TYPES[c]] as const))) {
    const where = `${path}:${line}: `
    out.push(checkValue(where, outputSchemas().backupRecordSchema, { ...row, run: runFromFile(where, row.run) }))
  }
  return out
}

async function readSnapshots(dir: string): Promise<SnapshotRecord[]> {
  const path = dataFile(dir, 'snapshots.csv')
  const out: SnapshotRecord[] = []
  for await (const [line, row] of readCsv(path, SNAPSHOT_COLUMNS.map((c) => [c, SNAPSHOT_TYPES[c]] as const))) out.push(checkValue(`${path}:${line}: `, outputSchemas().snapshotRecordSchema, { ...row }))
  return out
}

async function readEvents(dir: string): Promise<LogEvent[]> {
  const path = dataFile(dir, 'events.jsonl')
  const out: LogEvent[] = []
  for await (const [n, text] of lines(path)) {
    if (text === '') continue
    const where = `${path}:${n}: `
    const r = parseLine(path, n, text)
    out.push(checkValue(where, outputSchemas().logEventSchema, Object.hasOwn(r, 'run') ? { ...r, run: runFromFile(where, r.run) } : r))
  }
  return out
}

/** One JSON Lines line as an object, or BadInput at FILE:LINE:COLUMN. */
function parseLine(path: string, n: number, text: string): Record<string, unknown> {
  let rec: unknown
  try {
    rec = JSON.parse(text)
  } catch {
    throw new BadInput(`${path}:${n}:${Math.max(0, jsonErrorOffset(text)) + 1}: not valid JSON`)
  }
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) throw new BadInput(`${path}:${n}: not a JSON object`)
  return rec as Record<string, unknown>
}

/** Writes the run as result.jsonl.gz (atomically; compressed beside the caller's other work); returns its size and sha256. */
export async function writeSavedRun(path: string, run: SavedRun): Promise<Written> {
  const sink = new Sink(path, { gzip: true })
  try {
    const { result, ...rest } = run
    const { datastores, vms, backups: _b, snapshots: _s, log: _l, ...scalars } = result
    await sink.write(`${JSON.stringify({ kind: 'run', version: SAVED_RUN_VERSION, ...rest, result: scalars })}\n`)
    const records = async (kind: 'datastore' | 'vm', list: readonly object[]) => {
      for (const r of list) await sink.write(`${JSON.stringify({ kind, ...r })}\n`)
    }
    await records('datastore', datastores)
    await records('vm', vms)
    return await sink.close()
  } catch (e) {
    sink.abort()
    throw e
  }
}

/**
 * Reads DIR/result.jsonl.gz (or an older DIR/result.json) and the tables beside it. Every line
 * and row is checked against its schema (@snapsim/results: types, finite numbers in range,
 * exactly the known keys, no reserved key) and the parts against each other (`checkRun`); bad
 * content is BadInput with file:line and the field.
 */
export async function readSavedRun(dir: string): Promise<SavedRun> {
  const path = `${dir}/${SAVED_RUN}`
  if (!existsSync(path)) {
    const legacy = `${dir}/${LEGACY_SAVED_RUN}`
    if (existsSync(legacy)) return checkRun(legacy, readJsonFile(legacy, outputSchemas().savedRunSchema) as unknown as SavedRun)
    throw new BadInput(`${path}: not found; run \`snapsim run FILE --out ${dir}\` first`)
  }
  const input = createReadStream(path).pipe(createGunzip())
  let header: z.output<OutputSchemas['savedRunHeaderSchema']> | null = null
  const datastores: DatastoreResult[] = []
  const vms: VmResult[] = []
  let n = 0
  try {
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      n++
      if (text === '') continue
      const r = parseLine(path, n, text)
      if (n === 1) {
        if (r.kind !== 'run') throw new BadInput(`${path}:1: the first line must be the run (kind "run")`)
        if (r.version !== SAVED_RUN_VERSION) throw new BadInput(`${path}:1: version ${String(JSON.stringify(r.version)).slice(0, 40)} is not ${SAVED_RUN_VERSION}: written by another snapsim`)
        header = checkValue(`${path}:1: `, outputSchemas().savedRunHeaderSchema, r)
        continue
      }
      const { kind, ...record } = checkValue(`${path}:${n}: `, outputSchemas().savedLineSchema, r)
      if (kind === 'datastore') datastores.push(record as DatastoreResult)
      else vms.push(record as VmResult)
    }
  } catch (e) {
    if (e instanceof BadInput) throw e
    throw new BadInput(`${path}: cannot be read (${(e as Error).message})`)
  }
  if (header === null) throw new BadInput(`${path}: empty`)
  const { kind: _k, version: _v, result: scalars, ...rest } = header
  const result: Result = { ...scalars, datastores, vms, backups: await readBackups(dir), snapshots: await readSnapshots(dir), log: await readEvents(dir) }
  return checkRun(path, { ...(rest as Omit<SavedRun, 'result'>), result })
}

/**
 * The parts of a run read back agree with each other, so that no lookup in the report or the
 * narration meets an unknown id or index: datastore and VM ids are unique, every VM's datastore
 * and every snapshot's, backup's and event's VM or datastore exists, every snapshot index points
 * at a snapshot, no time lies past the horizon, and the alarm levels are for exactly the
 * result's datastores (kept in a map without a prototype: the charts look them up by id).
 */
export function checkRun(file: string, run: SavedRun): SavedRun {
  const { result } = run
  const bad = (what: string): never => {
    throw new BadInput(`${file}: ${what}`)
  }
  const shown = (v: unknown) => String(JSON.stringify(v)).slice(0, 40)
  const datastores = new Set<string>()
  for (const d of result.datastores) {
    if (datastores.has(d.id)) bad(`datastore ${shown(d.id)} appears twice`)
    datastores.add(d.id)
    if (d.series.t.some((t) => t > result.horizon)) bad(`datastore ${shown(d.id)}: a use point lies past the horizon (${result.horizon} s)`)
  }
  const vms = new Set<string>()
  for (const v of result.vms) {
    if (vms.has(v.id)) bad(`VM ${shown(v.id)} appears twice`)
    vms.add(v.id)
    if (!datastores.has(v.datastore)) bad(`VM ${shown(v.id)}: datastore ${shown(v.datastore)} is not in the result`)
  }
  const snapshots = result.snapshots.length
  result.snapshots.forEach((s, i) => {
    if (!vms.has(s.vm)) bad(`snapshot ${i}: VM ${shown(s.vm)} is not in the result`)
  })
  result.backups.forEach((b, i) => {
    if (!vms.has(b.vm)) bad(`backup ${i + 1}: VM ${shown(b.vm)} is not in the result`)
    if (b.snapshot !== null && b.snapshot >= snapshots) bad(`backup ${i + 1}: snapshot ${b.snapshot} is not a row of the snapshots (${snapshots} rows)`)
  })
  result.log.forEach((e, i) => {
    if (e.t > result.horizon) bad(`event ${i + 1}: at ${e.t} s, past the horizon (${result.horizon} s)`)
    if ('datastore' in e && !datastores.has(e.datastore)) bad(`event ${i + 1}: datastore ${shown(e.datastore)} is not in the result`)
    if ('vm' in e && !vms.has(e.vm)) bad(`event ${i + 1}: VM ${shown(e.vm)} is not in the result`)
  })
  const alarms: Record<string, readonly AlarmLevel[]> = Object.create(null)
  for (const [k, levels] of Object.entries(run.alarms ?? {})) {
    if (!datastores.has(k)) bad(`alarms: ${shown(k)} is not a datastore of the result`)
    alarms[k] = levels
  }
  return { ...run, alarms }
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
