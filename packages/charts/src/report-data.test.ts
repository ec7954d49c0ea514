// What an interactive report embeds: packing, the zone table, and the parts in the page's order.

import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { simulate } from '@snapsim/core'
import { vegaSpec } from './compile.ts'
import { chartData, FLEET_DATASTORES, pack, reportData, reportDataAsync, zoneTable } from './report-data.ts'
import { backupColumns, logColumns } from './table-columns.ts'
import { ctx, DAY, ds, GiB, HOUR, job, model, overlapResult, revive, vm } from './fixtures.test-helpers.ts'

const unpack = (s: string): unknown => JSON.parse(gunzipSync(Buffer.from(s, 'base64')).toString('utf8'))
const part = (el: string) => {
  const m = /^<script type="application\/json" id="([^"]+)">("[A-Za-z0-9+/=]*")<\/script>$/.exec(el)
  expect(m).not.toBeNull()
  const value = unpack(JSON.parse(m![2]!) as string)
  // the charts' parts hold their rows as columns, which the page revives; the tables are plain
  return { id: m![1]!, value: m![1]!.startsWith('snapsim-table') || m![1]!.startsWith('snapsim-log') ? value : revive(value) }
}

/** Six datastores of 100 GiB, each holding one thick VM of 10·(k+1) GiB: ds5 has the least headroom. */
function fleetResult(ids = Array.from({ length: FLEET_DATASTORES + 2 }, (_, k) => `ds${k}`)) {
  return simulate(
    model({
      datastores: ids.map((id) => ds(id, 100 * GiB)),
      vms: ids.map((id, k) => vm(`v${k}`, id, { disk: 10 * (k + 1) * GiB, used: 5 * GiB, writeRate: 1024 ** 2 })),
      jobs: [job('nightly', ids.map((_, k) => `v${k}`), [HOUR])],
    }),
  )
}

describe('pack', () => {
  it('is gzip-compressed JSON in base64 that unpacks to the same value, any string included', () => {
    const value = { a: [1, 2.5, null], s: '</script><!-- ü \u2028', nested: { t: true } }
    const s = pack(value)
    expect(s).toMatch(/^[A-Za-z0-9+/=]+$/)
    expect(unpack(s)).toEqual(value)
  })
})

describe('zoneTable', () => {
  // each row: [simulated second, wall-clock ms − simulated ms] = [t, start + the zone's offset]
  it('has one row when the offset never changes (Berlin in January: +1 h)', () => {
    expect(zoneTable(ctx, 10 * DAY)).toEqual([[0, ctx.startEpochMs + 3600_000]])
  })

  it('has a row at each change of the offset (Berlin: +1 h to +2 h at 2024-03-31 01:00 UTC)', () => {
    const start = Date.UTC(2024, 2, 30, 0, 0)
    expect(zoneTable({ startEpochMs: start, timezone: 'Europe/Berlin' }, 2 * DAY)).toEqual([
      [0, start + 3600_000],
      [25 * HOUR, start + 7200_000],
    ])
  })

  it('keeps a half-hour offset (Kolkata: +5:30)', () => {
    const start = Date.UTC(2024, 5, 1)
    expect(zoneTable({ startEpochMs: start, timezone: 'Asia/Kolkata' }, DAY)).toEqual([[0, start + 5.5 * 3600_000]])
  })
})

describe('reportData', () => {
  it('for a few datastores: the charts, the backup table and the log, in three parts', () => {
    const result = overlapResult()
    const input = { title: 't', result, context: ctx, summaryLines: [] }
    const d = reportData(input, 5)
    expect(d.detailOrder).toBeUndefined()
    expect(d.drill).toBe(false)
    const parts = d.parts.map(part)
    expect(parts.map((p) => p.id)).toEqual(['snapsim-data', 'snapsim-table', 'snapsim-log'])
    const data = parts[0]!.value as Record<string, unknown>
    expect(data.order).toEqual(['use', 'backups', 'deltas', 'states'])
    expect(data.horizon).toBe(result.horizon)
    expect(data.zone).toEqual([[0, ctx.startEpochMs + 3600_000]])
    expect(parts[1]!.value).toEqual(backupColumns(result, ctx))
    expect(parts[2]!.value).toEqual(logColumns(result, 5))
    expect(d.logTypes).toEqual(logColumns(result, 5).types)
  })

  it(`for more than ${FLEET_DATASTORES} datastores: the overview, then one detail part per datastore, riskiest first`, () => {
    const result = fleetResult()
    const input = { title: 't', result, context: ctx, summaryLines: [] }
    const d = reportData(input, 100)
    // ds5's VM has the largest disk: the least free space
    expect(d.detailOrder).toEqual(['ds5', 'ds4', 'ds3', 'ds2', 'ds1', 'ds0'])
    const parts = d.parts.map(part)
    expect(parts.map((p) => p.id)).toEqual(['snapsim-data', ...d.detailOrder!.map((_, k) => `snapsim-detail-${k}`), 'snapsim-table', 'snapsim-log'])
    const data = parts[0]!.value as { order: string[]; specs: Record<string, unknown>; detail: { order: string[] } }
    expect(data.order).toEqual(['overview', 'use', 'backups', 'deltas', 'states'])
    // the per-datastore charts are not in the first part, only in their own
    expect(Object.keys(data.specs).sort()).toEqual(['backups', 'overview', 'states'])
    // the order only: every overview item carries its datastore for the page's click
    expect(data.detail).toEqual({ order: d.detailOrder })
    const full = chartData(input).detail!
    // each compiled to vega, as the page embeds it
    d.detailOrder!.forEach((id, k) => expect(parts[1 + k]!.value).toEqual(JSON.parse(JSON.stringify({ use: vegaSpec(full.use[id]), deltas: vegaSpec(full.deltas[id]) }))))
  })

  it('keeps a detail part for a datastore named like an object property (__proto__, constructor)', () => {
    // datastore ids are any text in a scenario; a plain object keyed by them lost `__proto__`
    const ids = ['ds0', '__proto__', 'constructor', 'toString', 'ds4', 'ds5']
    const d = reportData({ title: 't', result: fleetResult(ids), context: ctx, summaryLines: [] }, 100)
    expect([...d.detailOrder!].sort()).toEqual([...ids].sort())
    const parts = d.parts.map(part).filter((p) => p.id.startsWith('snapsim-detail-'))
    expect(parts).toHaveLength(ids.length)
    d.detailOrder!.forEach((id, k) => expect(JSON.stringify(parts[k]!.value)).toContain(`Datastore ${id}: use over time`))
  })

  it('packs the same bytes on the thread pool as synchronously', async () => {
    for (const result of [overlapResult(), fleetResult()]) {
      const input = { title: 't', result, context: ctx, summaryLines: [] }
      expect(await reportDataAsync(input, 100)).toEqual(reportData(input, 100))
    }
  })
})
