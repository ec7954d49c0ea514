// Hostile scenario input through the real command line (child processes): the exit code is 2,
// every line of stderr is positioned (`FILE:line:col:`, `--set …:` or `snapsim: `), and nothing
// looks like a stack trace. The in-process fuzz suite (packages/scenario/src/fuzz.test.ts) covers
// the loader with thousands of cases; these few cover the process around it.
import { describe, expect, it } from 'vitest'
import { scratchDir, snapsimChild as snapsim, writeIn } from './snapsim.test-helpers.ts'

const dir = scratchDir('snapsim-hostile-')

const file = (name: string, body: string): string => writeIn(dir, name, body)

const ok = `horizon: 2d
datastores:
  - { id: ds1, capacity: 10 TiB }
vms:
  - { id: "a/b", disk: 100 GiB, writeRate: 1 MiB/s }
  - { id: ".hidden", disk: 100 GiB }
jobs:
  - { id: nightly, vms: ["*"], schedule: "0 20 * * *", streamThroughput: 100 MiB/s }
`

/** Every stderr line says where; nothing internal leaks. */
function positioned(err: string, f: string): void {
  const lines = err.trimEnd().split('\n')
  expect(lines.length).toBeGreaterThan(0)
  for (const line of lines) {
    expect(line.startsWith(`${f}:`) ? /^[^\n]+:[1-9]\d*:[1-9]\d*: /.test(line) : /^(--set |snapsim: )/.test(line), line).toBe(true)
    expect(line).not.toMatch(/\s+at .+:\d+:\d+\)?$|\[object Object\]|\u0000|snapsim:invalid|internal error/)
  }
}

describe('hostile scenario input on the command line: exit 2, positioned, no stack trace', () => {
  it('validate: reserved keys, an undefined alias, a number out of range, an empty selector, a device, a billion VMs', async () => {
    const keys = file('keys.yaml', `${ok}__proto__: { polluted: 1 }\ndescription: *nothing\n`)
    const values = file('values.yaml', ok.replace('capacity: 10 TiB', 'capacity: 1e400 B').replace('vms: ["*"]', 'vms: [""]'))
    const many = file('many.yaml', ok.replace('{ id: ".hidden", disk: 100 GiB }', '{ id: w, count: 1000000000, disk: 1 GiB }'))
    const r = await snapsim('validate', keys, values, '/dev/zero', many)
    expect(r.code).toBe(2)
    const lines = r.err.trimEnd().split('\n')
    for (const line of lines) positioned(line, [keys, values, '/dev/zero', many].find((f) => line.startsWith(`${f}:`)) ?? '?')
    expect(lines.map((l) => l.slice(0, l.indexOf(': ')).replace(dir, 'DIR'))).toEqual(['DIR/keys.yaml:9:1', 'DIR/keys.yaml:10:14', 'DIR/values.yaml:3:26', 'DIR/values.yaml:8:26', '/dev/zero:1:1', 'DIR/many.yaml:6:21'])
    expect(r.err).toContain('key `__proto__` is reserved')
    expect(r.err).toContain('undefined alias `*nothing`')
    expect(r.err).toContain('raise it with `--limit vms=…`')
  }, 120_000)

  it('run: selectors match every id; --set errors point at the flag; the replication limit says how to raise it', async () => {
    const f = file('ok.yaml', ok)
    const good = await snapsim('run', f, '--json', '--records')
    expect(good.code).toBe(0)
    expect(JSON.parse(good.out).backups.map((b: { vm: string }) => b.vm).sort()).toEqual(['.hidden', '.hidden', 'a/b', 'a/b'])
    const set = await snapsim('run', f, '--set', 'jobs.nightly.concurrency=lots')
    expect(set.code).toBe(2)
    expect(set.err).toBe('--set jobs.nightly.concurrency=lots: jobs[0].concurrency: expected a number, got string `lots`\n')
    const reps = await snapsim('run', f, '--replications', '1e9')
    expect(reps.code).toBe(2)
    expect(reps.err).toBe('snapsim: --replications 1e9: above the limit of 1,000,000 replications; raise it with `--limit replications=…` (docs/limits.md)\n')
  }, 180_000)
})
