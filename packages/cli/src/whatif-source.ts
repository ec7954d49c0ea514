// What the report's what-if panel simulates, kept in the run folder as `whatif.json`: the
// scenario text as the run read it, its file name, its `--set` values, `--seed` and
// `--replication` (a Monte Carlo or sweep report's shown replication), and the panel's note. The
// folder's result files keep no scenario text, so `snapsim report DIR` rebuilds the panel from
// this file. Read back as hostile input: exactly these keys, each of its type, sizes bounded,
// set keys held in a Map; anything else is refused with the file and the field (exit 2).

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Model } from '@snapsim/core'
import { ScenarioError, activeLimits, type SweepValue } from '@snapsim/scenario'
import type { StagedOutput } from './outdir.ts'
import { BadInput } from './io.ts'
import { loadWhatIf } from './whatif.ts'
import type { Settings } from './replication.ts'

export const WHATIF_SOURCE = 'whatif.json'

export interface WhatIfSourceFile {
  readonly file: string
  readonly text: string
  readonly set?: Settings
  readonly seed?: string
  readonly replication?: number
  /** Said in the panel: which replication it simulates, and why that one. */
  readonly note?: string
}

const KEYS = new Set(['file', 'text', 'set', 'seed', 'replication', 'note'])
const SHORT = 4096

/** whatif.json read back: null when the folder has none (an older run, or --until-full). */
export function readWhatIfSource(dir: string): WhatIfSourceFile | null {
  const path = join(dir, WHATIF_SOURCE)
  if (!existsSync(path)) return null
  const bad = (field: string, message: string): never => {
    throw new BadInput(`${path}: ${field === '' ? '' : `field \`${field}\`: `}${message}`)
  }
  const raw = readFileSync(path)
  // the scenario text within the file-size limit, plus the JSON around it
  if (raw.length > activeLimits().fileSize * 2 + 65_536) bad('', `${raw.length} bytes, more than a scenario's text can take`)
  let value: unknown
  try {
    value = JSON.parse(raw.toString('utf8'))
  } catch (e) {
    return bad('', `not JSON: ${(e as Error).message}`)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad('', 'expected an object')
  const o = value as Record<string, unknown>
  for (const k of Object.keys(o)) if (!KEYS.has(k)) bad(k, 'not a known field (file, text, set, seed, replication, note)')
  const text = (k: string, max: number, optional: boolean): string | undefined => {
    if (!Object.hasOwn(o, k)) return optional ? undefined : bad(k, 'missing')
    const v = o[k]
    if (typeof v !== 'string') return bad(k, 'expected text')
    if (v.length > max) bad(k, `longer than ${max} characters`)
    return v
  }
  const file = text('file', SHORT, false)!
  const scenario = text('text', activeLimits().fileSize, false)!
  const seed = text('seed', SHORT, true)
  const note = text('note', SHORT, true)
  let replication: number | undefined
  if (Object.hasOwn(o, 'replication')) {
    const r = o.replication
    if (typeof r !== 'number' || !Number.isSafeInteger(r) || r < 0) bad('replication', 'expected a whole number from 0')
    replication = r as number
  }
  let set: Settings | undefined
  if (Object.hasOwn(o, 'set')) {
    const s = o.set
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return bad('set', 'expected an object of --set values')
    const entries = new Map<string, SweepValue>()
    for (const [k, v] of Object.entries(s as Record<string, unknown>)) {
      if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(k) || k.length > SHORT) bad(`set.${k.slice(0, 80)}`, 'not a --set path')
      if (!(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) bad(`set.${k}`, 'expected text, a finite number or true/false')
      if (typeof v === 'string' && v.length > SHORT) bad(`set.${k}`, `longer than ${SHORT} characters`)
      entries.set(k, v as SweepValue)
    }
    // a null-prototype record: a path such as `__proto__` stays a key
    const record = Object.create(null) as Record<string, SweepValue>
    for (const [k, v] of entries) record[k] = v
    set = record
  }
  return { file, text: scenario, ...(set ? { set } : {}), ...(seed !== undefined ? { seed } : {}), ...(replication !== undefined ? { replication } : {}), ...(note !== undefined ? { note } : {}) }
}

/**
 * The panel for a report of `model` simulated from `source` (a note instead above the size
 * limit), with whatif.json written into the staged folder so `report DIR` can make it again.
 * A static report gets no panel but keeps the file.
 */
export async function whatIfPanels(out: StagedOutput, source: WhatIfSourceFile, model: Model, staticCharts: boolean) {
  out.write(WHATIF_SOURCE, `${JSON.stringify(source)}\n`)
  return staticCharts ? [] : [await panelOf(source, model)]
}

/**
 * The panel from a source (whatif.json read back, or the run's own); without the model, the
 * source is loaded as `snapsim run` loads it (a text that does not load is bad input, with its
 * position).
 */
export async function panelOf(source: WhatIfSourceFile, model?: Model) {
  const { loadWith, whatIfPanel } = await loadWhatIf()
  const limits = activeLimits()
  try {
    const m = model ?? loadWith({ file: source.file, text: source.text, base: [], limits, ...(source.seed !== undefined ? { seed: source.seed } : {}), ...(source.replication !== undefined ? { replication: source.replication } : {}) }, new Map(Object.entries(source.set ?? {}))).model
    return await whatIfPanel({ ...source, model: m, limits })
  } catch (e) {
    if (e instanceof ScenarioError) throw new BadInput(`${WHATIF_SOURCE}: ${e.message}`)
    throw e
  }
}
