// Measured change -> write rates in the overlay. The input is a CSV (a backup product's
// incremental job history, a CBT report): one row per VM and interval, with the VM's name, a
// `date` (a one-day interval) or `start` and `end`, and the distinct bytes changed. Each row's
// rate is fitted under the model's law with the VM's region R = footprint × disk taken from the
// imported scenario (fit.ts); per VM the median and the 10th-90th percentile spread are
// reported and written as an overlay rule, optionally as an empirical distribution drawn per
// day for Monte Carlo. Re-running replaces the rules it wrote before (those with `fit:`).

import { Document, isMap, isScalar, isSeq, parseDocument, YAMLSeq } from 'yaml'
import { parseSize } from '@snapsim/scenario'
import { cellDateMs, cellNumber, cellText, type Cell } from './cells.ts'
import { fitRate, summarizeRates, type RateSummary } from './fit.ts'
import type { IssueLog, Sheet } from './sheet.ts'
import { rateText } from './values.ts'

export interface ChangeRow {
  readonly row: number
  readonly vm: string
  /** Start of the interval, wall-clock ms (for duplicate days). */
  readonly startMs: number
  readonly seconds: number
  readonly changedBytes: number
}

const key = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '')
const DAY = 86_400

/** Changed bytes: a number of bytes (thousands separators allowed) or a size with a unit. */
function bytesOf(c: Cell): number | undefined {
  const n = cellNumber(c)
  if (n !== undefined) return n >= 0 ? n : undefined
  try {
    const b = parseSize(cellText(c))
    return b >= 0 && Number.isFinite(b) ? b : undefined
  } catch {
    return undefined
  }
}

export function readChanges(sheet: Sheet, log: IssueLog): ChangeRow[] {
  const cols = new Map<string, number>()
  sheet.header.forEach((h, i) => {
    if (!cols.has(key(h))) cols.set(key(h), i)
  })
  const find = (...names: string[]) => names.map((n) => cols.get(n)).find((i) => i !== undefined)
  const vm = find('vm', 'vmname', 'name')
  const date = find('date', 'day')
  const start = find('start', 'begin', 'from')
  const end = find('end', 'stop', 'to')
  const changed = find('changedbytes', 'changed', 'bytes', 'changedsize')
  const missing = [vm === undefined ? '`vm`' : '', changed === undefined ? '`changed bytes`' : '', date === undefined && (start === undefined || end === undefined) ? '`date` or `start` and `end`' : ''].filter((s) => s !== '')
  if (missing.length > 0) {
    log.error(sheet.name, sheet.headerRow, '', `no column ${missing.join(', ')} (header: ${sheet.header.join(', ')})`)
    return []
  }
  const label = (i: number) => sheet.header[i] ?? ''
  const out: ChangeRow[] = []
  for (const { row, cells } of sheet.rows) {
    const name = cellText(cells[vm!] ?? null)
    if (name === '') {
      if (cells.some((c) => cellText(c) !== '')) log.error(sheet.name, row, label(vm!), 'no VM name; row skipped')
      continue
    }
    let startMs: number | undefined
    let seconds: number | undefined
    if (start !== undefined && end !== undefined && cellText(cells[start] ?? null) !== '') {
      startMs = cellDateMs(cells[start] ?? null)
      const endMs = cellDateMs(cells[end] ?? null)
      if (startMs === undefined || endMs === undefined || endMs <= startMs) {
        log.error(sheet.name, row, label(startMs === undefined ? start : end), `not an interval: ${JSON.stringify(cellText(cells[start] ?? null))} to ${JSON.stringify(cellText(cells[end] ?? null))}; row skipped`)
        continue
      }
      seconds = (endMs - startMs) / 1000
    } else if (date !== undefined) {
      startMs = cellDateMs(cells[date] ?? null)
      if (startMs === undefined) {
        log.error(sheet.name, row, label(date), `not a date: ${JSON.stringify(cellText(cells[date] ?? null))}; row skipped`)
        continue
      }
      seconds = DAY
    } else {
      log.error(sheet.name, row, label(start ?? 0), 'no interval; row skipped')
      continue
    }
    const bytes = bytesOf(cells[changed!] ?? null)
    if (bytes === undefined) {
      log.error(sheet.name, row, label(changed!), `not a size: ${JSON.stringify(cellText(cells[changed!] ?? null).slice(0, 40))}; row skipped`)
      continue
    }
    out.push({ row, vm: name, startMs, seconds, changedBytes: bytes })
  }
  return out
}

/** The VM name of a model VM imported by `import rvtools`: `vm@ds:thin` → `vm`. */
export function baseVmName(id: string, datastore: string): string {
  const noKind = id.replace(/:(thin|thick)$/, '')
  return noKind.endsWith(`@${datastore}`) ? noKind.slice(0, -datastore.length - 1) : noKind
}

/** Each VM's region R = Σ footprint × disk over its parts (one part for most VMs). */
export function regionsOf(vms: readonly { id: string; datastore: string; disk: number; footprint: number }[]): Map<string, number> {
  const r = new Map<string, number>()
  for (const v of vms) {
    const name = baseVmName(v.id, v.datastore)
    r.set(name, (r.get(name) ?? 0) + v.footprint * v.disk)
  }
  return r
}

export interface VmFit {
  readonly vm: string
  readonly rates: readonly number[]
  readonly summary: RateSummary
  /** Intervals whose change was D ≥ R (no rate produces them). */
  readonly rejected: number
  /** Largest D/R seen (how close the measured change came to the region). */
  readonly maxShare: number
  readonly regionBytes: number
}

export function fitChanges(sheet: string, rows: readonly ChangeRow[], regions: ReadonlyMap<string, number>, log: IssueLog): VmFit[] {
  const byVm = new Map<string, ChangeRow[]>()
  for (const r of rows) {
    if (!regions.has(r.vm)) {
      log.warn(sheet, r.row, 'vm', `VM ${JSON.stringify(r.vm)} is not in the scenario; row skipped`)
      continue
    }
    const list = byVm.get(r.vm) ?? byVm.set(r.vm, []).get(r.vm)!
    if (list.some((x) => x.startMs === r.startMs)) {
      log.warn(sheet, r.row, 'date', `a second row for VM ${JSON.stringify(r.vm)} and the same interval; row skipped`)
      continue
    }
    list.push(r)
  }
  const fits: VmFit[] = []
  for (const [vm, list] of byVm) {
    const region = regions.get(vm)!
    const rates: number[] = []
    let rejected = 0
    let maxShare = 0
    for (const r of list) {
      maxShare = Math.max(maxShare, r.changedBytes / region)
      const w = fitRate(r.changedBytes, region, r.seconds)
      if (w === undefined) {
        rejected++
        log.warn(sheet, r.row, 'changed bytes', `VM ${JSON.stringify(r.vm)} changed ${r.changedBytes} bytes, at least its whole write region R = footprint × disk = ${Math.round(region)} bytes: no write rate explains it (raise its footprint); row skipped`)
        continue
      }
      rates.push(w)
    }
    const summary = summarizeRates(rates)
    if (summary) fits.push({ vm, rates, summary, rejected, maxShare, regionBytes: region })
  }
  return fits
}

/** One line per VM: median, spread, intervals, as YAML comments (the output stays an overlay). */
export function fitReport(fits: readonly VmFit[]): string[] {
  const rows = [['vm', 'intervals', 'median', 'p10', 'p90', 'max D/R'], ...fits.map((f) => [f.vm, `${f.summary.n}${f.rejected > 0 ? ` (+${f.rejected} rejected)` : ''}`, rateText(f.summary.median), rateText(f.summary.p10), rateText(f.summary.p90), `${(f.maxShare * 100).toFixed(1)} %`])]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => `# ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}`)
}

/**
 * The overlay text with one rule per fitted VM (`match: { name }`, `set: { writeRate }`,
 * `fit: { … }`), appended after the planner's own rules so they win; rules an earlier run
 * wrote (a `fit:` key and an exact name) for these VMs are replaced. Comments and every other
 * key of the overlay are kept.
 */
export function overlayWithFits(text: string, fits: readonly VmFit[], opts: { distribution: boolean; source: string }): string {
  const doc = text.trim() === '' ? new Document({}) : parseDocument(text)
  if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message)
  if (!isMap(doc.contents)) throw new Error('the overlay is not a mapping')
  const fitted = new Set(fits.map((f) => f.vm))
  let vms = doc.get('vms', true)
  if (!isSeq(vms)) {
    vms = new YAMLSeq()
    doc.set('vms', vms)
  }
  const seq = vms as YAMLSeq
  seq.items = seq.items.filter((item) => {
    if (!isMap(item) || !item.has('fit')) return true
    const match = item.get('match', true)
    const name = isMap(match) ? match.get('name', true) : undefined
    return !(isScalar(name) && typeof name.value === 'string' && fitted.has(name.value))
  })
  for (const f of fits) {
    const writeRate = opts.distribution ? { empirical: f.rates.map(rateText), per: 'day' } : rateText(f.summary.median)
    const node = doc.createNode({
      match: { name: f.vm },
      set: { writeRate },
      fit: { source: opts.source, intervals: f.summary.n, rejected: f.rejected, median: rateText(f.summary.median), p10: rateText(f.summary.p10), p90: rateText(f.summary.p90) },
    })
    for (const k of ['match', 'set', 'fit']) {
      const v = node.get(k, true)
      if (isMap(v)) v.flow = true
    }
    seq.items.push(node)
  }
  return doc.toString({ lineWidth: 0 })
}
