// `snapsim run FILE --replications N`: Monte Carlo. `--shard I/N` runs only shard I's
// replications and writes their records; `snapsim merge DIR…` aggregates shards into the same
// output, byte for byte, as one unsharded run.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { simulate } from '@snapsim/core'
import { aggregate, timeGrid, type AggregateMeta, type ReplicationRecord, type RiskSummary, type SweepSummary } from '@snapsim/risk'
import { isoLocal } from '@snapsim/scenario'
import { explainRisk, type Lang } from '@snapsim/explain'
import { writeAtomic } from '../atomic.ts'
import { toCsv } from '../csv.ts'
import { describeRun } from '../human.ts'
import { BadInput, EXIT, type Io } from '../io.ts'
import { savedRun, writeRunFiles } from '../outputs.ts'
import { GRID_POINTS, loadReplication, type Settings } from '../replication.ts'
import { replicate, shardIndices } from '../replicate.ts'
import { describeRisk } from '../risk-words.ts'
import { finishSweep, summarizeSweep, type SweepShard } from './sweep.ts'
import { summarize } from '../summary.ts'

export interface MonteCarloOptions {
  readonly replications: number
  readonly workers?: number
  readonly shard?: { index: number; count: number }
  readonly seed?: string
  readonly out?: string
  readonly json?: boolean
  readonly static?: boolean
  /** Key paths set on the scenario (`--set key=value`). */
  readonly set?: Settings
  /** Language of the report's risk in words (default en). */
  readonly lang?: Lang
}

/** What a shard writes besides its records, so that `merge` can aggregate without the scenario. */
interface ShardInfo {
  readonly kind?: undefined
  readonly meta: AggregateMeta
  readonly replications: number
  readonly shard: string
  readonly set: Settings
}

export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text)
  const index = Number(m?.[1])
  const count = Number(m?.[2])
  if (!m || !(count >= 1) || !(index >= 1 && index <= count)) throw new BadInput(`--shard: expected I/N with 1 <= I <= N, got \`${text}\``)
  return { index, count }
}

export function parseIndex(text: string, what: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0) throw new BadInput(`${what}: expected a whole number from 0, got \`${text}\``)
  return n
}

export function parseCount(text: string, what: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1) throw new BadInput(`${what}: expected a positive whole number, got \`${text}\``)
  return n
}

export function metaOf(file: string, seed: string | undefined, set?: Settings): AggregateMeta {
  const s = loadReplication(file, seed, 0, set)
  return {
    scenario: s.name,
    file,
    seed: seed ?? s.seed.replace(/\/r0$/, ''),
    timezone: s.timezone,
    start: isoLocal(s.startEpochMs, s.timezone),
    startEpochMs: s.startEpochMs,
    horizonSeconds: s.model.horizon,
    grid: timeGrid(s.model.horizon, GRID_POINTS),
    capacities: s.model.datastores.map((d) => ({ id: d.id, capacityBytes: d.capacity })),
  }
}

const recordsText = (records: readonly ReplicationRecord[]) => records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '')

function recordsCsv(records: readonly ReplicationRecord[]): string {
  return toCsv(
    ['replication', 'seed', 'firstFullAt', 'vmsStopped', 'downtimeSeconds', 'backupsOverlapped', 'backupsFailed', 'backupsSkipped', 'snapshotsOrphaned'],
    records.map((r) => [r.replication, r.seed, r.firstFullAt, r.vmsStopped, r.downtimeSeconds, r.backupsOverlapped, r.backupsFailed, r.backupsSkipped, r.snapshotsOrphaned]),
  )
}

/** Write the aggregate outputs; the report shows the risk and, as an example, the worst replication. */
export async function writeAggregate(dir: string, file: string, risk: RiskSummary, records: readonly ReplicationRecord[], staticCharts: boolean, extra: { sweep?: SweepSummary; set?: Settings; lang?: Lang } = {}): Promise<void> {
  writeAtomic(join(dir, 'risk.json'), `${JSON.stringify(risk, null, 2)}\n`)
  if (records.length > 0) {
    writeAtomic(join(dir, 'replications.jsonl'), recordsText(records))
    writeAtomic(join(dir, 'replications.csv'), recordsCsv(records))
  }
  const worst = loadReplication(file, risk.seed, risk.worst.replication, extra.set)
  const result = simulate(worst.model)
  const summary = summarize(worst, result)
  const lines = [
    ...describeRisk(risk, file),
    `The charts and tables below show the worst replication (${risk.worst.replication}):`,
    ...describeRun(worst, result, summary),
  ]
  const riskTold = explainRisk(risk, extra.lang ?? 'en', extra.sweep)
  await writeRunFiles(dir, savedRun(worst, result, lines), summary, { static: staticCharts, risk, riskTold, ...(extra.sweep ? { sweep: extra.sweep } : {}) })
}

export async function monteCarloCommand(file: string, o: MonteCarloOptions, io: Io): Promise<number> {
  const meta = metaOf(file, o.seed, o.set)
  const indices = shardIndices(o.replications, o.shard)
  const { records, interrupted } = await replicate({ file, seed: meta.seed, replications: indices, ...(o.workers ? { workers: o.workers } : {}), ...(o.set ? { set: o.set } : {}) })
  if (interrupted) io.err(`interrupted: ${records.length} of ${indices.length} replications finished; writing those\n`)
  if (o.shard) {
    if (!o.out) throw new BadInput('--shard needs --out DIR: a shard writes its records for `snapsim merge`')
    const info: ShardInfo = { meta, replications: o.replications, shard: `${o.shard.index}/${o.shard.count}`, set: o.set ?? {} }
    writeAtomic(join(o.out, 'shard.json'), `${JSON.stringify(info, null, 2)}\n`)
    writeAtomic(join(o.out, 'replications.jsonl'), recordsText(records))
    io.out(`shard ${info.shard}: ${records.length} replications written to ${o.out}/; combine the shards with \`snapsim merge DIR…\`\n`)
    return EXIT.ok
  }
  const risk = aggregate(meta, records)
  if (o.json) io.out(`${JSON.stringify(risk, null, 2)}\n`)
  else io.out(`${meta.scenario}\n\n${describeRisk(risk, file).map((l) => `  ${l}`).join('\n')}\n`)
  if (o.out) {
    await writeAggregate(o.out, file, risk, records, o.static ?? false, { ...(o.set ? { set: o.set } : {}), ...(o.lang ? { lang: o.lang } : {}) })
    ;(o.json ? io.err : io.out)(`\nWrote the risk to ${o.out}/risk.json; the report: ${o.out}/report.html\n`)
  }
  return EXIT.ok
}

export async function mergeCommand(dirs: readonly string[], o: { out?: string; json?: boolean; static?: boolean; lang?: Lang }, io: Io): Promise<number> {
  const infos: ShardInfo[] = []
  const sweeps: SweepShard[] = []
  const records: ReplicationRecord[] = []
  for (const dir of dirs) {
    let info: ShardInfo | SweepShard
    try {
      info = JSON.parse(readFileSync(join(dir, 'shard.json'), 'utf8')) as ShardInfo | SweepShard
    } catch {
      throw new BadInput(`${dir}/shard.json: not found or not readable: is ${dir} the --out of a \`run --shard\`?`)
    }
    if (info.kind === 'sweep') {
      sweeps.push(info)
      continue
    }
    infos.push(info)
    const text = readFileSync(join(dir, 'replications.jsonl'), 'utf8')
    for (const line of text.split('\n')) if (line.trim()) records.push(JSON.parse(line) as ReplicationRecord)
  }
  if (sweeps.length > 0) return mergeSweeps(dirs, sweeps, infos.length, o, io)
  const first = infos[0]!
  for (const [i, info] of infos.entries()) {
    if (JSON.stringify(info.meta) !== JSON.stringify(first.meta) || info.replications !== first.replications) {
      throw new BadInput(`${dirs[i]}: a shard of a different run (scenario, seed or replications differ from ${dirs[0]})`)
    }
  }
  const seen = new Set<number>()
  for (const r of records) {
    if (seen.has(r.replication)) throw new BadInput(`replication ${r.replication} appears in more than one shard`)
    seen.add(r.replication)
  }
  if (seen.size !== first.replications) io.err(`warning: ${seen.size} of ${first.replications} replications present (missing shards?)\n`)
  const risk = aggregate(first.meta, records)
  if (o.json) io.out(`${JSON.stringify(risk, null, 2)}\n`)
  else io.out(`${first.meta.scenario}\n\n${describeRisk(risk, first.meta.file).map((l) => `  ${l}`).join('\n')}\n`)
  if (o.out) {
    await writeAggregate(o.out, first.meta.file, risk, [...records].sort((a, b) => a.replication - b.replication), o.static ?? false, { set: first.set, ...(o.lang ? { lang: o.lang } : {}) })
    ;(o.json ? io.err : io.out)(`\nWrote the merged risk to ${o.out}/risk.json; the report: ${o.out}/report.html\n`)
  }
  return EXIT.ok
}

async function mergeSweeps(dirs: readonly string[], shards: readonly SweepShard[], others: number, o: { out?: string; json?: boolean; static?: boolean; lang?: Lang }, io: Io): Promise<number> {
  if (others > 0) throw new BadInput('cannot merge sweep shards with replication shards')
  const first = shards[0]!
  const same = (s: SweepShard) => JSON.stringify([s.file, s.spec, s.target, s.replications, s.set]) === JSON.stringify([first.file, first.spec, first.target, first.replications, first.set])
  shards.forEach((s, i) => {
    if (!same(s)) throw new BadInput(`${dirs[i]}: a shard of a different sweep (scenario, parameters, target or replications differ from ${dirs[0]})`)
  })
  const points = shards.flatMap((s) => s.points)
  if (new Set(points.map((p) => p.index)).size !== points.length) throw new BadInput('a grid point appears in more than one shard')
  const summary = summarizeSweep(first.scenario, first.spec, first.replications, points, first.target ?? undefined)
  return finishSweep(first.file, summary, { ...o, set: first.set }, io)
}
