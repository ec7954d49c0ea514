// The risk in words: what a capacity planner asks first ("how likely, by when, how bad").

import type { RiskSummary } from '@snapsim/risk'
import { formatDuration, formatLocalTime } from '@snapsim/scenario'

const pct = (p: number) => `${(p * 100).toFixed(1)} %`
const day = (t: number) => `day ${(t / 86400 + 1).toFixed(0)}`

/** A word for a POSIX shell: as it is when it needs no quoting, else in single quotes. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
}

/** The command that replays replication `r` as a single run: the file, the run's --seed and --set flags. */
export function replayCommand(file: string, r: number, set?: Readonly<Record<string, string | number | boolean>>, seed?: string): string {
  const sets = Object.entries(set ?? {}).map(([k, v]) => ` --set ${shellWord(`${k}=${String(v)}`)}`)
  return `snapsim run ${shellWord(file)}${seed === undefined ? '' : ` --seed ${shellWord(seed)}`}${sets.join('')} --replication ${r}`
}

/** The risk in words; `set` and `seed` are the run's --set and --seed flags, kept in the replay command. */
export function describeRisk(r: RiskSummary, file: string, set?: Readonly<Record<string, string | number | boolean>>, seed?: string): string[] {
  const lines = [`${r.replications} replications of ${formatDuration(r.horizonSeconds)} (seed ${r.seed}).`]
  for (const d of r.datastores) {
    const p = d.pFull
    let line = `P(${d.id} full within the horizon) = ${pct(p.estimate)} (95 % interval ${pct(p.low)}–${pct(p.high)}; ${p.successes} of ${p.trials} replications).`
    if (d.timeToFull) {
      const q = (x: number) => d.timeToFull!.quantiles.find((e) => e.p === x)!.value
      line += ` When it filled: median ${day(q(0.5))}, 5–95 % ${day(q(0.05))} to ${day(q(0.95))}.`
    }
    lines.push(line)
  }
  const down = r.downtimeSeconds
  lines.push(`VM downtime per replication: mean ${formatDuration(down.mean)}, 95th percentile ${formatDuration(down.quantiles.find((q) => q.p === 0.95)!.value)}; VMs stopped: mean ${r.vmsStopped.mean.toFixed(1)}.`)
  lines.push(`Per replication: ${r.backupsOverlapped.mean.toFixed(1)} overlapped backups, ${r.backupsFailed.mean.toFixed(1)} failed, ${r.snapshotsOrphaned.mean.toFixed(2)} orphaned snapshots on average.`)
  const w = r.worst
  lines.push(
    `Worst replication: ${w.replication} (${w.firstFullAt === null ? 'never full' : `full on ${formatLocalTime(r.startEpochMs, w.firstFullAt, r.timezone)}`}, ${formatDuration(w.downtimeSeconds)} of downtime); replay it with \`${replayCommand(file, w.replication, set, seed)}\`.`,
  )
  return lines
}
