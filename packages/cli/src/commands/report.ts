// `snapsim report DIR`: rebuild report.html (and with --png the chart images) from the
// result.json a `run --out DIR` wrote.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeChartImages, writeReport } from '@snapsim/charts'
import { BadInput, EXIT, type Io } from '../io.ts'
import { chartContext, type SavedRun } from '../outputs.ts'

export async function reportCommand(dir: string, options: { png?: boolean; static?: boolean }, io: Io): Promise<number> {
  let run: SavedRun
  try {
    run = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as SavedRun
  } catch {
    throw new BadInput(`${dir}/result.json: not found or not readable; run \`snapsim run FILE --out ${dir}\` first`)
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
  })
  io.out(`Wrote ${dir}/report.html\n`)
  if (options.png) {
    const images = await writeChartImages(dir, run.result, ctx)
    io.out(`Wrote ${images.length} images: ${images.join(', ')}\n`)
  }
  return EXIT.ok
}
