// The schedule and its runs: what each job started, each fire's snapshots and the delta that grew
// most (the VM's writes while its snapshot lived: G 4.78 "how large this difference file becomes
// depends on how many changes happen ... during the backup"), the runs that missed their window.

import type { BackupRecord, Result } from '@snapsim/core'
import type { RunFact, RunsFact, ScheduleFact, WindowFact } from './facts.ts'
import type { JobInfo } from './input.ts'
import { inferOverlap } from './overlaps.ts'

/** The records of each (job, fire), in order of job then fire. */
export function groupRuns(backups: readonly BackupRecord[]): Map<string, Map<number, BackupRecord[]>> {
  const jobs = new Map<string, Map<number, BackupRecord[]>>()
  for (const b of backups) {
    let runs = jobs.get(b.job)
    if (!runs) jobs.set(b.job, (runs = new Map()))
    let list = runs.get(b.run)
    if (!list) runs.set(b.run, (list = []))
    list.push(b)
  }
  return jobs
}

export function scheduleFacts(result: Result, backups: readonly BackupRecord[], jobs: readonly JobInfo[] | undefined): ScheduleFact[] {
  const facts: ScheduleFact[] = []
  for (const [job, runs] of groupRuns(backups)) {
    const first = [...runs.values()][0]!
    const info = jobs?.find((j) => j.id === job)
    facts.push({
      kind: 'schedule',
      t: first[0]!.firedAt,
      job,
      vms: new Set(first.map((b) => b.vm)).size,
      fires: runs.size,
      overlap: info?.overlap ?? inferOverlap(result, job),
      window: info?.window ?? null,
    })
  }
  return facts
}

export function runFacts(result: Result, backups: readonly BackupRecord[]): RunFact[] {
  const facts: RunFact[] = []
  for (const [job, runs] of groupRuns(backups)) {
    let first = true
    for (const [run, records] of runs) {
      const taken = records.filter((b) => b.snapshot !== null)
      if (taken.length === 0) continue
      let largest: RunFact['largest'] = null
      for (const b of taken) {
        const s = result.snapshots[b.snapshot!]
        if (!s) continue
        if (largest === null || s.maxBytes > largest.bytes) largest = { vm: s.vm, bytes: s.maxBytes, takenAt: s.takenAt, lived: (s.removedAt ?? result.horizon) - s.takenAt }
      }
      const started = records.filter((b) => b.start !== null)
      const end = started.some((b) => b.end === null) ? null : Math.max(...started.map((b) => b.end!))
      facts.push({
        kind: 'run',
        t: Math.min(...taken.map((b) => b.start!)),
        job,
        run,
        snapshots: taken.length,
        end,
        bytesRead: records.reduce((s, b) => s + b.bytesRead, 0),
        largest,
        first,
        ...(first ? { bsi: 'delta' as const } : {}),
      })
      first = false
    }
  }
  return facts
}

export function windowFacts(backups: readonly BackupRecord[], jobs: readonly JobInfo[] | undefined): WindowFact[] {
  const facts: WindowFact[] = []
  for (const [job, runs] of groupRuns(backups)) {
    const window = jobs?.find((j) => j.id === job)?.window ?? null
    let first = true
    for (const [run, records] of runs) {
      const late = records.filter((b) => b.missedWindow)
      if (late.length === 0) continue
      const firedAt = records[0]!.firedAt
      const end = late.some((b) => b.end === null) ? null : Math.max(...late.map((b) => b.end!))
      const due = window === null ? null : firedAt + window
      facts.push({ kind: 'window', t: due ?? end ?? firedAt, job, run, due, end, first })
      first = false
    }
  }
  return facts
}

/** Per job that fired more than once, its runs summed up (see RunsFact); `windows`: the window facts, in order. */
export function runsFacts(backups: readonly BackupRecord[], windows: readonly WindowFact[]): RunsFact[] {
  const facts: RunsFact[] = []
  for (const [job, runs] of groupRuns(backups)) {
    // a single fire has nothing to sum up: its run fact tells it
    if (runs.size < 2) continue
    const late = windows.filter((w) => w.job === job)
    let longest: RunsFact['longest'] = null
    let longestAt = 0
    for (const [run, records] of runs) {
      const started = records.filter((b) => b.start !== null)
      if (started.length === 0 || started.some((b) => b.end === null)) continue
      const seconds = Math.max(...started.map((b) => b.end!)) - records[0]!.firedAt
      if (longest === null || seconds > longest.seconds) {
        longest = { run, seconds }
        longestAt = records[0]!.firedAt
      }
    }
    const first = late[0]
    facts.push({
      kind: 'runs',
      t: first?.t ?? longestAt,
      job,
      runs: runs.size,
      missed: late.length,
      firstMissed: first === undefined ? null : { run: first.run, due: first.due, end: first.end },
      longest,
    })
  }
  return facts
}
