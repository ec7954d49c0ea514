// engine.ts keeps one wall clock across moves (its Intl offsets cached per quarter hour): the
// times it sends equal a fresh clock's, also when the next scenario has another zone and start.

import { describe, expect, it } from 'vitest'
import { simulate } from '@snapsim/core'
import { DEFAULT_LIMITS, prepareScenario, resolvePrepared } from '@snapsim/scenario'
import { downsampleSeries, wallClock } from '@snapsim/charts/browser'
import { controlsFor } from './controls.ts'
import { runArgs, type WhatIfSetup } from './engine.ts'

const scenario = (start: string, timezone: string) => `name: clock
start: ${start}
timezone: ${timezone}
horizon: 10d
datastores: [{ id: ds, capacity: 2 TiB }]
vms: [{ id: vm, count: 3, datastore: ds, disk: 400 GiB, used: 100 GiB, writeRate: 2 MiB/s }]
jobs: [{ id: nightly, vms: ["*"], schedule: "0 22 * * *", streamThroughput: 50 MiB/s }]
`

function setupOf(text: string): WhatIfSetup {
  const p = prepareScenario(text, 'clock.yaml', undefined, DEFAULT_LIMITS)
  return { source: { file: 'clock.yaml', text, base: [], limits: DEFAULT_LIMITS }, controls: controlsFor(p.raw, resolvePrepared(p).model), buckets: 50 }
}

describe('the wall clock kept across moves', () => {
  it('gives the times a fresh clock gives, across scenarios with other zones (the clock across a DST change too)', () => {
    for (const [start, tz] of [
      ['2026-03-25T00:00', 'Europe/Berlin'],
      ['2026-03-05T00:00', 'America/New_York'],
      ['2026-03-25T00:00', 'Europe/Berlin'],
    ] as const) {
      const setup = setupOf(scenario(start, tz))
      const { scenario: s, out } = runArgs(setup, [])
      const result = simulate(s.model)
      const d = result.datastores[0]!
      const fresh = wallClock(s.startEpochMs, s.timezone)
      const thinned = downsampleSeries(d.series, { buckets: 50, levels: [d.capacity], keepTimes: [d.peakUsedAt] })
      expect(out.series[0]!.t).toEqual(thinned.t.map(fresh))
      // the zone's offset moves within the horizon: DST begins 29 Mar (Berlin) and 8 Mar (New York)
      const offsets = new Set(thinned.t.map((t) => Math.round((fresh(t) - s.startEpochMs - t * 1000) / 60_000)))
      expect(offsets.size).toBe(2)
    }
  })
})
