// `snapsim report DIR`: rebuild report.html (and with --png the chart images) from the
// `snapsim report DIR`: rebuild report.html (and with --png the chart images) from the
// result.jsonl.gz (or an older result.json) a `run --out DIR` wrote. The folder is checked
// against its manifest first, then every file as it is read against its schema (it may have been
// edited or come from elsewhere); the rebuilt folder replaces the old one as a whole, with a new
// manifest (outdir.ts).

import { join } from 'node:path'
import { loadCharts } from '../charts.ts'
import { BadInput, EXIT, type Io } from '../io.ts'
import { carryOver, stageOutput, verifyOutput } from '../outdir.ts'
import { chartContext } from '../outputs.ts'
import { readSavedRun, SAVED_RUN } from '../saved-run.ts'
import { explainRisk, MAX_RESULT_FILE_BYTES, parseResultFile, ResultFileError, type Lang } from '@snapsim/explain'
import { reportNarration } from '../narration.ts'
import { panelOf, readWhatIfSource } from '../whatif-source.ts'

export async function reportCommand(dir: string, options: { png?: boolean; static?: boolean; lang?: Lang; quiet?: boolean }, io: Io): Promise<number> {
  const manifest = verifyOutput(dir, 'the --out folder of a `snapsim run`', { olderRun: true })
  if (manifest === null && !options.quiet) io.err(`snapsim: note: ${dir} has no manifest.json (written by an older snapsim): its files are checked as they are read, the rebuilt folder gets one\n`)
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
  // A Monte Carlo report opens with the risk in words (risk and sweep were checked as read)
  const riskTold = run.risk ? explainRisk(run.risk, options.lang ?? 'en', run.sweep) : undefined
  const ctx = chartContext(run)
  // the what-if panel, from the whatif.json the run wrote (below the size limit; not in a static report)
  const source = readWhatIfSource(dir)
  const panels = source === null || options.static ? [] : [await panelOf(source)]
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
      ...(riskTold ? { riskTold } : {}),
      ...(panels.length > 0 ? { panels } : {}),
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
