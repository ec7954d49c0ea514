// `snapsim report DIR`: rebuild report.html (and with --png the chart images) from the
// result.json a `run --out DIR` wrote.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeChartImages, writeReport } from '@snapsim/charts'
import { BadInput, EXIT, type Io } from '../io.ts'
import { chartContext, type SavedRun } from '../outputs.ts'
import { parseResultFile, ResultFileError, type Lang } from '@snapsim/explain'
import { reportNarration } from '../narration.ts'

export async function reportCommand(dir: string, options: { png?: boolean; static?: boolean; lang?: Lang }, io: Io): Promise<number> {
  let run: SavedRun
  let text: string
  try {
    text = readFileSync(join(dir, 'result.json'), 'utf8')
    run = JSON.parse(text) as SavedRun
  } catch {
    throw new BadInput(`${dir}/result.json: not found or not readable; run \`snapsim run FILE --out ${dir}\` first`)
  }
  // A single run's report opens with its narration; the result file is checked as hostile input
  // first (what the narration reads). Monte Carlo reports open with the risk instead.
  let narration
  if (!run.risk && !run.sweep) {
    try {
      narration = reportNarration(parseResultFile(text, join(dir, 'result.json')), options.lang ?? 'en')
    } catch (e) {
      if (e instanceof ResultFileError) throw new BadInput(e.message)
      throw e
    }
  }
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
  })
  io.out(`Wrote ${dir}/report.html\n`)
  if (options.png) {
    const images = await writeChartImages(dir, run.result, ctx)
    io.out(`Wrote ${images.length} images: ${images.join(', ')}\n`)
  }
  return EXIT.ok
}
