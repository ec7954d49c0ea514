// `snapsim explain` end to end, in-process: a scenario file and a run directory tell the same
// story; bad options and damaged result files exit 2 with a message, never a stack trace.

import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { editLines, tamper } from '../test/tamper.ts'
import { scratchDir, snapsim } from '../snapsim.test-helpers.ts'

const dir = scratchDir('snapsim-explain-')

// As in cli.test.ts: VM a is snapshotted at 00:00 (Berlin) and writes 100 MiB/s over R = 500 GiB
// with 50 GiB free: full at -R ln(0.9) / 100 MiB/s = 539.45 s, i.e. 00:08 on Mon 5 Jan 2026.
const fill = `name: fill
start: 2026-01-05T00:00
timezone: Europe/Berlin
horizon: 1d
datastores:
  - { id: ds, capacity: 1050 GiB, consolidationThroughput: 100 MiB/s }
vms:
  - { id: a, datastore: ds, disk: 500 GiB, used: 400 GiB, writeRate: 100 MiB/s }
  - { id: b, datastore: ds, disk: 500 GiB, used: 400 GiB, writeRate: 100 MiB/s }
jobs:
  - { id: j, vms: [a], schedule: "0 0 * * *", streamThroughput: 50 MiB/s }
`
const file = join(dir, 'fill.yaml')
writeFileSync(file, fill)

describe('snapsim explain', () => {
  it('tells a scenario file in German and English, with the fill at the hand-derived minute', async () => {
    const de = await snapsim('explain', file, '--lang', 'de', '--level', 'full')
    expect(de.code).toBe(0)
    expect(de.out).toContain('Tag 1, Mo., 5. Jan. 2026, 00:08 MEZ: Der Speicherplatz des Datenspeichers ds ist erschöpft')
    expect(de.out).toContain('Das virtuelle IT-System a hält an')
    const en = await snapsim('explain', file)
    expect(en.code).toBe(0)
    expect(en.out).toContain('Day 1, Mon, 5 Jan 2026, 00:08 CET: datastore ds is full')
  }, 60_000)

  it('tells a run directory the same, and prints facts as JSON', async () => {
    const out = join(dir, 'run')
    expect((await snapsim('run', file, '--out', out)).code).toBe(0)
    const fromDir = await snapsim('explain', out, '--level', 'full', '--lang', 'de')
    const fromFile = await snapsim('explain', file, '--level', 'full', '--lang', 'de')
    // result.json keeps the jobs' window and overlap policy: the same story word for word
    expect(fromDir.out).toBe(fromFile.out)
    const json = JSON.parse((await snapsim('explain', out, '--json', '--level', 'full')).out)
    expect(json.turningPoints.map((f: { kind: string }) => f.kind)).toContain('full')
    expect(json.turningPoints.find((f: { kind: string }) => f.kind === 'full').t).toBeCloseTo(539.45, 0)
    // the brief level tells the fill with the stop in one sentence: the fill is among its merged facts
    const brief = JSON.parse((await snapsim('explain', out, '--json')).out)
    const stop = brief.turningPoints.find((f: { kind: string }) => f.kind === 'stop')
    expect(stop.sentences).toHaveLength(2) // the sentence and G 4.78's quote
    expect(stop.merged.map((f: { kind: string; t: number }) => [f.kind, Math.round(f.t)])).toEqual([['full', 539]])
  }, 60_000)

  it('keeps to --from/--to and --vm', async () => {
    const late = await snapsim('explain', file, '--level', 'full', '--from', '2026-01-05T00:09')
    expect(late.out).not.toContain('is full')
    const vm = await snapsim('explain', file, '--level', 'full', '--vm', 'b', '--json')
    expect(JSON.parse(vm.out).turningPoints.every((f: { vm?: string }) => f.vm === undefined || f.vm === 'b')).toBe(true)
    expect((await snapsim('explain', file, '--to', '0s')).out).toContain('the schedule starts')
  }, 60_000)

  it('rejects bad options and damaged result files with exit 2', async () => {
    for (const argv of [
      ['--lang', 'fr'],
      ['--level', 'long'],
      ['--from', 'yesterday'],
      ['--from', '400d'],
      ['--from', '10h', '--to', '1h'],
      ['--vm', 'zz'],
    ]) {
      const r = await snapsim('explain', file, ...argv)
      expect(r.code, argv.join(' ')).toBe(2)
      expect(r.err, argv.join(' ')).toMatch(/^snapsim: /)
    }
    const bad = join(dir, 'bad')
    await snapsim('run', file, '--out', bad)
    // a file that is not of the run: the folder mixes runs
    writeFileSync(join(bad, 'result.json'), '{"scenario": {"name": 1}}')
    let r = await snapsim('explain', bad)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${bad}/result.json: not in ${bad}/manifest.json`)
    rmSync(join(bad, 'result.json'))
    // edited, with the manifest rewritten to match: the schema names the line and field
    tamper(bad, 'result.jsonl.gz', (t) => editLines(t, ([run]) => (run!.scenario.name = 1)))
    r = await snapsim('explain', bad)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${bad}/result.jsonl.gz:1: scenario.name: expected string, got 1`)
    expect((await snapsim('explain', join(dir, 'nowhere'))).code).toBe(2)
    expect((await snapsim('explain', bad, '--compare', file)).code).toBe(2)
  }, 60_000)

  it('opens the report of a run with the narration, in the language of --lang on run and on report', async () => {
    const out = join(dir, 'lang')
    expect((await snapsim('run', file, '--out', out, '--lang', 'de')).code).toBe(0)
    const de = readFileSync(join(out, 'report.html'), 'utf8')
    expect(de).toMatch(/<\/header>\n<section id="narration" lang="de"><h2>Der Lauf erzählt<\/h2>/)
    expect(de).toContain('Der Speicherplatz des Datenspeichers ds ist erschöpft')
    expect((await snapsim('report', out, '--lang', 'en')).code).toBe(0)
    const en = readFileSync(join(out, 'report.html'), 'utf8')
    expect(en).toContain('<section id="narration" lang="en"><h2>The run, told</h2>')
    expect(en).toContain('datastore ds is full')
    expect((await snapsim('report', out, '--lang', 'fr')).code).toBe(2)
    expect((await snapsim('run', file, '--lang', 'fr')).code).toBe(2)
  }, 60_000)
})
