// kill -9 at any moment of a run leaves its output folder holding one complete run: the old one
// or the new one, as its manifest says and its files' sha256 confirm, with no file of the other.
// Real processes are killed with SIGKILL: at each step of writing the folder (SNAPSIM_KILL_AT=N,
// outdir.ts: a file written, the manifest, each rename) and at moments a timer picks after the
// staging folder appears. The oracle never depends on when the kill landed.

import { spawn } from 'node:child_process'
import { readdirSync, watch, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from './program.ts'
import { verifyOutput, type Manifest } from './outdir.ts'
import { readSavedRun } from './saved-run.ts'
import { BIN as bin, scratchDir } from './snapsim.test-helpers.ts'

const dir = scratchDir('snapsim-kill-')
const deep = Boolean(process.env.SNAPSIM_DEEP)

const single = join(dir, 'single.yaml')
writeFileSync(
  single,
  `name: single
horizon: 2d
datastores: [{ id: ds, capacity: 1 TiB }]
vms: [{ id: a, datastore: ds, disk: 100 GiB, used: 50 GiB, writeRate: 1 MiB/s }]
jobs: [{ id: j, vms: [a], schedule: "0 1 * * *", streamThroughput: 100 MiB/s }]
`,
)
const monteCarlo = join(dir, 'mc.yaml')
writeFileSync(
  monteCarlo,
  `name: monte carlo
horizon: 2d
datastores: [{ id: ds, capacity: 1 TiB, otherData: { uniform: [10 GiB, 20 GiB] } }]
vms: [{ id: a, datastore: ds, disk: 100 GiB, used: 50 GiB, writeRate: 1 MiB/s }]
jobs: [{ id: j, vms: [a], schedule: "0 1 * * *", streamThroughput: 100 MiB/s, failure: { ratePerHour: 0.1, orphaned: 50% } }]
`,
)

type Kind = 'run' | 'replications'
const args = (kind: Kind, out: string) => (kind === 'run' ? ['run', single, '--out', out, '--quiet'] : ['run', monteCarlo, '--replications', '2', '--workers', '1', '--out', out, '--quiet'])
const RUN_FILES = ['backups.csv', 'datastore-use.csv', 'events.jsonl', 'report.html', 'result.jsonl.gz', 'snapshots.csv', 'summary.json', 'vm-states.csv', 'vms.csv', 'whatif.json']
const filesOf = (kind: Kind) => (kind === 'run' ? RUN_FILES : [...RUN_FILES, 'replications.csv', 'replications.jsonl', 'risk.json'].sort())

/** Spawns a run; `kill` decides when to SIGKILL it (or never). Resolves with how it ended. */
function spawnRun(kind: Kind, out: string, env: Record<string, string>, kill?: (child: ReturnType<typeof spawn>) => () => void): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', bin, ...args(kind, out)], { env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const stop = kill?.(child)
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      stop?.()
      resolve(signal ?? (code === 0 ? 'exit 0' : `exit ${code}: ${err}`))
    }),
  )
}

/** The oracle: the folder is the old run (same manifest) or a complete new run of `kind`, and nothing else lies beside it. */
async function checkFolder(out: string, old: Manifest, kind: Kind): Promise<Manifest> {
  const m = verifyOutput(out)
  const names = m.files.map((f) => f.name)
  if (m.run === old.run) expect(m).toEqual(old)
  else {
    expect(m.command).toBe(kind)
    expect(names).toEqual(filesOf(kind))
    expect((await readSavedRun(out)).scenario.name).toBe(kind === 'run' ? 'single' : 'monte carlo')
  }
  expect(readdirSync(dir).filter((n) => n.includes('.snapsim-'))).toEqual([])
  return m
}

describe('kill -9 while writing an output folder', () => {
  it('leaves the old complete run or the new one at every step of the swap', async () => {
    const out = join(dir, 'steps')
    expect(await main(args('replications', out), { out: () => {}, err: () => {} })).toBe(0)
    let m = verifyOutput(out)
    let kind: Kind = 'run'
    // Steps (outdir.ts step()) into a folder that exists: the staging folder (1), each of the 11
    // files of a single run (14 of a Monte Carlo run), manifest.json, the old folder renamed
    // aside, the new one renamed in, the old one deleted: 15 for a run, 18 for Monte Carlo.
    // By default the first step and the last five of whichever kind comes next; SNAPSIM_DEEP
    // kills both kinds at every step.
    const last = (k: Kind) => (k === 'run' ? 15 : 18)
    const plan: ((k: Kind) => number)[] = deep ? Array.from({ length: 18 }, (_, i) => () => i + 1) : [() => 1, ...[4, 3, 2, 1, 0].map((back) => (k: Kind) => last(k) - back)]
    const seen = new Set<string>()
    for (const at of plan) {
      for (const next of deep ? (['run', 'replications'] as const) : ([kind] as const)) {
        const ended = await spawnRun(next, out, { SNAPSIM_KILL_AT: String(at(next)) })
        expect(['SIGKILL', 'exit 0'], ended).toContain(ended)
        const before = m.run
        m = await checkFolder(out, m, next)
        seen.add(m.run === before ? 'old' : 'new')
        kind = m.command === 'run' ? 'replications' : 'run'
      }
    }
    // both outcomes occurred: the kills fell before and after the swap
    expect([...seen].sort()).toEqual(['new', 'old'])
  }, 600_000)

  it('leaves the old complete run or the new one when killed a moment after the staging folder appears', async () => {
    const out = join(dir, 'timed')
    expect(await main(args('run', out), { out: () => {}, err: () => {} })).toBe(0)
    let m = verifyOutput(out)
    let kind: Kind = 'replications'
    for (const delay of deep ? [0, 1, 2, 5, 10, 20, 50, 100, 200, 400] : [0, 60]) {
      const ended = await spawnRun(kind, out, {}, (child) => {
        let timer: NodeJS.Timeout | undefined
        const watcher = watch(dir, (_, name) => {
          if (timer === undefined && name?.startsWith('.timed.snapsim-new-')) timer = setTimeout(() => child.kill('SIGKILL'), delay)
        })
        return () => {
          clearTimeout(timer)
          watcher.close()
        }
      })
      expect(['SIGKILL', 'exit 0'], ended).toContain(ended)
      m = await checkFolder(out, m, kind)
      kind = m.command === 'run' ? 'replications' : 'run'
    }
  }, 600_000)
})
