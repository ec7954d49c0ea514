// The summary in words: what happened, when (in the scenario's calendar), to which VMs, and
// what to look at next. Many VMs are grouped ("all 24 VMs on ds1") rather than listed.

import { max, min } from 'd3-array'
import type { Result } from '@snapsim/core'
import { formatBytes, formatDuration, formatLocalTime, type LoadedScenario } from '@snapsim/scenario'
import type { JobFigures } from './job-figures.ts'
import type { SummaryJson } from './summary.ts'

/** `total`: how many there are in all when `items` lists only the first of them. */
function list(items: readonly string[], max = 6, total = items.length): string {
  if (total <= max && items.length === total) return items.join(', ')
  const shown = items.slice(0, max)
  return `${shown.join(', ')} and ${total - shown.length} more`
}

export function describeRun(scenario: Pick<LoadedScenario, 'startEpochMs' | 'timezone'>, result: Result, s: SummaryJson): string[] {
  const when = (t: number) => formatLocalTime(scenario.startEpochMs, t, scenario.timezone)
  const day = (t: number) => `day ${Math.floor(t / 86400) + 1}`
  const lines: string[] = []
  const t = s.totals
  lines.push(`Simulated ${formatDuration(s.horizonSeconds)} from ${when(0)}: ${t.vms} VMs on ${s.datastores.length} datastore${s.datastores.length === 1 ? '' : 's'}, ${t.backups} backup tasks, ${s.events} engine events (seed ${s.seed}).`)

  for (const d of s.datastores) {
    const parts = [`Datastore ${d.id} (${d.platform}, ${formatBytes(d.capacityBytes)}): peak ${formatBytes(d.peakUsedBytes)} (${(d.peakUsedFraction * 100).toFixed(1)} %) on ${when(d.peakUsedAt)}.`]
    if (d.alarms.length > 0) {
      const first = d.alarms[0]!
      parts.push(`First alarm: ${first.name} (${(first.level * 100).toFixed(1)} %) on ${when(first.at)} (${day(first.at)}); ${d.alarms.length} alarm${d.alarms.length === 1 ? '' : 's'} in all.`)
    }
    parts.push(`Least free space ${formatBytes(d.minFreeBytes)} on ${when(d.minFreeAt)}; all snapshot deltas together peaked at ${formatBytes(d.peakDeltasBytes)}${d.peakDeltasBytes > 0 ? ` on ${when(d.peakDeltasAt)}` : ''}.`)
    const above = d.timeAboveAlarms.filter((a) => a.seconds > 0)
    parts.push(above.length === 0 ? 'Never above an alarm level.' : `Time above ${above.map((a) => `${a.name.includes('(') ? a.name : `${a.name} (${(a.level * 100).toFixed(1)} %)`}: ${formatDuration(a.seconds)}`).join(', ')}.`)
    if (d.fullAt !== null) parts.push(`FULL on ${when(d.fullAt)} (${day(d.fullAt)})${d.fullCount > 1 ? `, and ${d.fullCount - 1} more time${d.fullCount > 2 ? 's' : ''} after space was freed` : ''}.`)
    else parts.push('It never filled.')
    lines.push(parts.join(' '))
  }

  if (t.vmsStopped === 0) lines.push('No VM stopped.')
  else {
    for (const d of s.datastores) {
      const stopped = s.vms.filter((v) => v.datastore === d.id && v.firstStopAt !== null)
      if (stopped.length === 0) continue
      const onDs = s.vms.filter((v) => v.datastore === d.id).length
      const who = stopped.length === onDs ? `All ${onDs} VMs on ${d.id}` : `${stopped.length} of ${onDs} VMs on ${d.id} (${list(stopped.map((v) => v.id))})`
      const firsts = stopped.map((v) => v.firstStopAt!)
      const down = stopped.reduce((a, v) => a + v.downtimeSeconds, 0)
      const longest = stopped.reduce((a, v) => (v.downtimeSeconds > a.downtimeSeconds ? v : a))
      const crashed = stopped.filter((v) => v.finalState === 'crashed').length
      lines.push(
        `${who} stopped, the first on ${when(min(firsts)!)}, the last on ${when(max(firsts)!)}: ${formatDuration(down)} of downtime in all, longest ${longest.id} with ${formatDuration(longest.downtimeSeconds)}.` +
          (crashed > 0 ? ` ${crashed} crashed and stayed down.` : '') +
          ` At the end ${stopped.filter((v) => v.finalState !== 'running').length} were still stopped.`,
      )
    }
  }

  for (const j of s.jobs) lines.push(describeJob(j))

  const by = t.backupsByOutcome
  const backupBits = [`${by.success} succeeded`]
  if (by.failed) backupBits.push(`${by.failed} failed`)
  if (by.cancelled) backupBits.push(`${by.cancelled} cancelled`)
  if (by.skipped) backupBits.push(`${by.skipped} skipped`)
  if (by['snapshot-failed']) backupBits.push(`${by['snapshot-failed']} could not take a snapshot`)
  if (by.unfinished) backupBits.push(`${by.unfinished} unfinished at the end`)
  lines.push(`Backups: ${backupBits.join(', ')}.`)
  if (t.backupsOverlapped > 0 && t.firstOverlapAt !== null) {
    lines.push(`${t.backupsOverlapped} backup tasks fired while the previous run of their job was still going; the first overlap was on ${when(t.firstOverlapAt)} (${day(t.firstOverlapAt)}). Deepest snapshot chain: ${t.maxChainDepth}.`)
  }
  if (t.backupsMissedWindow > 0) lines.push(`${t.backupsMissedWindow} backup tasks missed their window.`)
  if (t.worstRecoveryPointAgeSeconds !== null && t.worstRecoveryPointVm !== null) {
    lines.push(`Recovery points: the longest any VM went without a fresh successful backup was ${formatDuration(t.worstRecoveryPointAgeSeconds)} (${t.worstRecoveryPointVm}): the recovery point objective actually achieved.`)
  }
  const age = s.snapshotAgeAlarm
  if (age) {
    lines.push(
      age.count === 0 || age.firstAt === null
        ? `Snapshot-age alarm (${formatDuration(age.thresholdSeconds)}): no snapshot got that old${age.oldestSeconds !== null ? `; the oldest reached ${formatDuration(age.oldestSeconds)} (${age.oldestVm})` : ''}.`
        : `Snapshot-age alarm (${formatDuration(age.thresholdSeconds)}): ${age.count} snapshot${age.count === 1 ? '' : 's'} got older, the first of ${age.firstVm} on ${when(age.firstAt)}; the oldest reached ${formatDuration(age.oldestSeconds!)} (${age.oldestVm}).`,
    )
  }
  const failed = result.backups.filter((b) => b.outcome === 'failed')
  if (failed.length > 0) {
    const f = failed[0]!
    lines.push(`First failure: ${f.job} / ${f.vm} on ${when(f.end ?? f.firedAt)}: ${f.reason ?? 'failed'}.`)
  }
  if (t.snapshotsOrphaned > 0) {
    const orphans = result.snapshots.filter((x) => x.orphaned)
    const o = orphans[0]!
    lines.push(
      `${orphans.length} snapshot${orphans.length === 1 ? ' was' : 's were'} left behind (orphaned), the first of ${o.vm} taken on ${when(o.takenAt)}; the largest orphan reached ${formatBytes(max(orphans, (x) => x.maxBytes)!)}.`,
    )
  }
  return lines
}

const signed = (seconds: number) => `${seconds < 0 ? '-' : '+'}${formatDuration(Math.abs(seconds))}`

/** One job's runs, window and backlog in a sentence or two. */
export function describeJob(j: JobFigures): string {
  if (j.runs === 0) return `Job ${j.id}: no run started.`
  const parts = [`Job ${j.id}: ${j.runs} run${j.runs === 1 ? '' : 's'}`]
  const r = j.runDurationSeconds
  if (r) {
    parts[0] += `, from fire to last task median ${formatDuration(r.median)}, 95th percentile ${formatDuration(r.p95)}, longest ${formatDuration(r.max)}`
    if (j.runDurationTrendPerWeek !== null) parts[0] += ` (trend ${signed(j.runDurationTrendPerWeek)} per week)`
  }
  if (j.runsUnfinished > 0) parts[0] += `; ${j.runsUnfinished} still going at the end`
  parts[0] += '.'
  const window = j.windowLocal ? 'to its local end time' : j.windowSeconds === null ? 'until the next fire' : formatDuration(j.windowSeconds)
  if (j.headroomSeconds) {
    const h = j.headroomSeconds
    parts.push(`Window ${window}: ${h.min < 0 ? `overrun by up to ${formatDuration(-h.min)}` : `least headroom ${formatDuration(h.min)}`}, median headroom ${signed(h.median)}.`)
  } else parts.push(`Window ${window}.`)
  if (j.tasksMissedWindow > 0) {
    const first = j.missedWindow[0]!
    parts.push(`${j.tasksMissedWindow} task${j.tasksMissedWindow === 1 ? '' : 's'} missed it on ${j.missedWindowDays} day${j.missedWindowDays === 1 ? '' : 's'}, the first on ${first.date} (${list(first.vms, 4, first.tasks)}).`)
  }
  if (j.backlogMax > 0) {
    parts.push(`Largest backlog: ${j.backlogMax} task${j.backlogMax === 1 ? '' : 's'} of earlier fires still waiting or reading at fire ${j.backlogMaxRun}.`)
  } else parts.push('No backlog: every run was done before the next fire.')
  return parts.join(' ')
}
