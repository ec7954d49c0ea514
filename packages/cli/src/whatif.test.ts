// The what-if engine against `snapsim run --set … --json`: for every single-run BSI scenario, the panel's
// figures for a few control values equal the CLI summary's for the flags the panel shows; the
// report of a single run carries the panel (and the CSP that lets it start its worker), and a
// scenario above the size limit gets a note saying how to raise it.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, prepareScenario, readScenarioText, resolvePrepared } from '@snapsim/scenario'
import type { Model } from '@snapsim/core'
import { controlsFor, loadWith, whatIf, type WhatIfOut, type WhatIfSetup } from '@snapsim/whatif'
import { main } from './program.ts'
import type { SummaryJson } from './summary.ts'

async function snapsim(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) })
  return { code, out, err }
}

// 05-risk has a `sweep:` block: `run` sweeps it (its reports are tested below)
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

/** whatif.json of a run folder, as the panel's setup (the run's --set values first). */
function setupOf(dir: string): { setup: WhatIfSetup; model: Model; source: { file: string; seed?: string; replication?: number; set?: Record<string, string | number> } } {
  const source = JSON.parse(readFileSync(join(dir, 'whatif.json'), 'utf8')) as { file: string; text: string; seed?: string; replication?: number; set?: Record<string, string | number> }
  const base = Object.entries(source.set ?? {})
  const whatIfSource = { file: source.file, text: source.text, base, limits: DEFAULT_LIMITS, ...(source.seed !== undefined ? { seed: source.seed } : {}), ...(source.replication !== undefined ? { replication: source.replication } : {}) }
  const model = loadWith(whatIfSource, new Map(base)).model
  const prepared = prepareScenario(source.text, source.file, Object.fromEntries(base), DEFAULT_LIMITS)
  return { setup: { source: whatIfSource, controls: controlsFor(prepared.raw, model), buckets: 200 }, model, source }
}

/** The CLI's summary of `snapsim run FILE --seed S --replication R --set …` (the panel's command). */
async function cliRun(source: { file: string; seed?: string; replication?: number }, args: readonly string[]): Promise<SummaryJson> {
  const cli = await snapsim('run', source.file, ...(source.seed !== undefined ? ['--seed', source.seed] : []), ...(source.replication !== undefined ? ['--replication', String(source.replication)] : []), ...args.flatMap((a) => ['--set', a]), '--json')
  expect(cli.err).toBe('')
  expect(cli.code).toBe(0)
  return JSON.parse(cli.out) as SummaryJson
}

function sameFigures(w: WhatIfOut, s: SummaryJson): void {
  expect([w.figures.firstFullAt, w.figures.vmsStopped, w.figures.downtime, w.figures.overlapped]).toEqual([s.totals.firstFullAt, s.totals.vmsStopped, s.totals.downtimeSeconds, s.totals.backupsOverlapped])
  expect(w.figures.datastores.map((d) => [d.id, d.fullAt, d.peakUsed, d.peakUsedAt])).toEqual(s.datastores.map((d) => [d.id, d.fullAt, d.peakUsedBytes, d.peakUsedAt]))
}

describe('Monte Carlo and sweep reports: the panel simulates the replication shown', () => {
  const file = join(root, 'scenarios/bsi-g478/05-risk.yaml')

  it('Monte Carlo: the worst replication, said in the panel; moves equal snapsim run --seed --replication --set', async () => {
    const out = mkdtempSync(join(tmpdir(), 'snapsim-whatif-mc-'))
    expect((await snapsim('run', file, '--set', 'jobs.nightly.overlap=start', '--set', 'datastores.ds1.capacity=20 TiB', '--replications', '4', '--out', out, '--quiet')).code).toBe(0)
    const risk = JSON.parse(readFileSync(join(out, 'risk.json'), 'utf8')) as { seed: string; worst: { replication: number } }
    const { setup, model, source } = setupOf(out)
    expect(source.replication).toBe(risk.worst.replication)
    expect(source.seed).toBe(risk.seed)
    expect(source.set).toEqual({ 'jobs.nightly.overlap': 'start', 'datastores.ds1.capacity': '20 TiB' })
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    expect(html).toContain('<section id="whatif" data-state="loading">')
    expect(html).toContain(`replication ${risk.worst.replication} of 4, the worst. The panel simulates that one replication again, with its own draws (--seed ${risk.seed} --replication ${risk.worst.replication})`)
    // unmoved: the replication the report's charts show (its summary.json)
    const shown = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SummaryJson
    sameFigures(whatIf(setup, model, {}), shown)
    const moves: Record<string, number | string>[] = [{ 'capacity:ds1': 24 * 1024 }, { writeRate: 0.7, 'overlap:nightly': 'skip' }]
    for (const values of moves) {
      const w = whatIf(setup, model, values)
      sameFigures(w, await cliRun(source, w.args))
    }
  }, 120_000)

  it('sweep: the point shown, its values among the flags; moves equal snapsim run with them', async () => {
    const out = mkdtempSync(join(tmpdir(), 'snapsim-whatif-sweep-'))
    // the file's sweep with its overlap policy pinned: three capacities, two replications each
    expect((await snapsim('run', file, '--set', 'jobs.nightly.overlap=skip', '--replications', '2', '--out', out, '--quiet')).code).toBe(0)
    const { setup, model, source } = setupOf(out)
    expect(Object.keys(source.set ?? {}).sort()).toEqual(['datastores.ds1.capacity', 'jobs.nightly.overlap'])
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<p id="whatif-note">The charts below show one replication at sweep point \d+ \(datastores\.ds1\.capacity = \d+ TiB\): replication \d of 2, the worst\./)
    const w = whatIf(setup, model, { 'capacity:ds1': 30 * 1024 })
    // the control replaces the point's capacity: one flag for the path
    expect(w.args.filter((a) => a.startsWith('datastores.ds1.capacity=')).length).toBe(1)
    sameFigures(w, await cliRun(source, w.args))
  }, 120_000)
})

describe('snapsim report DIR', () => {
  it('rebuilds the panel from whatif.json; above --limit what-if-vm-days a note; a bad whatif.json is refused', async () => {
    const out = mkdtempSync(join(tmpdir(), 'snapsim-whatif-report-'))
    expect((await snapsim('run', join(root, BSI[1]!), '--out', out, '--quiet')).code).toBe(0)
    const before = readFileSync(join(out, 'report.html'), 'utf8')
    expect((await snapsim('report', out, '--quiet')).code).toBe(0)
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    const panelData = (h: string) => /<script type="application\/json" id="snapsim-whatif">([^<]*)<\/script>/.exec(h)![1]
    // the same panel, data and all, as the run wrote
    expect(panelData(html)).toBe(panelData(before))
    expect((await snapsim('report', out, '--quiet', '--limit', 'what-if-vm-days=100')).code).toBe(0)
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('The live what-if panel is left out: 24 VMs × 90 days = 2,160 VM-days, above the limit of 100')
    // a hostile whatif.json (the manifest gone, so the file is read as it is); every refusal
    // in whatif-source.test.ts, a few here through the command: exit 2, no stack trace
    rmSync(join(out, 'manifest.json'))
    const good = readFileSync(join(out, 'whatif.json'), 'utf8')
    for (const [edit, message] of [
      [(o: Record<string, unknown>) => ({ ...o, extra: 1 }), 'whatif.json: unknown key "extra"'],
      [(o: Record<string, unknown>) => ({ ...o, replication: -1 }), 'whatif.json: replication: must be >= 0, got -1'],
      [(o: Record<string, unknown>) => ({ ...o, set: { 'a.b': 1e300 } }), 'whatif.json: set.a.b: not a valid value: Infinity'],
      [(o: Record<string, unknown>) => ({ ...o, set: { 'jobs.constructor': 1 } }), 'whatif.json: set.jobs.constructor: not a --set path'],
      [(o: Record<string, unknown>) => ({ ...o, text: 'horizon: [' }), 'whatif.json: '],
    ] as const) {
      writeFileSync(join(out, 'whatif.json'), JSON.stringify(edit(JSON.parse(good) as Record<string, unknown>)).replace('1e+300', '1e400'))
      const r = await snapsim('report', out, '--quiet')
      expect(r.code).toBe(2)
      expect(r.err).toContain(message)
      expect(r.err).not.toMatch(/\n\s+at /)
    }
  }, 120_000)
})
