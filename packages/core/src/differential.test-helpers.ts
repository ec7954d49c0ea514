// What "summary detail gives the same answers as full detail" means, as one function: the
// differential test (generated models), the scenario test (every shipped scenario, in
// @snapsim/cli) and `pnpm test:deep` all use it. It returns the disagreements in words, so a
// failing property prints what differs, where, and by how much.

import type { Model } from './model.ts'
import type { Result } from './result.ts'

/**
 * Times may differ by this much (seconds): crossings are solved to 1 ms from the safe side, and
 * the two levels of detail may start the solver from different instants.
 */
export const TIME_TOLERANCE = 2e-3
/** The peak may differ by this share, and exceed the capacity by it: a float sum of the same terms in another order. */
export const PEAK_TOLERANCE = 1e-12

const near = (a: number | null, b: number | null, tol = TIME_TOLERANCE) => (a === null || b === null ? a === b : Math.abs(a - b) <= tol + 1e-12 * Math.abs(a))

/** Disagreements between a full-detail and a summary-detail result of the same model. */
export function disagreements(model: Model, full: Result, lean: Result): string[] {
  const out: string[] = []
  const say = (what: string) => {
    if (out.length < 20) out.push(what)
  }
  if (JSON.stringify(full.totals) !== JSON.stringify(lean.totals)) say(`totals: full ${JSON.stringify(full.totals)} summary ${JSON.stringify(lean.totals)}`)
  full.datastores.forEach((f, k) => {
    const s = lean.datastores[k]!
    const cap = model.datastores[k]!.capacity
    if (!near(f.fullAt, s.fullAt)) say(`${f.id}: full at ${f.fullAt} (full detail) vs ${s.fullAt} (summary)`)
    if (f.fullTimes.length !== s.fullTimes.length || f.fullTimes.some((t, i) => !near(t, s.fullTimes[i]!))) say(`${f.id}: full times ${f.fullTimes.join(', ')} vs ${s.fullTimes.join(', ')}`)
    if (f.alarms.length !== s.alarms.length) say(`${f.id}: ${f.alarms.length} alarms (full detail) vs ${s.alarms.length} (summary)`)
    for (let i = 0; i < Math.min(f.alarms.length, s.alarms.length); i++) {
      const a = f.alarms[i]!
      const b = s.alarms[i]!
      if (a.name !== b.name || a.level !== b.level || !near(a.at, b.at)) {
        say(`${f.id}: alarm #${i} ${a.name} at ${a.at} (full detail) vs ${b.name} at ${b.at} (summary)`)
        break
      }
    }
    if (Math.abs(f.peakUsed - s.peakUsed) > PEAK_TOLERANCE * Math.max(f.peakUsed, s.peakUsed)) say(`${f.id}: peak ${f.peakUsed} (full detail) vs ${s.peakUsed} (summary)`)
    // (within rounding: the use is a float sum of a dozen terms, and a VM's writes are its rate
    // times a difference of write integrals M(t) that reach a few times the horizon, each
    // rounded to its last bit: at 50 GiB/s over two days, a byte)
    const limit = cap * (1 + PEAK_TOLERANCE) + writeRounding(model, model.datastores[k]!.id)
    for (const [name, r] of [['full detail', f], ['summary', s]] as const) {
      if (r.peakUsed > limit) say(`${f.id}: ${name} peak ${r.peakUsed} above the capacity ${cap} by ${r.peakUsed - cap} bytes`)
      const over = r.series.used.findIndex((u) => u > limit)
      if (over >= 0) say(`${f.id}: ${name} use ${r.series.used[over]} above the capacity ${cap} at ${r.series.t[over]}`)
    }
  })
  full.vms.forEach((f, k) => {
    const s = lean.vms[k]!
    const same =
      f.finalState === s.finalState &&
      near(f.firstStopAt, s.firstStopAt) &&
      near(f.downtime, s.downtime, TIME_TOLERANCE * (1 + f.states.length)) &&
      f.states.length === s.states.length &&
      f.states.every((x, i) => {
        const y = s.states[i]!
        return x.state === y.state && x.reason === y.reason && near(x.from, y.from) && near(x.to, y.to)
      })
    if (!same) say(`${f.id}: states ${JSON.stringify(f.states)} downtime ${f.downtime} (full detail) vs ${JSON.stringify(s.states)} downtime ${s.downtime} (summary)`)
  })
  return out
}

/** Bytes by which rounding of the write integrals may move a datastore's use (see above). */
function writeRounding(model: Model, datastore: string): number {
  const peak = Math.max(1, ...(model.profiles ?? []).flat())
  let bytes = 0
  for (const v of model.vms) {
    if (v.datastore !== datastore) continue
    const factor = Math.max(1, ...(v.dayFactors ?? []))
    // (with a growing write rate the integral reaches (e^(g T) - 1) / g instead of T)
    const g = v.relativeWriteGrowth ?? 0
    bytes += v.writeRate * peak * factor * (g === 0 ? model.horizon : Math.expm1(g * model.horizon) / g) * Number.EPSILON * 8
  }
  return bytes
}
