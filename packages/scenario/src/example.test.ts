// The example of the format's specification, resolved by hand into core Model numbers.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ScenarioError } from './errors.ts'
import { loadScenarioFile, parseScenario } from './load.ts'

const KiB = 2 ** 10
const MiB = 2 ** 20
const GiB = 2 ** 30
const TiB = 2 ** 40
const H = 3600
const D = 86400

const example = `name: BSI G 4.78 — nightly snapshot backups outgrow their window
description: optional free text
start: 2026-01-05T00:00
timezone: Europe/Berlin
horizon: 90d
seed: 1
platform: vmware-vmfs6
datastores:
  - id: ds1
    capacity: 10 TiB
    otherData: 200 GiB
    consolidationThroughput: 300 MiB/s
    platform: qemu-kvm
    platformOptions: { resumeDelay: 30min, crashAfter: 5min, queueTimeout: 60s, stopBelowFree: 200 MB, grain: 64 KiB, deltaOverhead: 0 B, maxChain: 32 }
    alarms: [75%, 85%]
vms:
  - id: web
    count: 12
    datastore: ds1
    disk: 400 GiB
    used: 250 GiB
    provisioning: thick
    dataGrowth: 1 GiB/d
    writeRate: 8 MiB/s
    dailyProfile: office
    footprint: 30%
profiles:
  office: [0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.6, 1.2, 1.8, 1.8, 1.8, 1.6, 1.4, 1.8, 1.8, 1.8, 1.6, 1.2, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2]
jobs:
  - id: nightly
    vms: ["web-*"]
    schedule: "0 20 * * *"
    type: full
    streamThroughput: 150 MiB/s
    sharedThroughput: 600 MiB/s
    concurrency: 4
    overlap: start
    window: 10h
    failure: { ratePerHour: 0.01, orphaned: 50% }
policies: { maxSnapshotAge: 72h, minFreeForSnapshot: 10%, abortRunningBelowMinFree: false }
expect:
  - { metric: vmsStopped, equals: 0 }
  - { metric: datastore.ds1.peakUsedFraction, below: 0.85 }
`

describe('the example of the specification', () => {
  const s = parseScenario(example, 'example.yaml')
  const m = s.model

  it('scenario fields: start is local wall time (CET = UTC+1)', () => {
    expect(s.name).toBe('BSI G 4.78 — nightly snapshot backups outgrow their window')
    expect(s.description).toBe('optional free text')
    expect(s.timezone).toBe('Europe/Berlin')
    expect(s.startEpochMs).toBe(Date.UTC(2026, 0, 4, 23, 0))
    expect(s.seed).toBe('1')
    expect(m.seed).toBe('1')
    expect(m.horizon).toBe(90 * D)
  })

  it('the datastore: qemu-kvm profile with the overrides spread over it', () => {
    expect(m.datastores).toHaveLength(1)
    const ds = m.datastores[0]!
    expect(ds.id).toBe('ds1')
    expect(ds.capacity).toBe(10 * TiB)
    expect(ds.fixedUse).toBe(200 * GiB)
    expect(ds.consolidationThroughput).toBe(300 * MiB)
    expect(ds.platform).toMatchObject({ name: 'qemu-kvm', resumeDelay: 1800, crashAfter: 300, queueTimeout: 60, stopBelowFree: 200e6, grain: 64 * KiB, deltaOverhead: 0, maxChain: 32 })
    expect(ds.alarms).toEqual([
      { name: '75 %', fraction: 0.75 },
      { name: '85 %', fraction: 0.85 },
    ])
    // 10 % of 10 TiB is 1 TiB
    expect(ds.guard!.minFreeBytes).toBeCloseTo(TiB, 3)
    expect(ds.guard!.abortRunning).toBe(false)
  })

  it('twelve VMs web-01 … web-12 with rates in bytes per second', () => {
    expect(m.vms.map((v) => v.id)).toEqual(['web-01', 'web-02', 'web-03', 'web-04', 'web-05', 'web-06', 'web-07', 'web-08', 'web-09', 'web-10', 'web-11', 'web-12'])
    const v = m.vms[4]!
    expect(v).toEqual({ id: 'web-05', datastore: 'ds1', disk: 400 * GiB, used: 250 * GiB, provisioning: 'thick', dataGrowth: GiB / D, writeRate: 8 * MiB, footprint: 0.3, profile: 0 })
    // 1 GiB/d = 12427.5 B/s
    expect(v.dataGrowth).toBeCloseTo(12427.567, 3)
    expect(m.profiles).toEqual([[0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.6, 1.2, 1.8, 1.8, 1.8, 1.6, 1.4, 1.8, 1.8, 1.8, 1.6, 1.2, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2]])
  })

  it('the job: 90 fires at 20:00 local, 23 h apart across 2026-03-29', () => {
    const j = m.jobs[0]!
    expect(j).toMatchObject({ id: 'nightly', type: 'full', streamThroughput: 150 * MiB, sharedThroughput: 600 * MiB, concurrency: 4, overlap: 'start', window: 10 * H, failure: { ratePerHour: 0.01, orphanedShare: 0.5 } })
    expect(j.vms).toHaveLength(12)
    expect(j.fires).toHaveLength(90)
    // Jan 5 + 83 days = Mar 29, the spring change: fires 0..82 are k days + 20 h, from 83 on one hour earlier
    expect(j.fires[0]).toBe(20 * H)
    expect(j.fires[82]).toBe(82 * D + 20 * H)
    expect(j.fires[83]).toBe(83 * D + 19 * H)
    expect(j.fires[89]).toBe(89 * D + 19 * H)
  })

  it('policies and the local hour grid (one real hour per segment, local 02:00 skipped on Mar 29)', () => {
    expect(m.policies).toEqual({ maxSnapshotAge: 72 * H })
    const g = m.hours!
    expect(g.starts).toHaveLength(90 * 24)
    expect(g.starts[1994]).toBe(1994 * H)
    expect(g.hourOfDay.slice(1991, 1996)).toEqual([23, 0, 1, 3, 4])
  })

  it('expectations with their positions', () => {
    expect(s.expect).toEqual([
      { metric: 'vmsStopped', equals: 0, line: 42, column: 5, positions: { equals: { line: 42, column: 35 } } },
      { metric: 'datastore.ds1.peakUsedFraction', below: 0.85, line: 43, column: 5, positions: { below: { line: 43, column: 54 } } },
    ])
  })

  it('a seed override wins over the file', () => {
    const o = parseScenario(example, 'example.yaml', { seed: 'abc' })
    expect(o.seed).toBe('abc')
    expect(o.model.seed).toBe('abc')
  })
})

describe('loading files', () => {
  it('reads a file from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapsim-scenario-'))
    const path = join(dir, 's.yaml')
    writeFileSync(path, example)
    expect(loadScenarioFile(path).model.vms).toHaveLength(12)
  })

  it('a missing file is a ScenarioError at 1:1', () => {
    const path = join(tmpdir(), 'snapsim-no-such-scenario.yaml')
    let error: unknown
    try {
      loadScenarioFile(path)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ScenarioError)
    expect((error as ScenarioError).issues).toEqual([{ file: path, line: 1, column: 1, path: '', message: 'cannot read the scenario: no such file' }])
    expect((error as ScenarioError).message).toBe(`${path}:1:1: cannot read the scenario: no such file`)
  })
})
