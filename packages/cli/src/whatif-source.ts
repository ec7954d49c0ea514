// What the report's what-if panel simulates, kept in the run folder as `whatif.json`: the
// scenario text as the run read it, its file name, its `--set` values, `--seed` and
// `--replication` (a Monte Carlo or sweep report's shown replication), and the panel's note. The
// folder's result files keep no scenario text, so `snapsim report DIR` rebuilds the panel from
// this file. Read back as hostile input through its schema in @snapsim/results, as every file
// read back (readback.ts): exactly these keys, each of its type, sizes bounded, --set paths in a
// record without a prototype; anything else is refused with the file and the field (exit 2).

import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Model } from '@snapsim/core'
import { outputSchemas } from '@snapsim/results'
import { ScenarioError, activeLimits } from '@snapsim/scenario'
import type { StagedOutput } from './outdir.ts'
import { BadInput } from './io.ts'
import { readJsonFile } from './readback.ts'
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

/** whatif.json read back: null when the folder has none (an older run, or --until-full). */
export function readWhatIfSource(dir: string): WhatIfSourceFile | null {
  const path = join(dir, WHATIF_SOURCE)
  if (!existsSync(path)) return null
  // the scenario text within the file-size limit, plus the JSON around it: checked before the
  // file is read, so a huge file is not taken into memory (a file that cannot be looked at is
  // reported by readJsonFile)
  const limit = activeLimits().fileSize
  const size = statOrNull(path)?.size ?? 0
  if (size > limit * 2 + 65_536) throw new BadInput(`${path}: ${size.toLocaleString('en-US')} bytes, more than a scenario's text of at most ${limit.toLocaleString('en-US')} bytes can take (--limit file-size=…, docs/limits.md)`)
  const { file, text, set, seed, replication, note } = readJsonFile(path, outputSchemas().whatIfSourceSchema(limit))
  return { file, text, ...(set ? { set } : {}), ...(seed !== undefined ? { seed } : {}), ...(replication !== undefined ? { replication } : {}), ...(note !== undefined ? { note } : {}) }
}

function statOrNull(path: string) {
  try {
    return statSync(path)
  } catch {
    return null
  }
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
