// `snapsim report DIR`: rebuild report.html (and with --png the chart images) from the
// result.json a `run --out DIR` wrote. The folder is checked against its manifest and
// result.json against its schema first (it may have been edited or come from elsewhere); the
// rebuilt folder replaces the old one as a whole, with a new manifest (outdir.ts).

import { join } from 'node:path'
import type { AlarmLevel } from '@snapsim/core'
import { loadCharts } from '../charts.ts'
import { BadInput, EXIT, type Io } from '../io.ts'
import { carryOver, stageOutput, verifyOutput } from '../outdir.ts'
import { savedRunSchema } from '../output-schemas.ts'
import { chartContext, type SavedRun } from '../outputs.ts'
import { parseResultFile, ResultFileError, type Lang } from '@snapsim/explain'
import { readJsonFile, readOutputText } from '../readback.ts'
import { reportNarration } from '../narration.ts'

/** result.json read back: its schema, and alarm levels for exactly the result's datastores. */
export function readSavedRun(dir: string): SavedRun {
  const file = join(dir, 'result.json')
  const run = readJsonFile(file, savedRunSchema, `; run \`snapsim run FILE --out ${dir}\` first`)
  const ids = run.result.datastores.map((d) => d.id)
  const keys = Object.keys(run.alarms)
  const stray = keys.find((k) => !ids.includes(k))
  if (stray !== undefined) throw new BadInput(`${file}: alarms: ${JSON.stringify(stray).slice(0, 40)} is not a datastore of the result`)
  // a map without a prototype: the charts look alarm levels up by datastore id
  const alarms: Record<string, readonly AlarmLevel[]> = Object.create(null)
  for (const k of keys) alarms[k] = run.alarms[k]!
  return { ...run, alarms } as SavedRun
}

export async function reportCommand(dir: string, options: { png?: boolean; static?: boolean; lang?: Lang; quiet?: boolean }, io: Io): Promise<number> {
  verifyOutput(dir, 'the --out folder of a `snapsim run`')
  const run = readSavedRun(dir)
  // A single run's report opens with its narration (explain checks the file its own way too).
  // Monte Carlo reports open with the risk instead.
  let narration
  if (!run.risk && !run.sweep) {
    const file = join(dir, 'result.json')
    try {
      narration = reportNarration(parseResultFile(readOutputText(file), file), options.lang ?? 'en')
    } catch (e) {
      if (e instanceof ResultFileError) throw new BadInput(e.message)
      throw e
    }
  }
  const ctx = chartContext(run)
  const { writeChartImages, writeReport } = await loadCharts()
  const out = stageOutput(dir)
  try {
    carryOver(dir, out, (name) => name === 'report.html' || (options.png === true && /^(use|backups|deltas|states)\.png$/.test(name)))
    await writeReport(out.path('report.html'), {
      title: run.scenario.name,
      result: run.result,
      context: ctx,
      summaryLines: run.summaryLines,
      source: run.scenario.file,
      generator: 'snapsim 0.1.0',
      ...(options.static ? { static: true } : {}),
      ...(run.risk ? { risk: run.risk } : {}),
      ...(run.sweep ? { sweep: run.sweep } : {}),
      ...(narration ? { narration } : {}),
    })
    const images = options.png ? await writeChartImages(out.staging, run.result, ctx) : []
    out.commit('report')
    if (!options.quiet) {
      io.out(`Wrote ${dir}/report.html\n`)
      if (options.png) io.out(`Wrote ${images.length} images: ${images.map((f) => join(dir, f.slice(out.staging.length + 1))).join(', ')}\n`)
    }
  } finally {
    out.discard()
  }
  return EXIT.ok
}
