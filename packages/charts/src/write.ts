// Writing files atomically (temp file in the same directory, then rename): an interrupted run
// leaves the old file or none, never half of one.

import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Result } from '@snapsim/core'
import type { ChartContext } from './context.ts'
import { toPng, toSvg } from './render.ts'
import { renderReport, type ReportInput } from './report.ts'
import { allSpecs, charts, type ChartId } from './specs.ts'

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`)
  try {
    await writeFile(tmp, data)
    await rename(tmp, file)
  } catch (e) {
    await rm(tmp, { force: true })
    throw e
  }
}

/** Renders the report and writes it to `file` (e.g. out/run/report.html) atomically. */
export async function writeReport(file: string, input: ReportInput): Promise<void> {
  await writeFileAtomic(file, await renderReport(input))
}

export interface ImageOptions {
  /** Also write `${id}.svg` beside each PNG. */
  readonly svg?: boolean
  /** PNG pixel ratio (default 2). */
  readonly scale?: number
  /** Which charts (default all four). */
  readonly only?: readonly ChartId[]
}

/** Writes `use.png`, `backups.png`, `deltas.png`, `states.png` into `dir`; returns the paths written. */
export async function writeChartImages(dir: string, result: Result, ctx: ChartContext, options: ImageOptions = {}): Promise<string[]> {
  const specs = allSpecs(result, ctx)
  const written: string[] = []
  for (const { id } of charts) {
    if (options.only && !options.only.includes(id)) continue
    const svg = await toSvg(specs[id])
    if (options.svg) {
      const f = path.join(dir, `${id}.svg`)
      await writeFileAtomic(f, svg)
      written.push(f)
    }
    const f = path.join(dir, `${id}.png`)
    await writeFileAtomic(f, toPng(svg, options.scale === undefined ? {} : { scale: options.scale }))
    written.push(f)
  }
  return written
}
