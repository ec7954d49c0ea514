import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ScenarioError } from './errors.ts'
import { parseScenario } from './load.ts'
import { schemaPath, schemaText } from './write-schema.ts'
import { issuesOf } from './issues.test-helpers.ts'

const GiB = 2 ** 30
const MiB = 2 ** 20

/** The issues of a scenario text that must not load. */
const ok = `name: ok
start: 2026-01-05T00:00
timezone: UTC
horizon: 2d
datastores:
  - id: ds1
    capacity: 10 TiB
vms:
  - id: web
    count: 3
    datastore: ds1
    disk: 100 GiB
    used: 50 GiB
    writeRate: 1 MiB/s
  - id: db
    datastore: ds1
    disk: 1 TiB
    used: 500 GiB
    writeRate: 4 MiB/s
jobs:
  - id: nightly
    vms: ["web-*"]
    schedule: "0 20 * * *"
    streamThroughput: 100 MiB/s
`

describe('a valid scenario', () => {
  it('resolves units, defaults, count expansion and globs into the core model', () => {
    const s = parseScenario(ok, 'ok.yaml')
    expect(s.model.vms.map((v) => v.id)).toEqual(['web-01', 'web-02', 'web-03', 'db'])
    expect(s.model.vms[0]).toEqual({ id: 'web-01', datastore: 'ds1', disk: 100 * GiB, used: 50 * GiB, provisioning: 'thick', dataGrowth: 0, writeRate: MiB, footprint: 1 })
    expect(s.model.jobs[0]!.vms).toEqual(['web-01', 'web-02', 'web-03'])
    expect(s.model.jobs[0]!.fires).toEqual([20 * 3600, 44 * 3600])
    expect(s.model.jobs[0]!.type).toBe('full')
    expect(s.model.jobs[0]!.overlap).toBe('start')
    expect(s.model.datastores[0]!.platform.name).toBe('generic')
    expect(s.model.datastores[0]!.consolidationThroughput).toBe(200 * MiB)
    expect(s.seed).toBe('1')
    expect(s.startEpochMs).toBe(Date.UTC(2026, 0, 5))
    // the local hour grid is there without profiles too: UTC from midnight, 48 one-hour segments
    expect(s.model.profiles).toBeUndefined()
    expect(s.model.hours!.starts).toEqual(Array.from({ length: 48 }, (_, k) => k * 3600))
    expect(s.model.hours!.hourOfDay).toEqual(Array.from({ length: 48 }, (_, k) => k % 24))
  })

  it('pads count expansion to the width of the count', () => {
    const s = parseScenario(ok.replace('count: 3', 'count: 120').replace('capacity: 10 TiB', 'capacity: 100 TiB'), 'ok.yaml')
    expect(s.model.vms[0]!.id).toBe('web-001')
    expect(s.model.vms[119]!.id).toBe('web-120')
  })

  it('reads the issue example: units, profiles, platforms, policies, failure', () => {
    const s = parseScenario(
      `name: example
start: 2026-01-05T00:00
timezone: Europe/Berlin
horizon: 90d
seed: 7
platform: vmware-vmfs6
datastores:
  - id: ds1
    capacity: 10 TiB
    otherData: 200 GiB
    consolidationThroughput: 300 MiB/s
    platform: qemu-kvm
    platformOptions: { resumeDelay: 30min }
vms:
  - id: web
    count: 12
    datastore: ds1
    disk: 400 GiB
    used: 250 GiB
    provisioning: thin
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
    type: incremental
    streamThroughput: 150 MiB/s
    sharedThroughput: 600 MiB/s
    concurrency: 4
    overlap: queue
    failure: { ratePerHour: 0.01, orphaned: 50% }
policies: { maxSnapshotAge: 72h, minFreeForSnapshot: 10% }
expect:
  - { metric: vmsStopped, equals: 0 }
  - { metric: datastore.ds1.peakUsedFraction, below: 0.85 }
`,
      'example.yaml',
    )
    const m = s.model
    expect(m.seed).toBe('7')
    expect(m.horizon).toBe(90 * 86400)
    const ds = m.datastores[0]!
    expect(ds.platform.name).toBe('qemu-kvm')
    expect(ds.platform.resumeDelay).toBe(1800)
    expect(ds.fixedUse).toBe(200 * GiB)
    expect(ds.consolidationThroughput).toBe(300 * MiB)
    expect(ds.guard).toEqual({ minFreeBytes: 0.1 * 10 * 2 ** 40, abortRunning: false })
    const vm = m.vms[11]!
    expect(vm.id).toBe('web-12')
    expect(vm.provisioning).toBe('thin')
    expect(vm.dataGrowth).toBeCloseTo(GiB / 86400, 6)
    expect(vm.footprint).toBeCloseTo(0.3, 12)
    expect(vm.profile).toBe(0)
    expect(m.profiles![0]![8]).toBe(1.8)
    const job = m.jobs[0]!
    expect(job).toMatchObject({ type: 'incremental', streamThroughput: 150 * MiB, sharedThroughput: 600 * MiB, concurrency: 4, overlap: 'queue', failure: { ratePerHour: 0.01, orphanedShare: 0.5 } })
    expect(job.fires).toHaveLength(90)
    expect(m.policies).toEqual({ maxSnapshotAge: 72 * 3600 })
    expect(s.expect.map((e) => [e.metric, e.line, e.column])).toEqual([
      ['vmsStopped', 39, 5],
      ['datastore.ds1.peakUsedFraction', 40, 5],
    ])
  })
})

describe('errors name file, line, column, path and what was expected', () => {
  it('malformed YAML', () => {
    const [i] = issuesOf('name: x\nhorizon: 1d\ndatastores: [\n')
    expect(i).toMatchObject({ file: 'bad.yaml', line: 4, path: '' })
    expect(i!.message).toMatch(/^malformed YAML:/)
  })

  it('unknown keys with a suggestion', () => {
    const issues = issuesOf(ok.replace('    writeRate: 1 MiB/s\n', '    writeRate: 1 MiB/s\n    footprnt: 30%\n'))
    expect(issues).toEqual([{ file: 'bad.yaml', line: 15, column: 5, path: 'vms[0].footprnt', message: 'unknown key `footprnt` (did you mean `footprint`?)' }])
    const top = issuesOf(ok.replace('horizon: 2d', 'horizon: 2d\nhorizn: 3d'))
    expect(top[0]).toMatchObject({ line: 5, column: 1, path: 'horizn', message: 'unknown key `horizn` (did you mean `horizon`?)' })
  })

  it('wrong units', () => {
    const [i] = issuesOf(ok.replace('capacity: 10 TiB', 'capacity: 10 Tib'))
    expect(i).toMatchObject({ line: 7, column: 15, path: 'datastores[0].capacity' })
    expect(i!.message).toBe('unknown unit `Tib` in `10 Tib`: did you mean `TiB`? expected a size like `400 GiB` (units B, KiB, MiB, GiB, TiB, PiB, kB, MB, GB, TB, PB)')
    const [r] = issuesOf(ok.replace('streamThroughput: 100 MiB/s', 'streamThroughput: 100 MiB'))
    expect(r).toMatchObject({ line: 24, column: 23, path: 'jobs[0].streamThroughput' })
    expect(r!.message).toMatch(/^not a rate: `100 MiB`/)
  })

  it('negative and zero sizes', () => {
    const issues = issuesOf(ok.replace('disk: 100 GiB', 'disk: 0 GiB').replace('used: 500 GiB', 'used: -5 GiB'))
    expect(issues.map((i) => [i.line, i.column, i.path, i.message])).toEqual([
      [12, 11, 'vms[0].disk', 'disk must be greater than 0, got `0 GiB`'],
      [18, 11, 'vms[1].used', 'used must not be negative, got `-5 GiB`'],
    ])
  })

  it('used larger than the disk', () => {
    const [i] = issuesOf(ok.replace('used: 50 GiB', 'used: 150 GiB'))
    expect(i).toMatchObject({ line: 13, column: 11, path: 'vms[0].used', message: 'used (150 GiB) is larger than the disk (100 GiB)' })
  })

  it('an unknown datastore, with a suggestion', () => {
    const [i] = issuesOf(ok.replace('    datastore: ds1\n    disk: 1 TiB', '    datastore: ds11\n    disk: 1 TiB'))
    expect(i).toMatchObject({ line: 16, column: 16, path: 'vms[1].datastore' })
    expect(i!.message).toBe('unknown datastore `ds11` (did you mean `ds1`?); defined: ds1')
  })

  it('an unknown profile and an unknown platform', () => {
    const issues = issuesOf(ok.replace('    writeRate: 4 MiB/s\n', '    writeRate: 4 MiB/s\n    dailyProfile: ofice\n').replace('horizon: 2d', 'horizon: 2d\nplatform: vmware'))
    expect(issues.map((i) => [i.line, i.column, i.path])).toEqual([
      [5, 11, 'platform'],
      [21, 19, 'vms[1].dailyProfile'],
    ])
    expect(issues[0]!.message).toMatch(/^expected one of `generic`, `vmware-vmfs6`.*got `vmware`/)
    expect(issues[1]!.message).toBe('unknown profile `ofice`; no profiles are defined')
  })

  it('a glob that matches no VM', () => {
    const [i] = issuesOf(ok.replace('vms: ["web-*"]', 'vms: ["app-*"]'))
    expect(i).toMatchObject({ line: 22, column: 11, path: 'jobs[0].vms[0]' })
    expect(i!.message).toMatch(/^`app-\*` matches no VM; VMs: web-01, web-02, web-03, db$/)
  })

  it('a cron that is invalid, and one that never fires within the horizon', () => {
    const [bad] = issuesOf(ok.replace('"0 20 * * *"', '"0 25 * * *"'))
    expect(bad).toMatchObject({ line: 23, column: 15, path: 'jobs[0].schedule' })
    expect(bad!.message).toMatch(/^invalid cron expression `0 25 \* \* \*`/)
    const [never] = issuesOf(ok.replace('"0 20 * * *"', '"0 20 1 7 *"'))
    expect(never).toMatchObject({ line: 23, column: 15, message: 'cron `0 20 1 7 *` never fires within the horizon (2d from 2026-01-05T00:00 UTC)' })
  })

  it('VMs that cannot fit on their datastore at the start', () => {
    const [i] = issuesOf(ok.replace('capacity: 10 TiB', 'capacity: 1 TiB'))
    expect(i).toMatchObject({ line: 7, column: 15, path: 'datastores[0].capacity' })
    expect(i!.message).toBe('the 4 VMs on `ds1` do not fit at the start: otherData 0 B + disks 1.29 TiB = 1.29 TiB > capacity 1.00 TiB')
  })

  it('a missing required key is reported at the object that lacks it', () => {
    const [i] = issuesOf(ok.replace('    disk: 1 TiB\n', ''))
    expect(i).toMatchObject({ line: 15, column: 5, path: 'vms[1]' })
    expect(i!.message).toBe('missing required key `disk`: Provisioned disk size. A size: `400 GiB`, `1.5 TB` (B, KiB, MiB, GiB, TiB, PiB, kB, MB, GB, TB, PB) or bytes; or a distribution')
  })

  it('wrong types and enumerations', () => {
    const issues = issuesOf(ok.replace('    streamThroughput: 100 MiB/s', '    streamThroughput: 100 MiB/s\n    overlap: skipp\n    concurrency: two'))
    expect(issues.map((i) => [i.line, i.column, i.path, i.message])).toEqual([
      [25, 14, 'jobs[0].overlap', 'expected one of `start`, `skip`, `queue`, `cancel`, got `skipp` (did you mean `skip`?)'],
      [26, 18, 'jobs[0].concurrency', 'expected a number, got string `two`'],
    ])
  })

  it('all errors of a file at once, in file order', () => {
    const issues = issuesOf(
      ok
        .replace('timezone: UTC', 'timezone: Europe/Berln')
        .replace('capacity: 10 TiB', 'capacity: 10 Tib')
        .replace('used: 50 GiB', 'used: 150 GiB')
        .replace('    writeRate: 4 MiB/s\n', '    writeRate: 4 MiB/s\n    provisioning: thik\n'),
    )
    expect(issues.map((i) => i.path)).toEqual(['timezone', 'datastores[0].capacity', 'vms[0].used', 'vms[1].provisioning'])
    expect(issues[0]!.message).toMatch(/did you mean `Europe\/Berlin`/)
  })

  it('a missing file', () => {
    expect(() => parseScenario('', 'x')).toThrow(ScenarioError)
  })
})

describe('the published JSON Schema', () => {
  it('is the one generated from the validator (run write-schema.ts after changing the format)', () => {
    expect(readFileSync(schemaPath, 'utf8')).toBe(schemaText())
  })

  it('describes the keys with their units and forbids unknown ones', () => {
    const schema = JSON.parse(schemaText())
    expect(schema.additionalProperties).toBe(false)
    expect(schema.required).toEqual(expect.arrayContaining(['horizon', 'datastores', 'vms']))
    expect(schema.properties.vms.items.properties.disk.description).toBe('Provisioned disk size. A size: `400 GiB`, `1.5 TB` (B, KiB, MiB, GiB, TiB, PiB, kB, MB, GB, TB, PB) or bytes; or a distribution')
  })
})

describe('defaults a planner would expect', () => {
  it('one datastore needs no datastore key; used defaults to the disk, writeRate to 0; a pool alone caps the streams', () => {
    const s = parseScenario('horizon: 1d\ndatastores: [{ id: only, capacity: 2 TiB }]\nvms: [{ id: a, disk: 1 TiB }]\njobs: [{ id: j, vms: [a], schedule: "0 1 * * *", sharedThroughput: 100 MiB/s }]\n', 'dir/minimal.yml')
    expect(s.name).toBe('minimal')
    expect(s.model.vms[0]).toMatchObject({ datastore: 'only', disk: 2 ** 40, used: 2 ** 40, writeRate: 0 })
    expect(s.model.jobs[0]).toMatchObject({ streamThroughput: Number.POSITIVE_INFINITY, sharedThroughput: 100 * MiB })
  })

  it('but a job needs some throughput, and two datastores need the key', () => {
    const issues = issuesOf('horizon: 1d\ndatastores: [{ id: a, capacity: 2 TiB }, { id: b, capacity: 2 TiB }]\nvms: [{ id: v, disk: 1 TiB }]\njobs: [{ id: j, vms: [v], schedule: "0 1 * * *" }]\n')
    expect(issues.map((i) => [i.line, i.path, i.message])).toEqual([
      [3, 'vms[0]', 'missing required key `datastore`: there are 2 datastores (a, b)'],
      [4, 'jobs[0]', 'a job needs a limit on its streams: `streamThroughput` (per stream), `sharedThroughput` (a pool), or a `proxy` or `repository` with a `throughput`'],
    ])
  })
})

describe('odd files', () => {
  it('an empty file, a list, an empty list of VMs, long garbage: one clear line each', () => {
    expect(issuesOf('')[0]!.message).toBe('expected a mapping (key: value), got null')
    expect(issuesOf('- a\n- b\n')[0]!.message).toBe('expected a mapping (key: value), got a list')
    const empty = issuesOf('horizon: 1d\ndatastores: [{ id: d, capacity: 1 TiB }]\nvms: []\n')
    expect(empty.map((i) => [i.line, i.path, i.message])).toEqual([[3, 'vms', 'needs at least 1 entry, got an empty list']])
    const long = issuesOf('x'.repeat(500))[0]!.message
    expect(long.length).toBeLessThan(100)
  })
})
