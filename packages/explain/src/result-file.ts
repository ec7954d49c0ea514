// A run's result.json (written by `snapsim run --out DIR`) read back as hostile input: every
// field is checked — finite numbers, times within the horizon, known outcomes, snapshot indexes
// that exist, a time zone Intl knows — before any fact is derived. A bad file gets one message
// naming the file and the field (a JSON path), never a stack trace.

import type { Result } from '@snapsim/core'
import { outputSchemas } from '@snapsim/results'
import * as z from 'zod'
import type { ExplainInput } from './input.ts'

/** The largest result.json read (a Node string holds about 512 MiB). */
export const MAX_RESULT_FILE_BYTES = 512 * 1024 * 1024

export class ResultFileError extends Error {
  override name = 'ResultFileError'
}

/**
 * The narration reads a saved run as `run --out` writes it, checked by the schema every reader of
 * that file uses (@snapsim/results' savedRunSchema: each field's type and range, exactly the known
 * keys), narrowed where the narration needs more (a capacity, a horizon and a window above 0, a
 * start in whole milliseconds) and widened for a result written before `usedAtStart` existed
 * (its use at the start is the series' first point). Built on first use, as the shared schemas are.
 */
function build() {
  const s = outputSchemas()
  const datastore = s.datastoreResultSchema.extend({ capacity: z.number().positive(), usedAtStart: z.number().min(0).optional(), series: s.seriesSchema.optional() })
  return s.savedRunSchema.extend({
    scenario: s.savedRunScenarioSchema.extend({ startEpochMs: z.number().int() }),
    jobs: z.array(s.jobInfoSchema.extend({ window: z.number().positive().nullable() })).optional(),
    result: s.resultSchema.extend({ horizon: z.number().positive(), datastores: z.array(datastore) }),
  })
}

let built: ReturnType<typeof build> | undefined
const savedRun = () => (built ??= build())

function path(p: readonly PropertyKey[]): string {
  return p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('') || '(top level)'
}

/** The checks a schema cannot say: times within the horizon, indexes that exist, a known zone. */
function crossCheck(run: z.infer<ReturnType<typeof savedRun>>): string | null {
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
  const parsed = savedRun().safeParse(json)
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
