// The panel's controls: what a user may move, where each one lives in the scenario (a `--set`
// path), its range and its value in the run shown. A control's value maps to `--set` values
// (settingsOf); the worker applies them as `snapsim run --set` does, so the only mapping from
// a slider to the model is the scenario loader's own. Values equal to the run's give no flag.

import type { Model } from '@snapsim/core'
import type { PreparedScenario, SweepValue } from '@snapsim/scenario'

const GiB = 2 ** 30
const MiB = 2 ** 20

interface Common {
  /** Unique among the controls: `kind` or `kind:id`. */
  readonly key: string
  readonly label: string
  /** The datastore or job it belongs to; absent for the whole fleet. */
  readonly owner?: string
}

/** A slider: `base` is the run's value; positions are min + k·step. */
export interface SliderControl extends Common {
  readonly type: 'slider'
  readonly kind: 'writeRate' | 'dataGrowth' | 'capacity' | 'start' | 'concurrency' | 'throughput'
  readonly min: number
  readonly max: number
  readonly step: number
  readonly base: number
  /** The slider's unit: a factor, GiB, minutes after midnight, streams, MiB/s. */
  readonly unit: 'factor' | 'GiB' | 'minute' | 'streams' | 'MiB/s'
  /** concurrency: the top position means no limit (the run's, when it had none). */
  readonly unlimitedAtMax?: boolean
  /** start: the cron fields after minute and hour, kept as written. */
  readonly cronRest?: string
}

/** A selector: `options` as [value, label]. */
export interface SelectControl extends Common {
  readonly type: 'select'
  readonly kind: 'overlap' | 'maxAge'
  readonly options: readonly (readonly [string, string])[]
  readonly base: string
}

export type Control = SliderControl | SelectControl

/** A value of each control by key (slider positions as numbers, selections as text). */
export type ControlValues = Readonly<Record<string, number | string>>

/** An id that a dotted `--set` path can address (no dot; sweep.ts splits paths at dots). */
function addressable(id: string): boolean {
  return id !== '' && !id.includes('.') && id.trim() === id
}

/** A power of two near span/steps (at least 1): slider steps in whole GiB or MiB/s. */
export function niceStep(span: number, steps: number): number {
  return 2 ** Math.max(0, Math.floor(Math.log2(span / steps)))
}

const OVERLAP: readonly (readonly [string, string])[] = [
  ['start', 'start (run beside the previous)'],
  ['skip', 'skip (leave this fire out)'],
  ['queue', 'queue (start when the previous ends)'],
  ['cancel', 'cancel (stop the previous)'],
]

const MAX_AGES = ['12h', '24h', '48h', '72h', '5d', '7d', '14d', '30d']

/** A cron schedule whose minute and hour are plain numbers: [minute, hour, the other fields]. */
export function simpleCron(schedule: string): [number, number, string] | null {
  const f = schedule.trim().split(/\s+/)
  if (f.length !== 5 || !/^\d{1,2}$/.test(f[0]!) || !/^\d{1,2}$/.test(f[1]!)) return null
  const m = Number(f[0])
  const h = Number(f[1])
  return m < 60 && h < 24 ? [m, h, f.slice(2).join(' ')] : null
}

/**
 * The controls for a scenario: its raw values (after the run's own `--set`s) and its model.
 * Fleet: write-rate and data-growth scale (unless `scale:` is a list); per datastore: capacity;
 * per job: start time (a cron whose minute and hour are numbers), concurrency, throughput,
 * overlap policy; the snapshot hunter's maximum age.
 */
export function controlsFor(raw: PreparedScenario['raw'], model: Model): Control[] {
  const out: Control[] = []
  const scale = raw.scale
  if (!Array.isArray(scale)) {
    const s = scale as { writeRate?: number; dataGrowth?: number } | undefined
    out.push({ type: 'slider', kind: 'writeRate', key: 'writeRate', label: 'Write rate (every VM)', min: 0.1, max: 4, step: 0.05, base: s?.writeRate ?? 1, unit: 'factor' })
    out.push({ type: 'slider', kind: 'dataGrowth', key: 'dataGrowth', label: 'Data growth (every VM)', min: 0, max: 4, step: 0.05, base: s?.dataGrowth ?? 1, unit: 'factor' })
  }
  // Below what the datastore holds at the start (other data, disks, snapshots present) the
  // loader refuses the capacity: the slider starts at the first position above it.
  const atStart = new Map<string, number>()
  for (const v of model.vms) atStart.set(v.datastore, (atStart.get(v.datastore) ?? 0) + (v.provisioning === 'thin' ? v.used : v.disk) + (v.snapshots ?? []).reduce((a, x) => a + x.bytes, 0))
  for (const d of model.datastores) {
    if (!addressable(d.id)) continue
    const base = d.capacity / GiB
    const step = niceStep(base, 160)
    const min = Math.max(step, Math.ceil((d.fixedUse + (atStart.get(d.id) ?? 0)) / GiB / step) * step)
    out.push({ type: 'slider', kind: 'capacity', key: `capacity:${d.id}`, owner: d.id, label: `Capacity of ${d.id}`, min, max: Math.ceil((2 * base) / step) * step, step, base, unit: 'GiB' })
  }
  const rawJobs = new Map((raw.jobs ?? []).map((j) => [j.id, j]))
  for (const j of model.jobs) {
    const r = rawJobs.get(j.id)
    if (!addressable(j.id) || r === undefined) continue
    const cron = simpleCron(r.schedule)
    if (cron) out.push({ type: 'slider', kind: 'start', key: `start:${j.id}`, owner: j.id, label: `Start of ${j.id}`, min: 0, max: 1435, step: 5, base: cron[1] * 60 + cron[0], unit: 'minute', cronRest: cron[2] })
    const n = Math.max(1, j.vms.length)
    const unlimited = j.concurrency === undefined || j.concurrency >= n
    out.push({ type: 'slider', kind: 'concurrency', key: `concurrency:${j.id}`, owner: j.id, label: `Concurrency of ${j.id}`, min: 1, max: n, step: 1, base: unlimited ? n : j.concurrency!, unit: 'streams', ...(j.concurrency === undefined ? { unlimitedAtMax: true } : {}) })
    const pool = j.sharedThroughput ?? (Number.isFinite(j.streamThroughput) ? j.streamThroughput : undefined)
    if (pool !== undefined) {
      const base = pool / MiB
      const step = niceStep(base, 100)
      out.push({ type: 'slider', kind: 'throughput', key: `throughput:${j.id}`, owner: j.id, label: `Throughput of ${j.id}`, min: step, max: Math.ceil((4 * base) / step) * step, step, base, unit: 'MiB/s' })
    }
    out.push({ type: 'select', kind: 'overlap', key: `overlap:${j.id}`, owner: j.id, label: `Overlap policy of ${j.id}`, options: OVERLAP, base: j.overlap })
  }
  const age = raw.policies?.maxSnapshotAge
  const ages: [string, string][] = MAX_AGES.map((a) => [a, a])
  if (age === undefined) ages.unshift(['', 'off'])
  else if (!MAX_AGES.includes(String(age))) ages.unshift([String(age), String(age)])
  out.push({ type: 'select', kind: 'maxAge', key: 'maxAge', label: 'Snapshot hunter: maximum age', options: ages, base: age === undefined ? '' : String(age) })
  return out
}

function job(c: Control): string {
  return `jobs.${c.owner!}`
}

/**
 * The `--set` values a control at `value` stands for ([] at the run's own value). Slider values
 * are snapped to the slider's positions first, so the flags never carry a value the slider
 * cannot show; a value outside the range or of the wrong type is refused.
 */
export function settingsOf(c: Control, value: number | string, model: Model): [string, SweepValue][] {
  if (c.type === 'select') {
    if (typeof value !== 'string' || !c.options.some(([v]) => v === value)) throw new Error(`${c.label}: not one of the choices: ${String(value)}`)
    if (value === c.base) return []
    if (c.kind === 'overlap') return [[`${job(c)}.overlap`, value]]
    return [['policies.maxSnapshotAge', value]]
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < c.min || value > c.max) throw new Error(`${c.label}: not within ${c.min}..${c.max}: ${String(value)}`)
  if (value === c.base) return []
  const k = Math.round((value - c.min) / c.step)
  // a factor to two decimals (0.05 steps): 1.15, not 1.1500000000000001
  const v = c.unit === 'factor' ? Math.round((c.min + k * c.step) * 100) / 100 : c.min + k * c.step
  if (v === c.base) return []
  switch (c.kind) {
    case 'writeRate':
    case 'dataGrowth':
      return [[`scale.${c.kind}`, v]]
    case 'capacity':
      return [[`datastores.${c.owner!}.capacity`, `${v} GiB`]]
    case 'start':
      return [[`${job(c)}.schedule`, `${v % 60} ${Math.floor(v / 60)} ${c.cronRest!}`]]
    case 'concurrency':
      return c.unlimitedAtMax && v === c.max ? [] : [[`${job(c)}.concurrency`, v]]
    case 'throughput': {
      const j = model.jobs.find((x) => x.id === c.owner)!
      const out: [string, SweepValue][] = []
      if (j.sharedThroughput !== undefined) {
        out.push([`${job(c)}.sharedThroughput`, `${v} MiB/s`])
        // a stream that could use the whole pool keeps doing so: the pool stays the limit
        if (Number.isFinite(j.streamThroughput) && j.streamThroughput >= j.sharedThroughput) out.push([`${job(c)}.streamThroughput`, `${v} MiB/s`])
      } else out.push([`${job(c)}.streamThroughput`, `${v} MiB/s`])
      return out
    }
  }
}
