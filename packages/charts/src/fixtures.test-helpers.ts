// Hand-made models for the charts' tests (numbers chosen so the expected values follow by hand).

import { generic, simulate, type Datastore, type Job, type Model, type Result, type Vm } from '@snapsim/core'
import { gunzipSync } from 'node:zlib'
import { aggregate, replicationRecord, timeGrid, type RiskSummary, type SweepSummary } from '@snapsim/risk'
import type { ChartContext } from './context.ts'
import { REVIVE } from './columns.ts'

export const MiB = 1024 ** 2
export const GiB = 1024 ** 3
export const HOUR = 3600
export const DAY = 86400

/** Monday 2024-01-15 00:00 UTC = 01:00 in Berlin (UTC+1 in winter). */
export const START = Date.UTC(2024, 0, 15, 0, 0, 0)
export const ctx: ChartContext = { startEpochMs: START, timezone: 'Europe/Berlin' }
/** Berlin wall clock of simulated second t, as UTC-encoded milliseconds (winter: +1 h). */
export const wall = (t: number) => START + t * 1000 + HOUR * 1000

export function ds(id: string, capacity: number, extra: Partial<Datastore> = {}): Datastore {
  return { id, capacity, fixedUse: 0, consolidationThroughput: 100 * MiB, platform: generic, ...extra }
}
export function vm(id: string, datastore: string, extra: Partial<Vm> = {}): Vm {
  return { id, datastore, disk: 100 * GiB, used: 50 * GiB, provisioning: 'thick', dataGrowth: 0, writeRate: 0, footprint: 1, ...extra }
}
export function job(id: string, vms: string[], fires: number[], extra: Partial<Job> = {}): Job {
  return { id, fires, vms, type: 'full', streamThroughput: 100 * MiB, overlap: 'start', ...extra }
}
export function model(parts: Partial<Model> & Pick<Model, 'datastores' | 'vms'>): Model {
  return { horizon: DAY, seed: 'charts-test', jobs: [], ...parts }
}

/**
 * Fills at 10 h: capacity 100 GiB, fixed 40 GiB, a thin disk holding 50 GiB that grows 1 GiB/h
 * (free 10 GiB at 1 GiB/h). Use starts at 90 GiB, above both default alarm levels (75 and 85 GiB),
 * so both fire at time 0. The VM pauses at 10 h and stays paused.
 */
export function fillingResult(vmId = 'a', dsId = 'ds'): Result {
  return simulate(
    model({
      datastores: [ds(dsId, 100 * GiB, { fixedUse: 40 * GiB })],
      vms: [vm(vmId, dsId, { disk: 80 * GiB, used: 50 * GiB, provisioning: 'thin', dataGrowth: GiB / HOUR })],
    }),
  )
}

/**
 * Two fires an hour apart of a job whose run takes 2 h (100 GiB at 100 GiB / 2 h): the second
 * run starts while the first still reads, overlapped, on a chain of depth 2.
 */
export function overlapResult(vmId = 'a', jobId = 'nightly'): Result {
  return simulate(
    model({
      datastores: [ds('ds', 1024 * GiB)],
      vms: [vm(vmId, 'ds', { disk: 100 * GiB, used: 100 * GiB, writeRate: 1 * MiB }), vm('b', 'ds', { writeRate: 2 * MiB })],
      jobs: [job(jobId, [vmId, 'b'], [0, HOUR], { streamThroughput: (100 * GiB) / (2 * HOUR) })],
    }),
  )
}

/** A job whose transfers abort almost at once (60 aborts per hour), every abort orphaning its snapshot. */
export function orphanResult(): Result {
  return simulate(
    model({
      datastores: [ds('ds', 1024 * GiB)],
      vms: [vm('a', 'ds', { writeRate: 1 * MiB }), vm('b', 'ds', { writeRate: 1 * MiB })],
      jobs: [job('j', ['a', 'b'], [HOUR, 5 * HOUR], { streamThroughput: 10 * MiB, failure: { ratePerHour: 60, orphanedShare: 1 } })],
    }),
  )
}

/** The page's `revive` (columns.ts REVIVE, the same text), compiled here. */
export const revive = new Function(`${REVIVE}; return revive`)() as (value: unknown) => any

/**
 * Six datastores of four VMs each (more than the report's four: the fleet layout), capacities
 * from 150 to 400 GiB so the headroom differs by datastore; a nightly job per datastore for ten
 * days: 24 VMs × 10 fires = 240 tasks, more than the table's 32em shows.
 */
export function fleetResult(): Result {
  const stores = [150, 400, 200, 350, 250, 300].map((cap, i) => ds(`ds${i}`, cap * GiB, { fixedUse: 20 * GiB }))
  const vms = stores.flatMap((d, i) => [0, 1, 2, 3].map((k) => vm(`vm${i}-${k}`, d.id, { disk: 20 * GiB, used: 10 * GiB, writeRate: (1 + k) * MiB })))
  const fires = Array.from({ length: 10 }, (_, k) => k * DAY + 22 * HOUR)
  const jobs = stores.map((d, i) => job(`nightly-${d.id}`, [0, 1, 2, 3].map((k) => `vm${i}-${k}`), fires, { streamThroughput: 50 * MiB }))
  return simulate(model({ horizon: 11 * DAY, datastores: stores, vms, jobs }))
}

/**
 * The data a report embeds (gzip + base64 in JSON script elements), unpacked as the page does and
 * put together: the main part (`snapsim-data`) with `table` and `log` from their parts and, for a
 * fleet, `detail.use` / `detail.deltas` by datastore from the `snapsim-detail-k` parts.
 */
export function reportData(html: string): any {
  const part = (id: string): any => {
    const m = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html)
    if (m === null) return undefined
    return JSON.parse(gunzipSync(Buffer.from(JSON.parse(m[1]!) as string, 'base64')).toString('utf8'))
  }
  // the charts' parts hold their rows as columns (columns.ts), restored as the page restores them
  const rows = (id: string): any => revive(part(id))
  const data = rows('snapsim-data')
  if (data === undefined) throw new Error('no snapsim-data element')
  data.table = part('snapsim-table')
  data.log = part('snapsim-log')
  if (data.detail) {
    data.detail.use = {}
    data.detail.deltas = {}
    data.detail.order.forEach((id: string, k: number) => {
      const d = rows(`snapsim-detail-${k}`)
      data.detail.use[id] = d.use
      data.detail.deltas[id] = d.deltas
    })
  }
  return data
}

/**
 * A Monte Carlo summary of three replications of `result` (each the same run, named r0..r2) and
 * a sweep of one parameter `path` over two points sharing it: the inputs of a risk report.
 */
export function riskInputs(result: Result, scenario: string, path: string): { risk: RiskSummary; sweep: SweepSummary } {
  const grid = timeGrid(result.horizon, 20)
  const records = [0, 1, 2].map((r) => replicationRecord(result, r, `1/r${r}`, grid))
  const risk = aggregate(
    {
      scenario,
      file: 'x.yaml',
      seed: '1',
      timezone: ctx.timezone,
      start: '2026-01-05T00:00:00+00:00',
      startEpochMs: ctx.startEpochMs,
      horizonSeconds: result.horizon,
      grid,
      capacities: result.datastores.map((d) => ({ id: d.id, capacityBytes: d.capacity })),
    },
    records,
  )
  const sweep: SweepSummary = {
    scenario,
    parameters: [{ path, values: ['a', 'b'] }],
    replications: 3,
    points: [0, 1].map((i) => ({ index: i, values: { [path]: ['a', 'b'][i]! }, cost: i, risk })),
    target: { text: 'P(full) < 99%', cheapest: null },
  }
  return { risk, sweep }
}
