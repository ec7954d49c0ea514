// The shape of a scenario file, in zod: the one source of truth for the structural check
// (types, required and unknown keys, enumerations) and for the published JSON Schema. Values
// with units are checked afterwards (resolve.ts), where the error can say what was expected.

import * as z from 'zod'
import { showValue } from './show.ts'

// An uncertain value: a distribution instead of a number (distributions.ts). Its parameters
// have the key's unit; `per` says how often it is drawn (default: once per replication).
const param = z.union([z.number(), z.string()])
const distribution = z
  .object({
    constant: param.optional(),
    uniform: z.array(param).optional().describe('[low, high]'),
    normal: z.object({ mean: param, sd: param }).strict().optional().describe('mean and standard deviation; truncated at 0'),
    lognormal: z.object({ mean: param, cv: z.number() }).strict().optional().describe('mean and coefficient of variation (sd / mean)'),
    triangular: z.array(param).optional().describe('[low, mode, high]'),
    empirical: z.array(param).optional().describe('values drawn with equal probability'),
    per: z.enum(['replication', 'run', 'day']).optional().describe('drawn once per replication (default), per backup run (streamThroughput) or per day (writeRate)'),
  })
  .strict()
  .describe('A distribution: exactly one of constant, uniform, normal, lognormal, triangular, empirical; optional per')

// Valued fields carry their unit in the description, so editors show both on hover.
const valued = (unit: string) => (what: string) => z.union([z.number(), z.string(), distribution]).describe(`${what}. ${unit}; or a distribution`)
const size = valued('A size: `400 GiB`, `1.5 TB` (B, KiB, MiB, GiB, TiB, PiB, kB, MB, GB, TB, PB) or bytes')
const rate = valued('A rate: `150 MiB/s`, `1 GiB/d` (a size per s, min, h, d, w) or bytes per second')
const duration = valued('A duration: `90d`, `36h`, `1h30min` (s, min, h, d, w) or seconds')
const share = valued('A share: `30%` or a fraction 0..1')
const profileValues = z.array(z.number()).describe('24 multipliers of the write rate, one per local hour 0..23')
// A weekly profile: 24 multipliers per day, by day (`mon` … `sun`) or for `weekday` (Mon–Fri) and
// `weekend` (Sat, Sun); a day's own key wins.
const weeklyProfile = z
  .object({
    weekday: profileValues.optional(),
    weekend: profileValues.optional(),
    mon: profileValues.optional(),
    tue: profileValues.optional(),
    wed: profileValues.optional(),
    thu: profileValues.optional(),
    fri: profileValues.optional(),
    sat: profileValues.optional(),
    sun: profileValues.optional(),
  })
  .strict()
  .describe('A weekly profile: 24 multipliers for weekday and weekend, or per day mon … sun (a day\'s own key wins)')

export const platformNames = ['generic', 'vmware-vmfs6', 'hyperv-2016', 'hyperv-2012r2', 'qemu-kvm', 'lvm-thin'] as const

const platformOptions = z
  .object({
    grain: size('Allocation unit of a snapshot delta').optional(),
    deltaOverhead: size('Metadata bytes every delta carries').optional(),
    maxChain: z.number().int().positive().optional().describe('Deepest snapshot chain; a further snapshot fails'),
    stopBelowFree: size('VMs that must allocate stop when free space falls to this').optional(),
    resumeDelay: duration('Delay between space coming back and stopped VMs running again').optional(),
    queueTimeout: duration('I/O is queued this long, then fails (LVM thin no_space_timeout)').optional(),
    crashAfter: duration('Seconds of failing I/O after which the guest crashes').optional(),
  })
  .strict()

const alarmLevel = z.union([z.number(), z.string()]).describe('Alarm level. A share: `30%` or a fraction 0..1')
const alarm = z.union([alarmLevel, z.object({ name: z.string(), level: alarmLevel }).strict()])

const datastore = z
  .object({
    id: z.string().min(1).describe('Unique datastore id'),
    capacity: size('Total capacity'),
    otherData: size('Space used by anything the model does not simulate (default 0)').optional(),
    consolidationThroughput: rate('Snapshot merge throughput (default 200 MiB/s)').optional(),
    platform: z.enum(platformNames).optional().describe('Platform profile; default: the scenario `platform`'),
    platformOptions: platformOptions.optional().describe('Overrides of the platform profile'),
    alarms: z.array(alarm).optional().describe('Alarm levels (default 75 % warning, 85 % alert as vCenter)'),
    provisioning: z.enum(['thick', 'thin']).optional().describe('Default provisioning of the VMs on this datastore (default thick)'),
  })
  .strict()

const vm = z
  .object({
    id: z.string().min(1).describe('VM id; with `count` the prefix of id-01 … id-N'),
    count: z.number().int().positive().optional().describe('Expand to N VMs named id-01 … id-N'),
    datastore: z.string().optional().describe('Id of the datastore the VM lives on (optional when there is only one)'),
    disk: size('Provisioned disk size'),
    used: size('Data in use: what a full backup reads; what a thin disk holds (default: the disk size)').optional(),
    provisioning: z.enum(['thick', 'thin']).optional().describe('thick holds `disk`; thin holds `used` and grows with it (default: the datastore\'s provisioning, else thick)'),
    dataGrowth: rate('Growth of data in use, e.g. `1 GiB/d`, or relative (compounding) on the data in use: `2%/w`, `2 %/month` (default 0)').optional(),
    writeRate: rate('Mean logical write rate, multiplied by the daily profile (default 0)').optional(),
    writeGrowth: z.union([z.number(), z.string()]).optional().describe('Relative (compounding) growth of the write rate: `2%/mo`, `5 %/year` (default 0)'),
    dailyProfile: z.union([z.string(), profileValues]).optional().describe('A name under `profiles`, or 24 multipliers'),
    footprint: share('Share of the disk the writes land on (default 100%)').optional(),
    snapshots: z
      .array(
        z
          .object({
            size: z.union([z.number(), z.string()]).describe('Size of its delta at the start. A size: `20 GiB` or bytes'),
            age: z.union([z.number(), z.string()]).describe('How long it has existed at the start. A duration: `30d` or seconds'),
          })
          .strict(),
      )
      .optional()
      .describe('Snapshots that exist before the run, oldest first (e.g. forgotten ones from an RVTools export); the youngest takes the writes'),
  })
  .strict()

const failure = z
  .object({
    ratePerHour: z.union([z.number().nonnegative(), distribution]).describe('Aborts per hour of transfer; or a distribution'),
    orphaned: share('Share of aborts that leave the snapshot behind (default 0)').optional(),
  })
  .strict()

// Backup infrastructure shared by jobs (resolve-resources.ts): a proxy, a repository.
const sharedResource = (what: string) =>
  z
    .object({
      id: z.string().min(1).describe(`Unique ${what} id, named by a job's \`${what}:\``),
      tasks: z.number().int().positive().optional().describe('Streams that may use it at once, over all jobs and runs (default unlimited)'),
      throughput: rate('Throughput shared max-min fairly by all streams through it, across jobs and runs (default unlimited)').optional(),
    })
    .strict()

const job = z
  .object({
    id: z.string().min(1),
    vms: z.union([z.string(), z.array(z.string())]).describe('VM ids or glob patterns (`web-*`)'),
    schedule: z.string().describe('Cron expression in the scenario time zone, e.g. `0 20 * * *`'),
    type: z.enum(['full', 'incremental']).optional().describe('full (default) or incremental (changed block tracking)'),
    streamThroughput: rate('Per-stream throughput cap (default: no cap; then sharedThroughput is required)').optional(),
    sharedThroughput: rate('Pool shared max-min fairly by the running streams of the job').optional(),
    concurrency: z.number().int().positive().optional().describe('Streams a run may have at once (default unlimited)'),
    proxy: z.string().optional().describe('Id of a `proxies` entry: its task slots and throughput are shared with every job that names it'),
    repository: z.string().optional().describe('Id of a `repositories` entry: its task slots and throughput are shared with every job that names it'),
    overlap: z.enum(['start', 'skip', 'queue', 'cancel']).optional().describe('When a fire finds the previous run going (default start)'),
    window: duration('A run should finish within this after its fire, or by the end of a local window `20:00-06:00` (default: by the next fire)').optional(),
    failure: failure.optional(),
  })
  .strict()

const policies = z
  .object({
    maxSnapshotAge: duration('Snapshot hunter: remove snapshots older than this').optional(),
    snapshotAgeAlarm: duration('Report snapshots older than this (an alarm only: nothing is removed)').optional(),
    minFreeForSnapshot: z.union([z.number(), z.string()]).optional().describe('No new snapshot below this free space: `10%` of capacity or a size'),
    abortRunningBelowMinFree: z.boolean().optional().describe('Also cancel running backups when free space falls below minFreeForSnapshot'),
  })
  .strict()

// Scale factors for what-ifs (scale.ts): every VM, or those `vms` selects; factors multiply.
const scaleEntry = z
  .object({
    vms: z.union([z.string(), z.array(z.string())]).optional().describe('VM ids or glob patterns this entry scales (default: every VM)'),
    writeRate: z.number().optional().describe('Factor on the write rate, e.g. 1.3'),
    used: z.number().optional().describe('Factor on the data in use (capped at the disk), e.g. 1.1'),
    dataGrowth: z.number().optional().describe('Factor on the data growth'),
  })
  .strict()

// A bound in the metric's unit: a number, or text with a unit (`26h`, `1.5 TiB`, `80%`) that the
// CLI checks against the metric's kind.
const bound = z.union([z.number(), z.string()]).describe('A number in the metric\'s base unit (seconds, bytes, a fraction), or with a unit: `26h`, `1.5 TiB`, `80%`')
const expectation = z
  .object({
    metric: z.string().describe('A metric of the run, e.g. `vmsStopped`, `datastore.ds1.peakUsedFraction`'),
    equals: bound.optional(),
    below: bound.optional(),
    above: bound.optional(),
    atMost: bound.optional(),
    atLeast: bound.optional(),
  })
  .strict()
  .refine((e) => e.equals !== undefined || e.below !== undefined || e.above !== undefined || e.atMost !== undefined || e.atLeast !== undefined, {
    error: (issue) => `expectation on \`${showValue((issue.input as { metric?: unknown }).metric)}\` compares nothing: give equals, below, above, atMost or atLeast`,
  })

export const scenarioSchema = z
  .object({
    name: z.string().optional().describe('Title of the scenario (default: the file name)'),
    description: z.string().optional(),
    start: z.string().optional().describe('Local wall time of the start, `2026-01-05T00:00` (default 2026-01-05T00:00)'),
    timezone: z.string().optional().describe('IANA time zone (default UTC)'),
    horizon: duration('Simulated time'),
    seed: z.union([z.number(), z.string()]).optional().describe('Seed of all random draws (default 1)'),
    platform: z.enum(platformNames).optional().describe('Default platform profile of the datastores (default generic)'),
    datastores: z.array(datastore).min(1),
    vms: z.array(vm).min(1),
    profiles: z.record(z.string(), z.union([profileValues, weeklyProfile])).optional().describe('Named write profiles: 24 multipliers (daily) or a weekly profile'),
    jobs: z.array(job).optional(),
    proxies: z.array(sharedResource('proxy')).optional().describe('Backup proxies shared by the jobs that name them: `{ id, tasks, throughput }`'),
    repositories: z.array(sharedResource('repository')).optional().describe('Backup repositories shared by the jobs that name them: `{ id, tasks, throughput }`'),
    policies: policies.optional(),
    scale: z.union([scaleEntry, z.array(scaleEntry)]).optional().describe('Scale factors for what-ifs: `{ writeRate: 1.3, used: 1.1 }` for every VM, or a list of entries with `vms:`'),
    expect: z.array(expectation).optional().describe('Assertions evaluated by `snapsim check`'),
    sweep: z
      .object({
        parameters: z.record(z.string(), z.array(z.union([z.number(), z.string(), z.boolean()])).min(1)).describe('key path -> values, cheapest first, e.g. jobs.nightly.schedule: ["0 20 * * *", "0 18 * * *"]'),
        replications: z.number().int().positive().optional().describe('replications per grid point (default 100; --replications overrides)'),
        target: z.string().optional().describe('risk bound for the cheapest safe point, e.g. "P(full) < 1%"'),
      })
      .strict()
      .optional()
      .describe('A parameter sweep for `snapsim run --replications`'),
  })
  .strict()

export type RawScenario = z.infer<typeof scenarioSchema>

/** JSON Schema of the format (draft 2020-12), for editors via yaml-language-server. */
export function scenarioJsonSchema(): object {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input' }),
    title: 'snapsim scenario',
  }
}

// Walking the schema by key path, to name the keys allowed where an unknown one was found.
interface Def {
  type: string
  description?: string
  shape?: Record<string, { def: Def }>
  element?: { def: Def }
  innerType?: { def: Def }
  options?: { def: Def }[]
  valueType?: { def: Def }
}

function objectDefs(def: Def): Def[] {
  switch (def.type) {
    case 'object':
      return [def]
    case 'optional':
    case 'default':
      return def.innerType ? objectDefs(def.innerType.def) : []
    case 'union':
      return (def.options ?? []).flatMap((o) => objectDefs(o.def))
    default:
      return []
  }
}

function child(def: Def, key: PropertyKey): Def[] {
  return childSchemas(def, key).map((x) => x.def)
}

/** Keys allowed in the object at `path` of a scenario document. */
export function allowedKeys(path: readonly PropertyKey[]): string[] {
  let defs: Def[] = [(scenarioSchema as unknown as { def: Def }).def]
  for (const key of path) defs = defs.flatMap((d) => child(d, key))
  return [...new Set(defs.flatMap(objectDefs).flatMap((d) => Object.keys(d.shape ?? {})))]
}

/** The description of the field at `path` (for "missing required key" messages). */
export function fieldDescription(path: readonly PropertyKey[]): string | undefined {
  let schemas: { def: Def; description?: string }[] = [scenarioSchema as unknown as { def: Def; description?: string }]
  for (const key of path) schemas = schemas.flatMap((x) => childSchemas(x.def, key))
  return schemas.find((x) => x.description)?.description
}

/** Whether the field at `path` accepts a string (so a invalid marker can stand in for it). */
export function acceptsString(path: readonly PropertyKey[], text: string): boolean {
  let schemas: { def: Def }[] = [scenarioSchema as unknown as { def: Def }]
  for (const key of path) schemas = schemas.flatMap((x) => childSchemas(x.def, key))
  return schemas.some((x) => (x as unknown as z.ZodType).safeParse(text).success)
}

function childSchemas(def: Def, key: PropertyKey): { def: Def; description?: string }[] {
  switch (def.type) {
    case 'object':
      // Own keys only: a user's key `toString` must not find Object.prototype.toString.
      return typeof key === 'string' && def.shape && Object.hasOwn(def.shape, key) ? [def.shape[key] as { def: Def; description?: string }] : []
    case 'array':
      return def.element ? [def.element as { def: Def; description?: string }] : []
    case 'record':
      return def.valueType ? [def.valueType as { def: Def; description?: string }] : []
    case 'optional':
    case 'default':
      return def.innerType ? childSchemas(def.innerType.def, key) : []
    case 'union':
      return (def.options ?? []).flatMap((o) => childSchemas(o.def, key))
    default:
      return []
  }
}
