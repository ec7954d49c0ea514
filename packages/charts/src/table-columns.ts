// The report's two virtual tables (backup tasks, event log) as columns of small integers and
// dictionaries: few distinct values, laid out to compress well. The page (page.ts) rebuilds the
// rows it shows from them.

import type { Result } from '@snapsim/core'
import { resolve, type ChartContext } from './context.ts'
import { bytesAsShown, durationAsShown, minuteAsShown } from './as-shown.ts'
import { OUTCOMES } from './backups.ts'
import { eventDetail, eventSubject } from './event-words.ts'

/** Most event log entries a report holds (the first ones in time); the rest are in events.jsonl. */
export const REPORT_LOG_MAX = 50_000

/**
 * The backup tasks as columns for the page's virtual table, each value rounded to what the table
 * shows (as-shown.ts): times as wall-clock minutes (fired since `base`, start as minutes after the
 * fire, end as minutes after the start; null where there is none), the duration in the seconds
 * its words keep, sizes in the bytes their three digits keep (to read, and to read minus read).
 * Few distinct values compress to a fraction of the exact ones; backups.csv keeps those.
 */
export function backupColumns(result: Result, ctx: ChartContext) {
  const { clock } = resolve(ctx)
  const dict = () => {
    const index = new Map<string, number>()
    const list: string[] = []
    return { list, of: (s: string) => index.get(s) ?? (index.set(s, list.length), list.push(s), list.length - 1) }
  }
  const jobs = dict()
  const vms = dict()
  const reasons = dict()
  const n = result.backups.length
  const cols = {
    job: [] as number[],
    run: [] as number[],
    vm: [] as number[],
    fired: [] as number[],
    wait: [] as (number | null)[],
    span: [] as (number | null)[],
    dur: [] as (number | null)[],
    toRead: [] as number[],
    unread: [] as number[],
    outcome: [] as number[],
    chain: [] as number[],
    flags: [] as number[],
    reason: [] as number[],
  }
  // rows go VM by VM (in time within each): a VM's tasks read similar sizes and take similar
  // times, which compresses several times better than the fleet's tasks interleaved; the page
  // lists them by fire time again (a counting sort over `fired`)
  const vmOf = new Int32Array(n)
  const firedAt = new Float64Array(n)
  let base = minuteAsShown(clock(0))
  for (let i = 0; i < n; i++) {
    const b = result.backups[i]!
    vmOf[i] = vms.of(b.vm)
    firedAt[i] = minuteAsShown(clock(b.firedAt))
    // (the wall clock goes back an hour in autumn: the base is the earliest minute shown)
    base = Math.min(base, firedAt[i]!)
  }
  const rows = Array.from({ length: n }, (_, i) => i).sort((a, b) => vmOf[a]! - vmOf[b]! || a - b)
  for (const i of rows) {
    const b = result.backups[i]!
    cols.job.push(jobs.of(b.job))
    cols.run.push(b.run + 1)
    cols.vm.push(vmOf[i]!)
    const fired = firedAt[i]!
    const start = b.start === null ? null : minuteAsShown(clock(b.start))
    cols.fired.push(fired - base)
    cols.wait.push(start === null ? null : start - fired)
    cols.span.push(start === null || b.end === null ? null : minuteAsShown(clock(b.end)) - start)
    cols.dur.push(b.start === null ? null : durationAsShown((b.end ?? result.horizon) - b.start))
    const toRead = bytesAsShown(b.bytesToRead)
    cols.toRead.push(toRead)
    cols.unread.push(toRead - bytesAsShown(b.bytesRead))
    cols.outcome.push(OUTCOMES.indexOf(b.outcome))
    cols.chain.push(b.chainDepth)
    cols.flags.push((b.overlapped ? 1 : 0) | (b.missedWindow ? 2 : 0) | (b.orphaned ? 4 : 0) | (b.incremental ? 8 : 0))
    cols.reason.push(b.reason === null ? -1 : reasons.of(b.reason))
  }
  return { jobs: jobs.list, vms: vms.list, reasons: reasons.list, outcomes: OUTCOMES, base, cols }
}

/** The first `max` log entries as columns: time (seconds), type, subject and details in words. */
export function logColumns(result: Result, max: number) {
  const entries = result.log.slice(0, max)
  const types = [...new Set(entries.map((e) => e.type))].sort()
  return {
    total: result.log.length,
    types,
    t: entries.map((e) => Math.round(e.t)),
    type: entries.map((e) => types.indexOf(e.type)),
    subject: entries.map(eventSubject),
    detail: entries.map(eventDetail),
  }
}
