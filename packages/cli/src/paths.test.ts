// Careless use gets a clear message and exit 2, not an internal error: a folder where a file is
// wanted, too many workers, --replication on a sweep; `check DIR` skips YAML files that are not
// scenarios; --quiet; a closed pipe (`snapsim run … | head`) ends the run quietly.

import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN as bin, scratchDir, snapsim } from './snapsim.test-helpers.ts'

const dir = scratchDir('snapsim-paths-')

const one = `name: one
horizon: 1d
datastores: [{ id: ds, capacity: 1 TiB }]
vms: [{ id: a, datastore: ds, disk: 100 GiB, used: 50 GiB, writeRate: 1 MiB/s }]
jobs: [{ id: j, vms: [a], schedule: "0 1 * * *", streamThroughput: 100 MiB/s }]
`
const f = join(dir, 'one.yaml')
writeFileSync(f, one)

describe('paths and options', () => {
  it('run DIR says it is a folder: exit 2', async () => {
    const r = await snapsim('run', dir)
    expect([r.code, r.err]).toEqual([2, `snapsim: ${dir}: is a folder; \`snapsim run\` wants a scenario file (\`snapsim check DIR\` runs every scenario in a folder)\n`])
  })

  it('--workers above the cores needs --force-workers', async () => {
    const cores = availableParallelism()
    const r = await snapsim('run', f, '--replications', '2', '--workers', String(cores + 1))
    expect(r.code).toBe(2)
    expect(r.err).toBe(`snapsim: --workers ${cores + 1}: more than the ${cores} cores of this machine (more threads run no faster and each needs its own memory); add --force-workers to run them anyway\n`)
    // forced: runs (the pool never has more threads than replications)
    expect((await snapsim('run', f, '--replications', '1', '--workers', String(cores + 1), '--force-workers', '--json', '--quiet')).code).toBe(0)
  }, 60_000)

  it('--replication on a sweep is refused and says how to pick a point', async () => {
    const r = await snapsim('run', f, '--set', 'jobs.j.streamThroughput=50 MiB/s,100 MiB/s', '--replication', '3')
    expect(r.code).toBe(2)
    expect(r.err).toContain('--replication replays one replication of one scenario, but this is a sweep of jobs.j.streamThroughput: pick the point with --set')
    // one value per swept key makes it a single run again
    expect((await snapsim('run', f, '--set', 'jobs.j.streamThroughput=50 MiB/s', '--replication', '3', '--quiet')).code).toBe(0)
  })

  it('--quiet prints nothing but the JSON', async () => {
    const quiet = await snapsim('run', f, '--quiet')
    expect([quiet.code, quiet.out, quiet.err]).toEqual([0, '', ''])
    const json = await snapsim('run', f, '--quiet', '--json', '--out', join(dir, 'q'))
    expect(JSON.parse(json.out).scenario).toBe('one')
    expect(json.err).toBe('')
  })

  it('check DIR skips YAML files that are not scenarios, with a note; a file given by name is checked', async () => {
    const tree = join(dir, 'tree')
    mkdirSync(join(tree, '.github', 'workflows'), { recursive: true })
    writeFileSync(join(tree, 'one.yaml'), one)
    const workflow = join(tree, '.github', 'workflows', 'ci.yml')
    writeFileSync(workflow, 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{ run: pnpm test }]\n')
    writeFileSync(join(tree, 'list.yaml'), '- a\n- b\n')
    const r = await snapsim('check', tree)
    expect(r.code).toBe(0)
    expect(r.out).toContain(`skip ${workflow} (not a scenario: no \`datastores:\` or \`vms:\` key)`)
    expect(r.out).toContain(`skip ${join(tree, 'list.yaml')} (not a scenario: not a mapping of keys)`)
    expect(r.out).toContain('1 scenario files')
    // named explicitly it is checked, and its problems are errors
    expect((await snapsim('check', workflow)).code).toBe(2)
    // a broken scenario in a folder is not skipped: its errors count
    writeFileSync(join(tree, 'broken.yaml'), 'datastores: [\n')
    expect((await snapsim('check', tree)).code).toBe(2)
  })

  it('`snapsim run … --json | head -c 100` ends without an EPIPE stack trace', () => {
    const big = join(dir, 'big.yaml')
    // 3,000 VMs: the summary JSON is far larger than a pipe's buffer
    writeFileSync(
      big,
      `name: big
horizon: 1d
datastores: [{ id: ds, capacity: 1 PiB }]
vms: [{ id: a, count: 3000, datastore: ds, disk: 100 GiB, used: 50 GiB, writeRate: 1 MiB/s }]
jobs: [{ id: j, vms: ["a-*"], schedule: "0 1 * * *", streamThroughput: 100 MiB/s }]
`,
    )
    const r = spawnSync('sh', ['-c', `"${process.execPath}" --import tsx "${bin}" run "${big}" --json | head -c 100 > /dev/null`], { encoding: 'utf8', env: { ...process.env, CI: '1' } })
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
  }, 120_000)
})
