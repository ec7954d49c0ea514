// The what-if engine against `snapsim run --set … --json`: for every single-run BSI scenario, the panel's
// figures for a few control values equal the CLI summary's for the flags the panel shows; the
// report of a single run carries the panel (and the CSP that lets it start its worker), and a
// scenario above the size limit gets a note saying how to raise it.

import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, prepareScenario, readScenarioText, resolvePrepared } from '@snapsim/scenario'
import { controlsFor, whatIf, type WhatIfSetup } from '@snapsim/whatif'
import { main } from './program.ts'
import type { SummaryJson } from './summary.ts'

async function snapsim(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) })
  return { code, out, err }
}

// 05-risk has a `sweep:` block: `run` sweeps it, and a sweep's report has no what-if panel
const BSI = ['01-baseline', '02-growth', '03-aborted', '04-mitigated'].map((n) => `scenarios/bsi-g478/${n}.yaml`)
const root = new URL('../../../', import.meta.url).pathname

describe('the what-if engine equals snapsim run --set', () => {
  for (const file of BSI) {
    it(file, async () => {
      const text = readScenarioText(join(root, file))
      const prepared = prepareScenario(text, file, undefined, DEFAULT_LIMITS)
      const model = resolvePrepared(prepared).model
      const controls = controlsFor(prepared.raw, model)
      const setup: WhatIfSetup = { source: { file, text, base: [], limits: DEFAULT_LIMITS }, controls, buckets: 200 }
      const ds = model.datastores[0]!
      const job = model.jobs[0]!
      const variants: Record<string, number | string>[] = [{ [`capacity:${ds.id}`]: Math.round((ds.capacity * 1.25) / 2 ** 30 / 64) * 64 }, { writeRate: 1.3, [`start:${job.id}`]: 22 * 60, [`overlap:${job.id}`]: 'queue' }]
      for (const values of variants) {
        const w = whatIf(setup, model, values)
        expect(w.args.length).toBeGreaterThan(0)
        const cli = await snapsim('run', join(root, file), ...w.args.flatMap((a) => ['--set', a]), '--json')
        expect(cli.err).toBe('')
        const s = JSON.parse(cli.out) as SummaryJson
        expect(w.figures.firstFullAt).toBe(s.totals.firstFullAt)
        expect(w.figures.vmsStopped).toBe(s.totals.vmsStopped)
        expect(w.figures.downtime).toBe(s.totals.downtimeSeconds)
        expect(w.figures.maxChainDepth).toBe(s.totals.maxChainDepth)
        expect(w.figures.overlapped).toBe(s.totals.backupsOverlapped)
        expect(w.figures.datastores.map((d) => [d.id, d.fullAt, d.alarms, d.peakUsed, d.peakUsedAt, d.vmsStopped])).toEqual(
          s.datastores.map((d) => [d.id, d.fullAt, d.alarms.length, d.peakUsedBytes, d.peakUsedAt, d.vmsStopped]),
        )
      }
    })
  }
})

describe('the report of a run', () => {
  it('carries the what-if panel and allows its worker from blob: only', async () => {
    const out = mkdtempSync(join(tmpdir(), 'snapsim-whatif-'))
    expect((await snapsim('run', join(root, BSI[0]!), '--out', out, '--set', 'jobs.nightly.concurrency=4')).code).toBe(0)
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    expect(html).toContain('<section id="whatif" data-state="loading">')
    expect(html).toMatch(/content="[^"]*; worker-src blob:"/)
    expect(html).not.toMatch(/worker-src[^;"]*(\*|'unsafe|data:|file:)/)
  })

  it('above the size limit: a note with the limit and how to raise it, no worker', async () => {
    const out = mkdtempSync(join(tmpdir(), 'snapsim-whatif-'))
    expect((await snapsim('run', join(root, BSI[0]!), '--out', out, '--limit', 'what-if-vm-days=100')).code).toBe(0)
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    expect(html).toContain('The live what-if panel is left out: 24 VMs × 90 days = 2,160 VM-days, above the limit of 100; raise it with `--limit what-if-vm-days=…` (docs/limits.md).')
    expect(html).not.toContain('worker-src')
    expect(html).not.toContain('snapsim-whatif')
  })
})
