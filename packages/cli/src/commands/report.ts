// `snapsim report DIR`: rebuild report.html (and with --png the chart images) from the
// result.jsonl.gz (or an older result.json) a `run --out DIR` wrote.

import { join } from 'node:path'
import { writeChartImages, writeReport } from '@snapsim/charts'
import { EXIT, type Io } from '../io.ts'
import { chartContext } from '../outputs.ts'
import { readSavedRun } from '../saved-run.ts'

export async function reportCommand(dir: string, options: { png?: boolean; static?: boolean }, io: Io): Promise<number> {
  const run = await readSavedRun(dir)
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
  })
  io.out(`Wrote ${dir}/report.html\n`)
  if (options.png) {
    const images = await writeChartImages(dir, run.result, ctx)
    io.out(`Wrote ${images.length} images: ${images.join(', ')}\n`)
  }
  return EXIT.ok
}
