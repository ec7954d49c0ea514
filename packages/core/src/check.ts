// Programmer-facing checks of a resolved model. Users never see these: the scenario layer
// reports bad input with file, line and column before a model is built. They catch models
// built by hand (tests, tools) that would make the engine compute nonsense.

import type { Model } from './model.ts'

/**
 * Relative growth may multiply a quantity by at most e^this over the horizon (about 10^12): the
 * rate table and the use bound hold e^(rate · t) as plain floats.
 */
export const MAX_GROWTH_EXPONENT = 27.6

export class ModelError extends Error {
  override name = 'ModelError'
}

export function checkModel(model: Model): void {
  const fail = (msg: string): never => {
    throw new ModelError(msg)
  }
  if (!(model.horizon > 0)) fail(`horizon must be > 0, got ${model.horizon}`)
  const ds = new Set<string>()
  for (const d of model.datastores) {
    if (ds.has(d.id)) fail(`duplicate datastore id ${d.id}`)
    ds.add(d.id)
    if (!(d.capacity > 0)) fail(`datastore ${d.id}: capacity must be > 0`)
    if (!(d.fixedUse >= 0)) fail(`datastore ${d.id}: fixedUse must be >= 0`)
    if (!(d.consolidationThroughput > 0)) fail(`datastore ${d.id}: consolidationThroughput must be > 0`)
    const p = d.platform
    if (p.snapshotFree !== undefined && !(p.snapshotFree >= p.deltaOverhead)) fail(`datastore ${d.id}: snapshotFree must be at least deltaOverhead (${p.deltaOverhead})`)
  }
  const vms = new Set<string>()
  const profiles = model.profiles?.length ?? 0
  for (const v of model.vms) {
    if (vms.has(v.id)) fail(`duplicate VM id ${v.id}`)
    vms.add(v.id)
    if (!ds.has(v.datastore)) fail(`VM ${v.id}: unknown datastore ${v.datastore}`)
    if (!(v.disk > 0)) fail(`VM ${v.id}: disk must be > 0`)
    if (!(v.used >= 0 && v.used <= v.disk)) fail(`VM ${v.id}: used must be within 0..disk`)
    if (!(v.footprint > 0 && v.footprint <= 1)) fail(`VM ${v.id}: footprint must be in (0, 1]`)
    if (!(v.writeRate >= 0) || !(v.dataGrowth >= 0)) fail(`VM ${v.id}: rates must be >= 0`)
    for (const [name, rate] of [['relativeDataGrowth', v.relativeDataGrowth], ['relativeWriteGrowth', v.relativeWriteGrowth]] as const) {
      // e^(rate · horizon) must stay a modest float: the rate table and the use bound hold it.
      if (rate !== undefined && !(rate >= 0 && rate * model.horizon <= MAX_GROWTH_EXPONENT)) fail(`VM ${v.id}: ${name} must be >= 0 and grow at most e^${MAX_GROWTH_EXPONENT} over the horizon`)
    }
    if ((v.relativeDataGrowth ?? 0) > 0 && v.dataGrowth > 0) fail(`VM ${v.id}: dataGrowth and relativeDataGrowth exclude each other`)
    if (v.profile !== undefined && !(v.profile >= 0 && v.profile < profiles)) fail(`VM ${v.id}: no profile ${v.profile}`)
    if (v.dayFactors?.some((f) => !(f >= 0))) fail(`VM ${v.id}: day factors must be >= 0`)
    if (v.snapshots?.some((s) => !(s.bytes >= 0 && Number.isFinite(s.bytes) && s.age >= 0 && Number.isFinite(s.age)))) fail(`VM ${v.id}: snapshots need finite bytes >= 0 and age >= 0`)
    const overhead = model.datastores.find((d) => d.id === v.datastore)!.platform.deltaOverhead
    if (v.snapshots?.some((s) => s.bytes < overhead)) fail(`VM ${v.id}: a snapshot found at time 0 is smaller than its datastore's delta metadata (deltaOverhead ${overhead})`)
  }
  for (const p of model.profiles ?? []) {
    if ((p.length !== 24 && p.length !== 168) || p.some((m) => !(m >= 0))) fail('a profile needs 24 (daily) or 168 (weekly) multipliers >= 0')
    if (p.length === 168 && !model.hours?.weekday) fail('a weekly profile needs hours.weekday')
  }
  const resourceIds = (list: Model['proxies'], what: string): Set<string> => {
    const ids = new Set<string>()
    for (const r of list ?? []) {
      if (ids.has(r.id)) fail(`duplicate ${what} id ${r.id}`)
      ids.add(r.id)
      if (r.tasks !== undefined && !(Number.isInteger(r.tasks) && r.tasks > 0)) fail(`${what} ${r.id}: tasks must be a positive integer`)
      if (r.throughput !== undefined && !(r.throughput > 0 && Number.isFinite(r.throughput))) fail(`${what} ${r.id}: throughput must be finite and > 0`)
    }
    return ids
  }
  const proxies = resourceIds(model.proxies, 'proxy')
  const repositories = resourceIds(model.repositories, 'repository')
  const throughputOf = (list: Model['proxies'], id: string | undefined) => (id === undefined ? undefined : list?.find((r) => r.id === id)?.throughput)
  for (const j of model.jobs) {
    if (j.proxy !== undefined && !proxies.has(j.proxy)) fail(`job ${j.id}: unknown proxy ${j.proxy}`)
    if (j.repository !== undefined && !repositories.has(j.repository)) fail(`job ${j.id}: unknown repository ${j.repository}`)
    // A stream's rate must be bounded by something, or it would read in no time.
    const bounded = [j.streamThroughput, j.sharedThroughput, throughputOf(model.proxies, j.proxy), throughputOf(model.repositories, j.repository), ...(j.streamThroughputPerRun ?? [])].some((x) => x !== undefined && Number.isFinite(x))
    if (!bounded) fail(`job ${j.id}: needs a finite streamThroughput, sharedThroughput, or a proxy or repository with a throughput`)
    for (const id of j.vms) if (!vms.has(id)) fail(`job ${j.id}: unknown VM ${id}`)
    if (!(j.streamThroughput > 0)) fail(`job ${j.id}: streamThroughput must be > 0`)
    if (j.streamThroughputPerRun?.some((c) => !(c > 0))) fail(`job ${j.id}: streamThroughputPerRun must be > 0`)
    if (j.sharedThroughput !== undefined && !(j.sharedThroughput > 0)) fail(`job ${j.id}: sharedThroughput must be > 0`)
    if (j.concurrency !== undefined && !(Number.isInteger(j.concurrency) && j.concurrency > 0)) fail(`job ${j.id}: concurrency must be a positive integer`)
    for (let i = 1; i < j.fires.length; i++) if (!(j.fires[i]! >= j.fires[i - 1]!)) fail(`job ${j.id}: fires must ascend`)
    if (j.windowEnds && (j.windowEnds.length !== j.fires.length || j.windowEnds.some((w, i) => !(w >= j.fires[i]!)))) fail(`job ${j.id}: windowEnds must give one end per fire, not before it`)
  }
  const h = model.hours
  if (h && (h.starts.length !== h.hourOfDay.length || h.starts[0] !== 0)) fail('hours: starts and hourOfDay must align and start at 0')
  if (h?.weekday && (h.weekday.length !== h.starts.length || h.weekday.some((d) => !(Number.isInteger(d) && d >= 0 && d <= 6)))) fail('hours: weekday must align with starts, 0..6')
}
