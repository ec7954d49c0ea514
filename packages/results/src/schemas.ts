// The shapes of the files snapsim writes and reads back (result.jsonl.gz and the tables beside
// it, an older result.json, shard.json, replications.jsonl, manifest.json, whatif.json), in zod. These files
// may come from another machine (shards in CI or Kubernetes) or have been edited: every field is
// checked for its type and range, numbers are finite, objects have exactly the known keys, and
// keys that name object internals are refused, before a value reaches the HTML report, the
// aggregate or the narration (the CLI's readback.ts says where a file failed; explain's
// result-file.ts narrows these for what it tells). Keep in step with @snapsim/core's Result and
// @snapsim/risk's types: the round-trip tests (cli/readback.test.ts) write every shipped
// scenario's outputs and read them back with these.
//
// Built on first use (outputSchemas()), not when the module loads: building them costs zod
// tens of milliseconds, which a command that reads no file back should not pay at start-up.

import * as z from 'zod'

/** The version line 1 of result.jsonl.gz carries (saved-run.ts). */
export const SAVED_RUN_VERSION = 1

/** The longest file name, seed, note, --set path or --set text value whatif.json may hold. */
export const WHATIF_SHORT = 4096

function build() {
  // Map keys are user text (datastore ids, key paths). Keys that name object internals
  // (__proto__, constructor, prototype) are refused anywhere in a file before these schemas run
  // (readback.ts: zod's record lets `__proto__` through).
  const key = z.string()

  const text = z.string()
  /** Seconds since the scenario start (or a duration). */
  const time = z.number().min(0)
  const bytes = z.number().min(0)
  const count = z.int().min(0)
  const fraction = z.number().min(0).max(1)
  const nullableTime = time.nullable()
  /** A share of capacity or of replications; use may pass capacity by rounding, so no upper bound. */
  const share = z.number().min(0)

  const vmState = z.enum(['running', 'paused', 'crashed'])
  const outcome = z.enum(['success', 'failed', 'cancelled', 'skipped', 'snapshot-failed', 'unfinished'])

  const series = z
    .strictObject({ t: z.array(time), used: z.array(bytes), disks: z.array(bytes), deltas: z.array(bytes) })
    .refine((s) => s.used.length === s.t.length && s.disks.length === s.t.length && s.deltas.length === s.t.length, {
      message: 't, used, disks and deltas must have the same length',
    })

  const datastoreResult = z.strictObject({
    id: text,
    platform: text,
    capacity: bytes,
    fixedUse: bytes,
    series,
    usedAtStart: bytes,
    peakUsed: bytes,
    peakUsedAt: time,
    alarms: z.array(z.strictObject({ name: text, level: bytes, at: time })),
    fullAt: nullableTime,
    fullTimes: z.array(time),
    // the planner's figures the engine tracks (absent in result files written before December 2026)
    peakDeltas: bytes.optional(),
    peakDeltasAt: time.optional(),
    timeAboveAlarms: z.array(z.strictObject({ name: text, level: bytes, seconds: time })).optional(),
  })

  const jobResult = z.strictObject({
    id: text,
    runs: z.array(z.strictObject({ run: count, firedAt: time, end: nullableTime })),
    missedWindow: z.array(z.strictObject({ run: count, firedAt: time, vm: text })),
    backlog: z.array(count),
  })

  const vmResult = z.strictObject({
    id: text,
    datastore: text,
    states: z.array(z.strictObject({ state: vmState, from: time, to: time, reason: text.optional() })),
    downtime: time,
    firstStopAt: nullableTime,
    finalState: vmState,
  })

  const backupRecord = z.strictObject({
    job: text,
    vm: text,
    run: count,
    firedAt: time,
    start: nullableTime,
    end: nullableTime,
    outcome,
    reason: text.nullable(),
    bytesRead: bytes,
    bytesToRead: bytes,
    incremental: z.boolean(),
    overlapped: z.boolean(),
    missedWindow: z.boolean(),
    chainDepth: count,
    snapshot: count.nullable(),
    orphaned: z.boolean(),
  })

  const snapshotRecord = z.strictObject({
    vm: text,
    job: text.nullable(),
    /** ≤ 0 for a snapshot that existed before the run (seconds before the start). */
    takenAt: z.number(),
    removalStartedAt: nullableTime,
    removedAt: nullableTime,
    maxBytes: bytes,
    orphaned: z.boolean(),
    depth: count,
  })

  const logEvent = z.discriminatedUnion('type', [
    z.strictObject({ t: time, type: z.literal('job-fire'), job: text, run: count, action: z.enum(['start', 'skip', 'queue', 'cancel-previous']) }),
    z.strictObject({ t: time, type: z.literal('backup-start'), job: text, vm: text, run: count, bytes, chainDepth: count }),
    z.strictObject({ t: time, type: z.literal('backup-end'), job: text, vm: text, run: count, outcome, bytesRead: bytes, reason: text.nullable() }),
    z.strictObject({ t: time, type: z.literal('snapshot-create'), vm: text, snapshot: count, depth: count }),
    z.strictObject({ t: time, type: z.literal('snapshot-merge-start'), vm: text, snapshot: count, bytes, reason: text }),
    z.strictObject({ t: time, type: z.literal('snapshot-removed'), vm: text, snapshot: count, freed: bytes }),
    z.strictObject({ t: time, type: z.literal('snapshot-orphaned'), vm: text, snapshot: count }),
    z.strictObject({ t: time, type: z.literal('alarm'), datastore: text, name: text, level: bytes }),
    z.strictObject({ t: time, type: z.literal('datastore-full'), datastore: text, used: bytes, stopped: count }),
    z.strictObject({ t: time, type: z.literal('guard-abort'), datastore: text, aborted: count }),
    z.strictObject({ t: time, type: z.literal('vm-state'), vm: text, state: vmState, reason: text.nullable() }),
  ])

  const totals = z.strictObject({
    backups: count,
    backupsByOutcome: z.strictObject({ success: count, failed: count, cancelled: count, skipped: count, 'snapshot-failed': count, unfinished: count }),
    backupsOverlapped: count,
    backupsMissedWindow: count,
    snapshots: count,
    snapshotsOrphaned: count,
    maxChainDepth: count,
  })

  const resultSchema = z.strictObject({
    detail: z.enum(['full', 'summary']),
    totals,
    horizon: time,
    seed: text,
    events: count,
    datastores: z.array(datastoreResult),
    vms: z.array(vmResult),
    backups: z.array(backupRecord),
    snapshots: z.array(snapshotRecord),
    log: z.array(logEvent),
    jobs: z.array(jobResult).optional(),
  })

  // ---- Monte Carlo

  const proportion = z.strictObject({ successes: count, trials: count, estimate: fraction, low: fraction, high: fraction })
  const distribution = z.strictObject({
    mean: z.number(),
    min: z.number(),
    max: z.number(),
    quantiles: z.array(z.strictObject({ p: fraction, value: z.number() })),
    histogram: z.array(z.strictObject({ x0: z.number(), x1: z.number(), count })),
  })

  // what every Monte Carlo file says of its run: the scenario, its seed, clock and horizon
  const runMeta = {
    scenario: text,
    file: text,
    seed: text,
    timezone: text,
    start: text,
    startEpochMs: z.number(),
    horizonSeconds: time,
  }

  const aggregateMetaSchema = z.strictObject({
    ...runMeta,
    grid: z.array(time),
    capacities: z.array(z.strictObject({ id: text, capacityBytes: bytes })),
  })

  const riskSchema = z.strictObject({
    ...runMeta,
    replications: count,
    grid: z.array(time),
    pAnyFull: proportion,
    datastores: z.array(
      z.strictObject({
        id: text,
        capacityBytes: bytes,
        pFull: proportion,
        timeToFull: distribution.nullable(),
        fullByDay: z.array(z.strictObject({ day: count, p: fraction })),
        fan: z.array(z.strictObject({ t: time, p05: bytes, p50: bytes, p95: bytes })),
        peakUsedFraction: distribution,
      }),
    ),
    vmsStopped: distribution,
    downtimeSeconds: distribution,
    backupsOverlapped: distribution,
    backupsFailed: distribution,
    snapshotsOrphaned: distribution,
    worst: z.strictObject({ replication: count, seed: text, firstFullAt: nullableTime, downtimeSeconds: time }),
  })

  const sweepValue = z.union([z.string(), z.number(), z.boolean()])
  /** Key path -> value (`--set`, a sweep point): a map whose keys are user text. */
  const settingsSchema = z.record(key, sweepValue)

  const metricSummary = z.strictObject({ name: text, nulls: count, distribution: distribution.nullable() })
  const sweepPoint = z.strictObject({ index: count, values: z.record(key, z.union([z.string(), z.number()])), cost: z.number().min(0), risk: riskSchema, metric: metricSummary.optional() })

  const sweepSummarySchema = z.strictObject({
    scenario: text,
    parameters: z.array(z.strictObject({ path: text, values: z.array(z.union([z.string(), z.number()])) })),
    replications: count,
    points: z.array(sweepPoint),
    target: z.strictObject({ text, cheapest: count.nullable() }).nullable(),
  })

  const replicationRecordSchema = z.strictObject({
    replication: count,
    seed: text,
    datastores: z.array(z.strictObject({ id: text, fullAt: nullableTime, peakUsedFraction: share, use: z.array(bytes) })),
    firstFullAt: nullableTime,
    vmsStopped: count,
    downtimeSeconds: time,
    backupsOverlapped: count,
    backupsFailed: count,
    backupsSkipped: count,
    snapshotsOrphaned: count,
    /** A sweep's `--metric` values, in the order asked; null = never. */
    metrics: z.array(z.number().nullable()).optional(),
  })

  const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 in hex')
  const shard = z.string().regex(/^[1-9]\d*\/[1-9]\d*$/, 'expected I/N')

  /** shard.json of `run --replications N --shard I/N`. */
  const replicationShardSchema = z.strictObject({
    kind: z.literal('replications'),
    meta: aggregateMetaSchema,
    replications: count.min(1),
    shard,
    set: settingsSchema,
    /** sha256 of the scenario file's text the shard ran. */
    scenarioSha256: sha256,
    /** Lines in replications.jsonl (fewer than the shard's share if it was interrupted). */
    records: count,
  })

  /** shard.json of a sweep's `--shard I/N`. */
  const sweepShardSchema = z.strictObject({
    kind: z.literal('sweep'),
    file: text,
    scenario: text,
    scenarioSha256: sha256,
    spec: z.strictObject({ parameters: z.array(z.strictObject({ path: text, values: z.array(sweepValue) })) }),
    target: text.nullable(),
    replications: count.min(1),
    shard,
    set: settingsSchema,
    points: z.array(sweepPoint),
  })

  const shardSchema = z.discriminatedUnion('kind', [replicationShardSchema, sweepShardSchema])

  const savedRunScenario = z.strictObject({ name: text, file: text, timezone: text, startEpochMs: z.number(), seed: text })
  /** A job's overlap policy and window (explain's JobInfo). */
  const jobInfo = z.strictObject({ id: text, overlap: z.enum(['start', 'skip', 'queue', 'cancel']), window: nullableTime })

  const savedRunFields = {
    scenario: savedRunScenario,
    alarms: z.record(key, z.array(z.strictObject({ name: text, fraction: z.number().gt(0).max(1) }))),
    summaryLines: z.array(text),
    jobs: z.array(jobInfo).optional(),
    risk: riskSchema.optional(),
    sweep: sweepSummarySchema.optional(),
  }

  /** result.json of older runs: the whole run in one JSON document (still read by `report`). */
  const savedRunSchema = z.strictObject({ ...savedRunFields, result: resultSchema })

  // result.jsonl.gz (saved-run.ts): line 1 is the run with the Result's scalars (and the jobs' planner
  // figures: a record per fire, not per task), then one line per
  // datastore and per VM; the backups, snapshots and the event log come from the CSV/JSONL tables.
  const savedRunHeaderSchema = z.strictObject({
    kind: z.literal('run'),
    version: z.literal(SAVED_RUN_VERSION),
    ...savedRunFields,
    result: resultSchema.pick({ detail: true, totals: true, horizon: true, seed: true, events: true, jobs: true }),
  })
  const savedLineSchema = z.discriminatedUnion('kind', [datastoreResult.extend({ kind: z.literal('datastore') }), vmResult.extend({ kind: z.literal('vm') })])

  /** manifest.json: which files make up the run in an output folder (outdir.ts). */
  const manifestSchema = z.strictObject({
    snapsim: text,
    run: z.string().regex(/^[0-9a-f-]{36}$/, 'expected a run id'),
    command: z.enum(['run', 'replications', 'shard', 'sweep', 'merge', 'report']),
    files: z.array(z.strictObject({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a plain file name'), bytes: count, sha256 })),
  })

  // ---- whatif.json: what the report's what-if panel simulates (cli/src/whatif-source.ts)

  const setPathMessage = 'not a --set path (names of letters, digits, _ and - joined by dots; not __proto__, constructor or prototype)'
  /** A short text of whatif.json (file name, seed, note, a --set value): at most 4,096 characters. */
  const shortText = z.string().max(WHATIF_SHORT)
  /**
   * A `--set` key path: names of letters, digits, `_` and `-` joined by dots, none of them
   * `__proto__`, `constructor` or `prototype` (the scenario refuses those as path segments).
   */
  const setPath = z
    .string()
    .max(WHATIF_SHORT)
    .regex(/^(?!(?:.*\.)?(?:__proto__|constructor|prototype)(?:\.|$))[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/, setPathMessage)
  /** A `--set` value: text, a finite number (zod refuses NaN and ±Infinity) or true/false. */
  const setValue = z.union([shortText, z.number(), z.boolean()])
  /**
   * The run's --set values, as a record without a prototype: a path is never an object property.
   * zod's record skips an own `__proto__` key without a word, so it is refused first.
   */
  const whatIfSet = z.preprocess((v, ctx) => {
    if (v !== null && typeof v === 'object' && Object.hasOwn(v, '__proto__')) ctx.addIssue({ code: 'custom', message: setPathMessage, path: ['__proto__'], input: v })
    return v
  }, z.record(setPath, setValue)).transform((r) => {
    const out = Object.create(null) as Record<string, string | number | boolean>
    for (const [k, v] of Object.entries(r)) out[k] = v
    return out
  })
  const whatIfFields = {
    file: shortText,
    set: whatIfSet.optional(),
    seed: shortText.optional(),
    replication: count.optional(),
    note: shortText.optional(),
  }
  /**
   * whatif.json with the scenario text at most `textChars` characters (the active file-size
   * limit, `--limit file-size=`): the scenario text, its file name, the run's --set values,
   * --seed and --replication (a Monte Carlo or sweep report's shown replication) and the note.
   */
  const whatIfSourceSchema = (textChars: number) => z.strictObject({ ...whatIfFields, text: z.string().max(textChars) })

  return {
    resultSchema,
    datastoreResultSchema: datastoreResult,
    seriesSchema: series,
    backupRecordSchema: backupRecord,
    snapshotRecordSchema: snapshotRecord,
    logEventSchema: logEvent,
    jobInfoSchema: jobInfo,
    aggregateMetaSchema,
    riskSchema,
    settingsSchema,
    sweepSummarySchema,
    replicationRecordSchema,
    replicationShardSchema,
    sweepShardSchema,
    shardSchema,
    savedRunScenarioSchema: savedRunScenario,
    savedRunSchema,
    savedRunHeaderSchema,
    savedLineSchema,
    manifestSchema,
    whatIfSourceSchema,
  }
}

export type OutputSchemas = ReturnType<typeof build>

let built: OutputSchemas | undefined

/** The schemas of every file read back, built the first time they are asked for. */
export function outputSchemas(): OutputSchemas {
  built ??= build()
  return built
}
