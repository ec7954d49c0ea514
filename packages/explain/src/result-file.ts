// A run's result.json (written by `snapsim run --out DIR`) read back as hostile input: every
// field the narration reads is checked — finite numbers, times within the horizon, known
// outcomes, snapshot indexes that exist, a time zone Intl knows — before any fact is derived.
// A bad file gets one message naming the file and the field (a JSON path), never a stack trace.
// Fields the narration does not read are let through unchecked (other tools read them).

import type { Result } from '@snapsim/core'
import * as z from 'zod'
import type { ExplainInput } from './input.ts'

/** The largest result.json read (a Node string holds about 512 MiB). */
export const MAX_RESULT_FILE_BYTES = 512 * 1024 * 1024

export class ResultFileError extends Error {
  override name = 'ResultFileError'
}

const time = z.number().min(0)
const bytes = z.number().min(0)
const count = z.number().int().min(0)
const outcome = z.enum(['success', 'failed', 'cancelled', 'skipped', 'snapshot-failed', 'unfinished'])
const state = z.enum(['running', 'paused', 'crashed'])

const backup = z.object({
  job: z.string(),
  vm: z.string(),
  run: count,
  firedAt: time,
  start: time.nullable(),
  end: time.nullable(),
  outcome,
  reason: z.string().nullable(),
  bytesRead: bytes,
  bytesToRead: bytes,
  incremental: z.boolean(),
  overlapped: z.boolean(),
  missedWindow: z.boolean(),
  chainDepth: count,
  snapshot: count.nullable(),
  orphaned: z.boolean(),
})

const snapshot = z.object({
  vm: z.string(),
  job: z.string().nullable(),
  // ≤ 0 for a snapshot that existed before the run (seconds before the start)
  takenAt: z.number(),
  removalStartedAt: time.nullable(),
  removedAt: time.nullable(),
  maxBytes: bytes,
  orphaned: z.boolean(),
  depth: count,
})

const vm = z.object({
  id: z.string(),
  datastore: z.string(),
  states: z.array(z.object({ state, from: time, to: time, reason: z.string().optional() })),
  downtime: time,
  firstStopAt: time.nullable(),
  finalState: state,
})

const datastore = z.object({
  id: z.string(),
  platform: z.string(),
  capacity: z.number().positive(),
  fixedUse: bytes,
  peakUsed: bytes,
  peakUsedAt: time,
  alarms: z.array(z.object({ name: z.string(), level: bytes, at: time })),
  fullAt: time.nullable(),
  fullTimes: z.array(time),
  // a result written before usedAtStart existed has the use at time 0 as its series' first point
  usedAtStart: bytes.optional(),
  series: z.object({ used: z.array(bytes) }).optional(),
})

const OTHER_EVENTS = ['backup-start', 'backup-end', 'snapshot-create', 'snapshot-removed', 'snapshot-orphaned', 'alarm', 'datastore-full', 'vm-state'] as const
const event = z.union([
  z.object({ t: time, type: z.literal('job-fire'), job: z.string(), run: count, action: z.enum(['start', 'skip', 'queue', 'cancel-previous']) }),
  z.object({ t: time, type: z.literal('snapshot-merge-start'), vm: z.string(), snapshot: count, bytes, reason: z.string() }),
  z.object({ t: time, type: z.literal('guard-abort'), datastore: z.string(), aborted: count }),
  z.object({ t: time, type: z.enum(OTHER_EVENTS) }),
])

const job = z.object({ id: z.string(), overlap: z.enum(['start', 'skip', 'queue', 'cancel']), window: z.number().positive().nullable() })

const savedRun = z.object({
  jobs: z.array(job).optional(),
  scenario: z.object({ name: z.string(), file: z.string(), timezone: z.string(), startEpochMs: z.number().int() }),
  result: z.object({
    detail: z.enum(['full', 'summary']),
    horizon: z.number().positive(),
    seed: z.string(),
    totals: z.object({ backupsByOutcome: z.object({ skipped: count }) }),
    datastores: z.array(datastore),
    vms: z.array(vm),
    backups: z.array(backup),
    snapshots: z.array(snapshot),
    log: z.array(event),
  }),
})

function path(p: readonly PropertyKey[]): string {
  return p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('') || '(top level)'
}

/** The checks a schema cannot say: times within the horizon, indexes that exist, a known zone. */
function crossCheck(run: z.infer<typeof savedRun>): string | null {
  const r = run.result
  const h = r.horizon
  try {
    new Intl.DateTimeFormat('en', { timeZone: run.scenario.timezone })
  } catch {
    return `scenario.timezone: \`${run.scenario.timezone}\` is not a time zone`
  }
  if (!Number.isFinite(new Date(run.scenario.startEpochMs).getTime())) return 'scenario.startEpochMs: not a date'
  if (r.detail !== 'full') return 'result.detail: a summary-detail result has no backup records to tell; run the scenario file instead'
  const ids = new Set(r.datastores.map((d) => d.id))
  for (const [i, b] of r.backups.entries()) {
    for (const k of ['firedAt', 'start', 'end'] as const) if (b[k] !== null && b[k]! > h) return `result.backups[${i}].${k}: ${b[k]} is after the horizon (${h})`
    if (b.snapshot !== null && b.snapshot >= r.snapshots.length) return `result.backups[${i}].snapshot: ${b.snapshot} is not a snapshot (there are ${r.snapshots.length})`
  }
  for (const [i, s] of r.snapshots.entries()) if (s.takenAt > h || (s.removedAt !== null && s.removedAt < s.takenAt)) return `result.snapshots[${i}]: times out of order or after the horizon`
  for (const [i, v] of r.vms.entries()) {
    if (!ids.has(v.datastore)) return `result.vms[${i}].datastore: \`${v.datastore}\` is not a datastore of the result`
    if (v.firstStopAt !== null && v.firstStopAt > h) return `result.vms[${i}].firstStopAt: after the horizon`
    for (const [j, s] of v.states.entries()) if (s.from > s.to || s.to > h) return `result.vms[${i}].states[${j}]: times out of order or after the horizon`
  }
  for (const [i, d] of r.datastores.entries()) {
    if (d.fullAt !== null && d.fullAt > h) return `result.datastores[${i}].fullAt: after the horizon`
    if (d.usedAtStart === undefined && d.series?.used[0] === undefined) return `result.datastores[${i}].usedAtStart: missing (and no series.used to read the use at the start from)`
    for (const [j, a] of d.alarms.entries()) if (a.at > h) return `result.datastores[${i}].alarms[${j}].at: after the horizon`
  }
  for (const [i, e] of r.log.entries()) if (e.t > h) return `result.log[${i}].t: after the horizon`
  return null
}

/** The narration's input from the text of a result.json; throws ResultFileError naming file and field. */
export function parseResultFile(text: string, file: string): ExplainInput {
  if (text.length > MAX_RESULT_FILE_BYTES) throw new ResultFileError(`${file}: larger than ${MAX_RESULT_FILE_BYTES} bytes (docs/limits.md)`)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new ResultFileError(`${file}: not JSON (${(e as Error).message})`)
  }
  const parsed = savedRun.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new ResultFileError(`${file}: ${path(issue.path).replace(/^\./, '')}: ${issue.message}`)
  }
  const problem = crossCheck(parsed.data)
  if (problem !== null) throw new ResultFileError(`${file}: ${problem}`)
  const run = parsed.data
  // The checked fields are the Result's; what the schema let through unread is not used.
  const datastores = run.result.datastores.map((d) => ({ ...d, usedAtStart: d.usedAtStart ?? d.series!.used[0]! }))
  return {
    result: { ...run.result, datastores } as unknown as Result,
    name: run.scenario.name,
    startEpochMs: run.scenario.startEpochMs,
    timezone: run.scenario.timezone,
    ...(run.jobs ? { jobs: run.jobs } : {}),
  }
}
