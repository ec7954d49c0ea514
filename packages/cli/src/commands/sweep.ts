// Parameter sweeps: every grid point runs the same replications (common random numbers: the
// same seeds, so the points differ only by their parameters), and the cheapest point meeting
// the planner's risk bound is named. `--shard I/N` splits the grid points; `merge` joins them.

import { aggregate, cheapestSafe, meetsTarget, parseTarget, replicationsToShow, summarizeSample, type MetricSummary, type ReplicationRecord, type SweepPoint, type SweepSummary } from '@snapsim/risk'
import { formatMetric } from '../expect.ts'
import { metricInfo, metricNames } from '../metrics.ts'
import { didYouMean } from '@snapsim/scenario'
import { formatDuration, grid, type SweepSpec } from '@snapsim/scenario'
import { toCsv } from '../csv.ts'
import { BadInput, EXIT, type Io } from '../io.ts'
import { replicate } from '../replicate.ts'
import type { Settings } from '../replication.ts'
import { stageOutput, type StagedOutput } from '../outdir.ts'
import { metaOf, scenarioHash, writeAggregate, type MonteCarloOptions } from './montecarlo.ts'
import type { Lang } from '@snapsim/explain'

export interface SweepOptions extends MonteCarloOptions {
  readonly spec: SweepSpec
  readonly target?: string
  /** A metric to report per point besides P(full) (`--metric minFreeBytes`). */
  readonly metric?: string
}

/** The metric over a point's replications: its distribution, and how often it had no value. */
export function metricSummary(name: string, records: readonly ReplicationRecord[], k = 0): MetricSummary {
  const values = records.map((r) => r.metrics?.[k] ?? null)
  const present = values.filter((v): v is number => v !== null)
  return { name, nulls: values.length - present.length, distribution: present.length === 0 ? null : summarizeSample(present) }
}

/** A metric in words: the value with one replication, else median and the 5–95 % range. */
export function describeMetric(m: MetricSummary, replications: number): string {
  const info = metricInfo(m.name)
  const f = (v: number) => formatMetric(info?.kind ?? 'count', v)
  const d = m.distribution
  const never = m.nulls > 0 ? (replications === 1 ? 'never' : `never in ${m.nulls} of ${replications}`) : ''
  if (!d) return `${m.name} never`
  if (replications === 1) return `${m.name} ${f(d.mean)}`
  const q = (p: number) => d.quantiles.find((x) => x.p === p)!.value
  return `${m.name} median ${f(q(0.5))} (5–95 %: ${f(q(0.05))} to ${f(q(0.95))})${never ? `, ${never}` : ''}`
}

const pct = (p: number) => `${(p * 100).toFixed(1)} %`

export function sweepCsv(s: SweepSummary): string {
  const paths = s.parameters.map((p) => p.path)
  const target = s.target ? parseTarget(s.target.text) : null
  const metric = s.points.find((p) => p.metric)?.metric?.name
  return toCsv(
    ['point', ...paths, 'cost', 'pFull', 'pFullLow', 'pFullHigh', 'medianTimeToFullSeconds', 'meanDowntimeSeconds', 'safe', ...(metric ? [`${metric}Median`, `${metric}P05`, `${metric}P95`, `${metric}Never`] : [])],
    s.points.map((p) => {
      const d = p.metric?.distribution
      const q = (x: number) => d?.quantiles.find((y) => y.p === x)?.value ?? null
      const ttf = p.risk.datastores.flatMap((d) => (d.timeToFull ? [d.timeToFull.quantiles.find((q) => q.p === 0.5)!.value] : []))
      return [
        p.index,
        ...paths.map((k) => String(p.values[k])),
        p.cost,
        p.risk.pAnyFull.estimate,
        p.risk.pAnyFull.low,
        p.risk.pAnyFull.high,
        ttf.length ? Math.min(...ttf) : null,
        p.risk.downtimeSeconds.mean,
        target ? meetsTarget(p, target) : null,
        ...(metric ? [q(0.5), q(0.05), q(0.95), p.metric?.nulls ?? null] : []),
      ]
    }),
  )
}

export function summarizeSweep(scenario: string, spec: SweepSpec, replications: number, points: readonly SweepPoint[], targetText: string | undefined): SweepSummary {
  const sorted = [...points].sort((a, b) => a.index - b.index)
  const target = targetText ? parseTarget(targetText) : null
  return {
    scenario,
    parameters: spec.parameters.map((p) => ({ path: p.path, values: p.values.map((v) => (typeof v === 'boolean' ? String(v) : v)) })),
    replications,
    points: sorted,
    target: target ? { text: target.text, cheapest: cheapestSafe(sorted, target)?.index ?? null } : null,
  }
}

export function describeSweep(s: SweepSummary): string[] {
  const lines = [`Sweep of ${s.points.length} points x ${s.replications} replications (common random numbers: every point sees the same seeds).`]
  for (const p of s.points) {
    const values = Object.entries(p.values)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')
    const f = p.risk.pAnyFull
    const metric = p.metric ? `, ${describeMetric(p.metric, s.replications)}` : ''
    // One replication is one run: values, no intervals.
    if (s.replications === 1) {
      const full = p.risk.datastores.flatMap((d) => (d.timeToFull ? [d.timeToFull.min] : []))
      lines.push(`  [${p.index}] ${values}: ${full.length > 0 ? `full after ${formatDuration(Math.min(...full))}` : 'never full'}, downtime ${formatDuration(p.risk.downtimeSeconds.mean)}${metric}, cost ${p.cost}`)
      continue
    }
    lines.push(`  [${p.index}] ${values}: P(full) ${pct(f.estimate)} (${pct(f.low)}–${pct(f.high)}), mean downtime ${formatDuration(p.risk.downtimeSeconds.mean)}${metric}, cost ${p.cost}`)
  }
  if (s.target) {
    const best = s.target.cheapest === null ? null : s.points.find((p) => p.index === s.target!.cheapest)!
    if (best) {
      lines.push(`Cheapest point with ${s.target.text} (judged by the upper end of its 95 % interval): [${best.index}] ${Object.entries(best.values).map(([k, v]) => `${k}=${v}`).join(', ')}.`)
    } else {
      const need = replicationsToShow(parseTarget(s.target.text).bound)
      lines.push(`No point shows ${s.target.text} at 95 % confidence.${s.replications < need ? ` With ${s.replications} replications even 0 fills cannot show it: that needs at least ${need}.` : ''}`)
    }
  }
  return lines
}

export async function sweepCommand(file: string, o: SweepOptions, io: Io): Promise<number> {
  if (o.spec.parameters.length === 0) throw new BadInput('a sweep needs at least one parameter (sweep.parameters or --set key=v1,v2)')
  if (o.target) parseTargetOrBad(o.target)
  if (o.metric !== undefined && !metricInfo(o.metric)) throw new BadInput(`--metric: unknown metric \`${o.metric}\`${didYouMean(o.metric, metricNames())}`)
  if (o.shard && !o.out) throw new BadInput('--shard needs --out DIR: a shard writes its grid points for `snapsim merge`')
  const scenarioSha256 = scenarioHash(file)
  const all = grid(o.spec)
  const points = all.filter((p) => !o.shard || p.index % o.shard.count === o.shard.index - 1)
  // a bad --out fails now, not after the grid
  const out = o.out ? stageOutput(o.out) : undefined
  try {
    const done: SweepPoint[] = []
    for (const point of points) {
      const meta = metaOf(file, o.seed, { ...o.set, ...point.values })
      const replications = Array.from({ length: o.replications }, (_, r) => r)
      const set = { ...o.set, ...point.values }
      const { records, interrupted } = await replicate({ file, seed: meta.seed, replications, set, label: `point ${point.index + 1}/${all.length}`, ...(o.workers ? { workers: o.workers } : {}), ...(o.metric ? { metrics: [o.metric] } : {}), ...(o.quiet ? { quiet: true } : {}) })
      if (interrupted) {
        io.err(`interrupted: ${done.length} of ${points.length} grid points finished; writing those\n`)
        break
      }
      done.push({ index: point.index, values: point.values as Record<string, string | number>, cost: point.cost, risk: aggregate(meta, records), ...(o.metric ? { metric: metricSummary(o.metric, records) } : {}) })
    }
    const scenarioName = metaOf(file, o.seed, { ...o.set, ...points[0]?.values }).scenario
    const summary = summarizeSweep(scenarioName, o.spec, o.replications, done, o.target)
    if (o.shard && out) {
      const shard: SweepShard = { kind: 'sweep', file, scenario: scenarioName, scenarioSha256, spec: { parameters: o.spec.parameters.map((p) => ({ path: p.path, values: [...p.values] })) }, target: o.target ?? null, replications: o.replications, shard: `${o.shard.index}/${o.shard.count}`, set: o.set ?? {}, points: done }
      out.write('shard.json', `${JSON.stringify(shard, null, 2)}\n`)
      out.commit('shard')
      if (!o.quiet) io.out(`shard ${o.shard.index}/${o.shard.count}: ${done.length} grid points written to ${o.out}/; combine the shards with \`snapsim merge DIR…\`\n`)
      return EXIT.ok
    }
    return await finishSweep(file, summary, { ...o, ...(out ? { stage: out } : {}) }, io)
  } finally {
    out?.discard()
  }
}

function parseTargetOrBad(text: string): void {
  try {
    parseTarget(text)
  } catch (e) {
    throw new BadInput((e as Error).message)
  }
}

/** What a sweep shard writes: its grid points, complete, and what `merge` needs to check and finish. */
export interface SweepShard {
  readonly kind: 'sweep'
  readonly file: string
  readonly scenario: string
  /** sha256 of the scenario file's text. */
  readonly scenarioSha256: string
  readonly spec: SweepSpec
  readonly target: string | null
  readonly replications: number
  readonly shard: string
  readonly set: Settings
  readonly points: readonly SweepPoint[]
}

/** Prints the sweep and, with `--out`, writes it into the staged folder (one is opened if not given) and commits it. */
export async function finishSweep(file: string, summary: SweepSummary, o: { out?: string; json?: boolean; static?: boolean; set?: Settings; quiet?: boolean; stage?: StagedOutput; lang?: Lang }, io: Io): Promise<number> {
  if (o.json) io.out(`${JSON.stringify(summary, null, 2)}\n`)
  else if (!o.quiet) io.out(`${summary.scenario}\n\n${describeSweep(summary).map((l) => `  ${l}`).join('\n')}\n`)
  if (o.out && summary.points.length > 0) {
    const out = o.stage ?? stageOutput(o.out)
    try {
      out.write('sweep.json', `${JSON.stringify(summary, null, 2)}\n`)
      out.write('sweep.csv', sweepCsv(summary))
      // The report shows the sweep, and the risk of the cheapest safe point (else of the first).
      const shown = summary.points.find((p) => p.index === summary.target?.cheapest) ?? summary.points[0]!
      await writeAggregate(out, file, shown.risk, [], o.static ?? false, { sweep: summary, set: { ...o.set, ...shown.values }, ...(o.lang ? { lang: o.lang } : {}) })
      out.commit('sweep')
    } finally {
      out.discard()
    }
    if (!o.quiet) (o.json ? io.err : io.out)(`\nWrote the sweep to ${o.out}/sweep.csv; the report: ${o.out}/report.html\n`)
  }
  return EXIT.ok
}
