// `snapsim report DIR`: rebuild report.html (and with --png the chart images) from the
// result.jsonl.gz (or an older result.json) a `run --out DIR` wrote.

import { join } from 'node:path'
import { writeChartImages, writeReport } from '@snapsim/charts'
import { EXIT, type Io } from '../io.ts'
import { chartContext } from '../outputs.ts'
import { readSavedRun, SAVED_RUN } from '../saved-run.ts'
import { explainRisk, MAX_RESULT_FILE_BYTES, parseResultFile, ResultFileError, type Lang } from '@snapsim/explain'
import { BadInput } from '../io.ts'
import { reportNarration } from '../narration.ts'

export async function reportCommand(dir: string, options: { png?: boolean; static?: boolean; lang?: Lang }, io: Io): Promise<number> {
  // result.jsonl.gz and the tables, each line and value checked as read (saved-run.ts)
  const run = await readSavedRun(dir)
  // A single run's report opens with its narration; the run is checked as the narration's
  // hostile input first (explain's schema). Monte Carlo reports open with the risk instead. A
  // run larger than explain reads (a fleet's year, docs/limits.md) goes without the narration.
  let narration
  if (!run.risk && !run.sweep) {
    let text: string | null = null
    try {
      text = JSON.stringify(run)
    } catch {
      text = null // longer than a string can be
    }
    if (text !== null && text.length <= MAX_RESULT_FILE_BYTES) {
      try {
        narration = reportNarration(parseResultFile(text, join(dir, SAVED_RUN)), options.lang ?? 'en')
      } catch (e) {
        if (e instanceof ResultFileError) throw new BadInput(e.message)
        throw e
      }
    }
  }
  // A Monte Carlo report opens with the risk in words
  const riskTold = run.risk ? explainRisk(run.risk, options.lang ?? 'en', run.sweep) : undefined
  const ctx = chartContext(run)
  await writeReport(join(dir, 'report.html'), {
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
    ...(riskTold ? { riskTold } : {}),
  })
  io.out(`Wrote ${dir}/report.html\n`)
  if (options.png) {
    const images = await writeChartImages(dir, run.result, ctx)
    io.out(`Wrote ${images.length} images: ${images.join(', ')}\n`)
  }
  return EXIT.ok
}
