// `snapsim run FILE --replications N`: Monte Carlo. `--shard I/N` runs only shard I's
// replications and writes their records; `snapsim merge DIR…` aggregates shards into the same
// output, byte for byte, as one unsharded run.

import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { simulate } from '@snapsim/core'
import { aggregate, timeGrid, type AggregateMeta, type ReplicationRecord, type RiskSummary, type SweepSummary } from '@snapsim/risk'
import { grid, isoLocal, readScenarioText } from '@snapsim/scenario'
import { explainRisk, type Lang } from '@snapsim/explain'
import { toCsv } from '../csv.ts'
import { describeRun } from '../human.ts'
import { BadInput, EXIT, type Io } from '../io.ts'
import { stageOutput, verifyOutput, type StagedOutput } from '../outdir.ts'
import { replicationRecordSchema, shardSchema } from '../output-schemas.ts'
import { savedRun, writeRunFiles } from '../outputs.ts'
import { readJsonFile, readJsonLines } from '../readback.ts'
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
  /** No words on stdout, no progress on stderr (JSON with --json, warnings and errors stay). */
  readonly quiet?: boolean
  /** Language of the report's risk in words (default en). */
  readonly lang?: Lang
}

/** What a shard writes besides its records, so that `merge` can check and aggregate them (shard.json; output-schemas.ts). */
interface ShardInfo {
  readonly kind: 'replications'
  readonly meta: AggregateMeta
  readonly replications: number
  /** I/N: the shard's replications are the r < replications with r % N = I - 1. */
  readonly shard: string
  readonly set: Settings
  /** sha256 of the scenario file's text. */
  readonly scenarioSha256: string
  /** Lines in replications.jsonl: the shard's share, or fewer if it was interrupted. */
  readonly records: number
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
export async function writeAggregate(out: StagedOutput, file: string, risk: RiskSummary, records: readonly ReplicationRecord[], staticCharts: boolean, extra: { sweep?: SweepSummary; set?: Settings; seed?: string; lang?: Lang } = {}): Promise<void> {
  out.write('risk.json', `${JSON.stringify(risk, null, 2)}\n`)
  if (records.length > 0) {
    out.write('replications.jsonl', recordsText(records))
    out.write('replications.csv', recordsCsv(records))
  }
  const worst = loadReplication(file, risk.seed, risk.worst.replication, extra.set)
  const result = simulate(worst.model)
  const summary = summarize(worst, result)
  const lines = [
    ...describeRisk(risk, file, extra.set, extra.seed),
    `The charts and tables below show the worst replication (${risk.worst.replication}):`,
    ...describeRun(worst, result, summary),
  ]
  const riskTold = explainRisk(risk, extra.lang ?? 'en', extra.sweep)
  await writeRunFiles(out, savedRun(worst, result, lines), summary, { static: staticCharts, risk, riskTold, ...(extra.sweep ? { sweep: extra.sweep } : {}) })
}

export async function monteCarloCommand(file: string, o: MonteCarloOptions, io: Io): Promise<number> {
  if (o.shard && !o.out) throw new BadInput('--shard needs --out DIR: a shard writes its records for `snapsim merge`')
  const scenarioSha256 = scenarioHash(file)
  const meta = metaOf(file, o.seed, o.set)
  // a bad --out fails now, not after the replications
  const out = o.out ? stageOutput(o.out) : undefined
  try {
    const indices = shardIndices(o.replications, o.shard)
    const { records, interrupted } = await replicate({ file, seed: meta.seed, replications: indices, ...(o.workers ? { workers: o.workers } : {}), ...(o.set ? { set: o.set } : {}), ...(o.quiet ? { quiet: true } : {}) })
    if (interrupted) io.err(`interrupted: ${records.length} of ${indices.length} replications finished; writing those\n`)
    if (o.shard && out) {
      const info: ShardInfo = { kind: 'replications', meta, replications: o.replications, shard: `${o.shard.index}/${o.shard.count}`, set: o.set ?? {}, scenarioSha256, records: records.length }
      out.write('shard.json', `${JSON.stringify(info, null, 2)}\n`)
      out.write('replications.jsonl', recordsText(records))
      out.commit('shard')
      if (!o.quiet) io.out(`shard ${info.shard}: ${records.length} replications written to ${o.out}/; combine the shards with \`snapsim merge DIR…\`\n`)
      return EXIT.ok
    }
    const risk = aggregate(meta, records)
    if (o.json) io.out(`${JSON.stringify(risk, null, 2)}\n`)
    else if (!o.quiet) io.out(`${meta.scenario}\n\n${describeRisk(risk, file, o.set, o.seed).map((l) => `  ${l}`).join('\n')}\n`)
    if (out) {
      await writeAggregate(out, file, risk, records, o.static ?? false, { ...(o.set ? { set: o.set } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.lang ? { lang: o.lang } : {}) })
      out.commit('replications')
      if (!o.quiet) (o.json ? io.err : io.out)(`\nWrote the risk to ${o.out}/risk.json; the report: ${o.out}/report.html\n`)
    }
    return EXIT.ok
  } finally {
    out?.discard()
  }
}

/** sha256 of the scenario file's text: shards made from an edited file do not merge. */
export function scenarioHash(file: string): string {
  return createHash('sha256').update(readScenarioText(file), 'utf8').digest('hex')
}

/** Refuses shards of a scenario file that is not the one at `file` now (merge replays the worst replication from it). */
export function checkScenarioUnchanged(file: string, sha256: string, dirs: readonly string[]): void {
  let now: string
  try {
    now = scenarioHash(file)
  } catch {
    throw new BadInput(`${file}: the shards' scenario file is not there: merge replays the worst replication from it; run merge where the shards were made, with the file at that path`)
  }
  if (now !== sha256) throw new BadInput(`${file}: changed since the shards (${dirs.join(', ')}) were made (its sha256 differs): restore the file or run the shards again`)
}

/** A shard's folder: its manifest checked, then shard.json against its schema. */
function readShard(dir: string): ShardInfo | SweepShard {
  verifyOutput(dir, 'the --out of a `run --shard`')
  return readJsonFile(join(dir, 'shard.json'), shardSchema, `: is ${dir} the --out of a \`run --shard\`?`)
}

/**
 * A replication shard's records, checked against its shard.json: as many as it says, each an
 * index of its share (r % N = I - 1, r < replications) with the run's seed, datastores and grid.
 */
function readShardRecords(dir: string, info: ShardInfo): ReplicationRecord[] {
  const file = join(dir, 'replications.jsonl')
  const records = readJsonLines(file, replicationRecordSchema)
  if (records.length !== info.records) throw new BadInput(`${file}: ${records.length} records, but shard.json says ${info.records}: truncated or edited`)
  const [index, count] = info.shard.split('/').map(Number) as [number, number]
  if (index > count) throw new BadInput(`${dir}/shard.json: shard: ${info.shard} is not a shard (I must be at most N)`)
  const ids = info.meta.capacities.map((c) => c.id)
  for (const [i, r] of records.entries()) {
    const at = `${file}:${i + 1}: `
    if (r.replication >= info.replications) throw new BadInput(`${at}replication: ${r.replication} is not in a run of ${info.replications} replications (0 to ${info.replications - 1})`)
    if (r.replication % count !== index - 1) throw new BadInput(`${at}replication: ${r.replication} is not in shard ${info.shard} (its replications r have r % ${count} = ${index - 1})`)
    if (r.seed !== `${info.meta.seed}/r${r.replication}`) throw new BadInput(`${at}seed: expected "${info.meta.seed}/r${r.replication}", got ${JSON.stringify(r.seed).slice(0, 40)}`)
    if (r.datastores.length !== ids.length || r.datastores.some((d, k) => d.id !== ids[k])) throw new BadInput(`${at}datastores: not the run's datastores (${ids.join(', ')})`)
    const k = r.datastores.findIndex((d) => d.use.length !== info.meta.grid.length)
    if (k >= 0) throw new BadInput(`${at}datastores[${k}].use: ${r.datastores[k]!.use.length} values, the grid has ${info.meta.grid.length}`)
  }
  return records
}

export async function mergeCommand(dirs: readonly string[], o: { out?: string; json?: boolean; static?: boolean; quiet?: boolean; lang?: Lang }, io: Io): Promise<number> {
  const infos: ShardInfo[] = []
  const infoDirs: string[] = []
  const sweeps: SweepShard[] = []
  const sweepDirs: string[] = []
  const records: ReplicationRecord[] = []
  for (const dir of dirs) {
    const info = readShard(dir)
    if (info.kind === 'sweep') {
      sweeps.push(info)
      sweepDirs.push(dir)
      continue
    }
    infos.push(info)
    infoDirs.push(dir)
    records.push(...readShardRecords(dir, info))
  }
  if (sweeps.length > 0) {
    if (infos.length > 0) throw new BadInput('cannot merge sweep shards with replication shards')
    return mergeSweeps(sweepDirs, sweeps, o, io)
  }
  const first = infos[0]!
  const shardCount = first.shard.split('/')[1]
  const shardsSeen = new Map<string, string>()
  for (const [i, info] of infos.entries()) {
    if (JSON.stringify(info.meta) !== JSON.stringify(first.meta) || info.replications !== first.replications || JSON.stringify(info.set) !== JSON.stringify(first.set)) {
      throw new BadInput(`${infoDirs[i]}: a shard of a different run (scenario, seed, --set or replications differ from ${infoDirs[0]})`)
    }
    if (info.scenarioSha256 !== first.scenarioSha256) throw new BadInput(`${infoDirs[i]}: made from another version of ${first.meta.file} than ${infoDirs[0]} (the file's sha256 differs)`)
    if (info.shard.split('/')[1] !== shardCount) throw new BadInput(`${infoDirs[i]}: shard ${info.shard} does not split the run as ${infoDirs[0]} (shard ${first.shard})`)
    const twin = shardsSeen.get(info.shard)
    if (twin !== undefined) throw new BadInput(`${infoDirs[i]}: shard ${info.shard} again (also ${twin})`)
    shardsSeen.set(info.shard, infoDirs[i]!)
  }
  const seen = new Set<number>()
  for (const r of records) {
    if (seen.has(r.replication)) throw new BadInput(`replication ${r.replication} appears in more than one shard`)
    seen.add(r.replication)
  }
  checkScenarioUnchanged(first.meta.file, first.scenarioSha256, infoDirs)
  if (seen.size !== first.replications) io.err(`warning: ${seen.size} of ${first.replications} replications present (missing shards?)\n`)
  const out = o.out ? stageOutput(o.out) : undefined
  try {
    const risk = aggregate(first.meta, records)
    if (o.json) io.out(`${JSON.stringify(risk, null, 2)}\n`)
    else if (!o.quiet) io.out(`${first.meta.scenario}\n\n${describeRisk(risk, first.meta.file, first.set, first.meta.seed).map((l) => `  ${l}`).join('\n')}\n`)
    if (out) {
      await writeAggregate(out, first.meta.file, risk, [...records].sort((a, b) => a.replication - b.replication), o.static ?? false, { set: first.set, seed: first.meta.seed, ...(o.lang ? { lang: o.lang } : {}) })
      out.commit('merge')
      if (!o.quiet) (o.json ? io.err : io.out)(`\nWrote the merged risk to ${o.out}/risk.json; the report: ${o.out}/report.html\n`)
    }
    return EXIT.ok
  } finally {
    out?.discard()
  }
}

async function mergeSweeps(dirs: readonly string[], shards: readonly SweepShard[], o: { out?: string; json?: boolean; static?: boolean; quiet?: boolean; lang?: Lang }, io: Io): Promise<number> {
  const first = shards[0]!
  const same = (s: SweepShard) => JSON.stringify([s.file, s.spec, s.target, s.replications, s.set]) === JSON.stringify([first.file, first.spec, first.target, first.replications, first.set])
  const size = grid(first.spec).length
  shards.forEach((s, i) => {
    if (!same(s)) throw new BadInput(`${dirs[i]}: a shard of a different sweep (scenario, parameters, target or replications differ from ${dirs[0]})`)
    if (s.scenarioSha256 !== first.scenarioSha256) throw new BadInput(`${dirs[i]}: made from another version of ${first.file} than ${dirs[0]} (the file's sha256 differs)`)
    const [index, count] = s.shard.split('/').map(Number) as [number, number]
    for (const p of s.points) {
      if (p.index >= size || p.index % count !== index - 1) throw new BadInput(`${dirs[i]}/shard.json: point ${p.index} is not in shard ${s.shard} of a sweep of ${size} points`)
    }
  })
  const points = shards.flatMap((s) => s.points)
  if (new Set(points.map((p) => p.index)).size !== points.length) throw new BadInput('a grid point appears in more than one shard')
  checkScenarioUnchanged(first.file, first.scenarioSha256, dirs)
  const summary = summarizeSweep(first.scenario, first.spec, first.replications, points, first.target ?? undefined)
  return finishSweep(first.file, summary, { ...o, set: first.set }, io)
}
