// The start-up bundle (packages/cli/bundle.mjs, run by `pnpm snapsim`): it gives the same
// output as the TypeScript source run through tsx, byte for byte — words, JSON, Monte Carlo on
// worker threads, the files and the report of `--out` — and it cannot run stale: any input newer
// than the bundle, or one missing, makes the launcher rebuild it first.

import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bundleIsFresh, OLD_CHUNK_MS, removeOldChunks } from '../bundle.mjs'
import { main } from './program.ts'
import { VERSION } from './version.ts'

const dir = mkdtempSync(join(tmpdir(), 'snapsim-bundle-'))
const launcher = fileURLToPath(new URL('../snapsim.mjs', import.meta.url))
const source = fileURLToPath(new URL('./bin.ts', import.meta.url))

const scenario = join(dir, 'u.yaml')
writeFileSync(
  scenario,
  `name: u
horizon: 3d
datastores: [{ id: ds, capacity: 1 TiB, otherData: { uniform: [10 GiB, 20 GiB] } }]
vms: [{ id: a, datastore: ds, disk: 100 GiB, used: 50 GiB, writeRate: 1 MiB/s }]
jobs: [{ id: j, vms: [a], schedule: "0 1 * * *", streamThroughput: 100 MiB/s, failure: { ratePerHour: 0.2, orphaned: 50% } }]
`,
)

function snapsim(how: 'bundle' | 'source', ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const entry = how === 'bundle' ? [launcher] : ['--import', 'tsx', source]
  return spawnSync(process.execPath, [...entry, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } })
}

describe('the start-up bundle', () => {
  it('prints and writes what the TypeScript source does', () => {
    const cases = [
      ['--version'],
      ['-V'],
      ['--version', '--help'],
      ['validate', scenario],
      ['run', scenario, '--json'],
      ['run', scenario, '--replications', '4', '--workers', '2', '--json'],
      ['run', join(dir, 'missing.yaml')],
      // commands and flags whose modules load when they run (program.ts)
      ['schema'],
      ['check', scenario],
      ['explain', scenario, '--lang', 'de'],
      ['run', scenario, '--json', '--lang', 'xx'],
      ['validate', join(dir, 'missing.yaml')],
    ]
    for (const args of cases) {
      const b = snapsim('bundle', ...args)
      const s = snapsim('source', ...args)
      // stderr too (errors and warnings), but for progress lines, which carry the rate
      const stderr = (r: { stderr: string }) => (args.includes('--replications') ? '' : r.stderr)
      expect([b.status, b.stdout, stderr(b)], args.join(' ')).toEqual([s.status, s.stdout, stderr(s)])
    }
    // --out: the same files, the report included (charts load through tsx from the bundle)
    const outs = (['bundle', 'source'] as const).map((how) => {
      const out = join(dir, `out-${how}`)
      expect(snapsim(how, 'run', scenario, '--replications', '3', '--workers', '1', '--out', out, '--quiet').status).toBe(0)
      return out
    })
    const names = readdirSync(outs[0]!).sort()
    expect(names).toEqual(readdirSync(outs[1]!).sort())
    expect(names).toContain('report.html')
    for (const name of names.filter((n) => n !== 'manifest.json')) {
      expect(readFileSync(join(outs[0]!, name), 'utf8'), name).toBe(readFileSync(join(outs[1]!, name), 'utf8'))
    }
  }, 600_000)

  it('loads for validate and run --json only what they need: no explain, no read-back schemas, no other command', () => {
    const recorder = fileURLToPath(new URL('./test/record-loads.mjs', import.meta.url))
    // esbuild marks each module in a chunk with a comment line naming its path
    const modulesLoaded = (...args: string[]) => {
      const record = join(dir, `loads-${args[0]}.txt`)
      const r = spawnSync(process.execPath, ['--import', recorder, launcher, ...args], { encoding: 'utf8', env: { ...process.env, SNAPSIM_RECORD_LOADS: record } })
      expect(r.status, r.stderr).toBe(0)
      const urls = readFileSync(record, 'utf8').split('\n').filter((u) => u.includes('/dist/'))
      return urls.flatMap((u) => readFileSync(fileURLToPath(u), 'utf8').split('\n').filter((l) => /^\/\/ \S+\.(ts|js|mjs|cjs)$/.test(l)))
    }
    const heavy = [/explain\/src\//, /intl-messageformat/, /output-schemas\.ts|results\/src\//, /import\/src\//, /exceljs/, /zod\/v4\/locales\/(?!en\.js)/, /cli-progress/, /commands\/(compare|check|montecarlo|sweep|report|explain)\.ts/, /src\/(outdir|outputs|narration)\.ts/]
    for (const args of [['validate', scenario], ['run', scenario, '--json']]) {
      const modules = modulesLoaded(...args)
      expect(modules.some((m) => m.endsWith('scenario/src/load.ts')), args.join(' ')).toBe(true)
      for (const h of heavy) expect(modules.filter((m) => h.test(m)), `${args.join(' ')} loads ${h}`).toEqual([])
    }
    // the recorder sees what a command does load: explain loads its package
    expect(modulesLoaded('explain', scenario).some((m) => /explain\/src\/catalogue\.ts$/.test(m))).toBe(true)
  }, 120_000)

  it('answers --version early with what the command line (commander) prints', async () => {
    let printed = ''
    expect(await main(['--version'], { out: (t) => (printed += t), err: (t) => (printed += t) })).toBe(0)
    expect(printed).toBe(`${VERSION}\n`)
    for (const flag of ['--version', '-V']) expect(snapsim('bundle', flag).stdout).toBe(printed)
  }, 60_000)

  it('deletes chunks of earlier builds that the new one does not use, once they are old enough', () => {
    const dist = join(dir, 'chunks')
    mkdirSync(dist)
    const now = Date.now()
    const at = (name: string, ageMs: number) => {
      writeFileSync(join(dist, name), '')
      const t = new Date(now - ageMs)
      utimesSync(join(dist, name), t, t)
    }
    at('chunk-KEEP1.mjs', OLD_CHUNK_MS * 3) // used by the new build, however old
    at('chunk-OLD1.mjs', OLD_CHUNK_MS + 1000)
    at('chunk-RECENT.mjs', OLD_CHUNK_MS - 60_000) // a command started before the rebuild may still load it
    at('snapsim.mjs', OLD_CHUNK_MS * 3)
    at('inputs.json', OLD_CHUNK_MS * 3)
    expect(removeOldChunks(dist, new Set(['chunk-KEEP1.mjs']), now)).toEqual(['chunk-OLD1.mjs'])
    expect(readdirSync(dist).sort()).toEqual(['chunk-KEEP1.mjs', 'chunk-RECENT.mjs', 'inputs.json', 'snapsim.mjs'])
  })

  it('is stale when an input is newer, missing or unlisted, or a part of the bundle is missing', () => {
    const dist = join(dir, 'dist')
    mkdirSync(dist)
    const input = join(dir, 'input.ts')
    writeFileSync(input, 'x')
    for (const f of ['snapsim.mjs', 'replication-worker.mjs']) writeFileSync(join(dist, f), '')
    const past = new Date(Date.now() - 60_000)
    utimesSync(input, past, past)
    writeFileSync(join(dist, 'inputs.json'), JSON.stringify([input]))
    expect(bundleIsFresh(dist)).toBe(true)
    rmSync(join(dist, 'replication-worker.mjs'))
    expect(bundleIsFresh(dist)).toBe(false)
    writeFileSync(join(dist, 'replication-worker.mjs'), '')
    expect(bundleIsFresh(dist)).toBe(true)
    // an edit after the build
    utimesSync(input, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000))
    expect(bundleIsFresh(dist)).toBe(false)
    utimesSync(input, past, past)
    expect(bundleIsFresh(dist)).toBe(true)
    rmSync(input)
    expect(bundleIsFresh(dist)).toBe(false)
    writeFileSync(join(dist, 'inputs.json'), '[]')
    expect(bundleIsFresh(dist)).toBe(false)
    writeFileSync(join(dist, 'inputs.json'), '{')
    expect(bundleIsFresh(dist)).toBe(false)
    rmSync(join(dist, 'inputs.json'))
    expect(bundleIsFresh(dist)).toBe(false)
  })
})
