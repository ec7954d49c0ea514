// The Monte Carlo report opens with the risk in words, in the language asked for: after
// `run --replications`, after `merge` of shards, after a sweep, and again after `report`.
// What the section says is explain's narration of the risk.json written beside it.

import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { explainRisk, type Lang } from '@snapsim/explain'
import { describe, expect, it } from 'vitest'
import { scratchDir, snapsim } from './snapsim.test-helpers.ts'

const dir = scratchDir('snapsim-risk-told-')

// An orphaned snapshot fills the datastore in some replications (montecarlo.test.ts works the
// probability out: 0.2); with 3000 GiB it never does.
const scenario = join(dir, 'orphan.yaml')
writeFileSync(
  scenario,
  `name: orphan fills sometimes
horizon: 10d
platform: generic
datastores: [{ id: ds, capacity: 1100 GiB }]
vms: [{ id: a, datastore: ds, disk: 1 TiB, used: 360 GiB, writeRate: 10 MiB/s }]
jobs:
  - { id: j, vms: [a], schedule: "0 0 5 1 *", streamThroughput: 100 MiB/s, failure: { ratePerHour: 0.5, orphaned: 50% } }
`,
)

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&(amp|lt|gt|quot);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[e]!)

/** The report's first section: its id, language and list items as text. */
function firstSection(out: string): { id: string; lang: string; items: string[] } {
  const html = readFileSync(join(out, 'report.html'), 'utf8')
  const body = html.slice(html.indexOf('</header>'))
  const m = /<section id="([^"]+)"(?: lang="([^"]*)")?/.exec(body)!
  const section = body.slice(m.index, body.indexOf('</section>', m.index))
  return { id: m[1]!, lang: decode(m[2] ?? ''), items: [...section.matchAll(/<li>([^<]*)<\/li>/g)].map((x) => decode(x[1]!)) }
}

const told = (out: string, lang: Lang, sweep = false) =>
  explainRisk(JSON.parse(readFileSync(join(out, 'risk.json'), 'utf8')), lang, sweep ? JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) : undefined).sentences

describe('the Monte Carlo report opens with the risk in words', () => {
  it('after run --replications, in German, and again in English after `report --lang en`', async () => {
    const out = join(dir, 'mc')
    expect((await snapsim('run', scenario, '--replications', '20', '--workers', '1', '--out', out, '--lang', 'de')).code).toBe(0)
    const de = firstSection(out)
    expect(de).toEqual({ id: 'risk-told', lang: 'de', items: told(out, 'de') })
    expect(de.items[0]).toMatch(/^In \d+ von 20 Wiederholungen|^In keiner der 20 Wiederholungen/)
    expect((await snapsim('report', out, '--lang', 'en')).code).toBe(0)
    expect(firstSection(out)).toEqual({ id: 'risk-told', lang: 'en', items: told(out, 'en') })
  }, 120_000)

  it('after merge of shards, in the language asked for', async () => {
    const shards = [1, 2].map((i) => join(dir, `shard${i}`))
    for (const [i, s] of shards.entries()) expect((await snapsim('run', scenario, '--replications', '10', '--workers', '1', '--shard', `${i + 1}/2`, '--out', s)).code).toBe(0)
    const out = join(dir, 'merged')
    expect((await snapsim('merge', ...shards, '--out', out, '--lang', 'de')).code).toBe(0)
    const merged = firstSection(out)
    expect(merged).toEqual({ id: 'risk-told', lang: 'de', items: told(out, 'de') })
    expect(merged.items[0]).toMatch(/ von 10 Wiederholungen/)
    expect((await snapsim('merge', ...shards, '--lang', 'fr')).code).toBe(2)
  }, 120_000)

  it('after a sweep: its grid, what drives P(full), then the shown point’s risk', async () => {
    const out = join(dir, 'sweep')
    expect((await snapsim('run', scenario, '--set', 'datastores.ds.capacity=1100 GiB,3000 GiB', '--replications', '10', '--workers', '1', '--out', out)).code).toBe(0)
    const s = firstSection(out)
    expect(s).toEqual({ id: 'risk-told', lang: 'en', items: told(out, 'en', true) })
    expect(s.items[0]).toBe('The sweep tries 2 points (datastores.ds.capacity) with 10 replications each, and every point sees the same random numbers.')
    expect(s.items[1]).toMatch(/^P\(full\) depends above all on datastores\.ds\.capacity: 0\.0% at 3000 GiB, \d+\.\d% at 1100 GiB\.$/)
  }, 120_000)
})
