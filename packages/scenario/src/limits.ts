// Work limits: how big a scenario may be before snapsim refuses it instead of running out of
// memory, overflowing the stack or running for hours. Each limit is checked before the work it
// bounds is done (the VM count before `count` expands, the fires of a schedule while they are
// enumerated, the events of a run estimated before it starts), and each message names the
// limit and how to raise it: `--limit NAME=VALUE` on run, validate and check (docs/limits.md).

import { parseDuration, parseSize } from './units.ts'

export interface Limits {
  /** Bytes of a scenario file. */
  readonly fileSize: number
  /** VMs after `count` expands. */
  readonly vms: number
  /** Fire times of one job's schedule within the horizon. */
  readonly fires: number
  /** Estimated events of one run (backups x events per backup, hour ticks). */
  readonly events: number
  /** Seconds simulated. */
  readonly horizon: number
  /** Points of a sweep grid (the product of the value counts). */
  readonly gridPoints: number
  /** Replications of a Monte Carlo run or of each sweep point. */
  readonly replications: number
  /** Characters of an id (datastore, VM, job, profile name). */
  readonly idLength: number
  /** Values a document's aliases expand to in all. */
  readonly aliasValues: number
  /** VMs × simulated days up to which a report carries the live what-if panel (@snapsim/whatif). */
  readonly whatIfVmDays: number
}

export const DEFAULT_LIMITS: Limits = Object.freeze({
  fileSize: 8 * 2 ** 20,
  vms: 200_000,
  fires: 50_000,
  events: 200_000_000,
  horizon: 10 * 366 * 86_400,
  gridPoints: 10_000,
  replications: 1_000_000,
  idLength: 256,
  aliasValues: 100_000,
  whatIfVmDays: 500 * 365,
})

/** The name on the command line (`--limit grid-points=…`) of each limit. */
export const LIMIT_FLAGS: Readonly<Record<keyof Limits, string>> = Object.freeze({
  fileSize: 'file-size',
  vms: 'vms',
  fires: 'fires',
  events: 'events',
  horizon: 'horizon',
  gridPoints: 'grid-points',
  replications: 'replications',
  idLength: 'id-length',
  aliasValues: 'alias-values',
  whatIfVmDays: 'what-if-vm-days',
})

const byFlag = new Map<string, keyof Limits>(Object.entries(LIMIT_FLAGS).map(([k, v]) => [v, k as keyof Limits]))

/** `(raise it with --limit vms=N; docs/limits.md)`. */
export function howToRaise(limit: keyof Limits): string {
  return `raise it with \`--limit ${LIMIT_FLAGS[limit]}=…\` (docs/limits.md)`
}

/** `--limit vms=2000000`, `--limit file-size=64MiB`, `--limit horizon=20y`… -> [name, value]. */
export function parseLimitOption(text: string): [keyof Limits, number] {
  const eq = text.indexOf('=')
  const name = (eq < 0 ? text : text.slice(0, eq)).trim()
  const key = byFlag.get(name)
  if (key === undefined) throw new Error(`--limit ${text}: unknown limit \`${name}\`; known: ${[...byFlag.keys()].join(', ')}`)
  const raw = eq < 0 ? '' : text.slice(eq + 1).trim()
  let value: number
  try {
    value = key === 'fileSize' ? parseSize(raw) : key === 'horizon' ? parseDuration(raw) : Number(raw === '' ? Number.NaN : raw)
  } catch (e) {
    throw new Error(`--limit ${text}: ${(e as Error).message}`)
  }
  const whole = key !== 'horizon'
  if (!Number.isFinite(value) || value < 1 || (whole && !Number.isInteger(value))) {
    throw new Error(`--limit ${text}: expected a ${whole ? 'whole number' : 'duration'} of at least 1${key === 'fileSize' ? ' (bytes, or a size such as `64 MiB`)' : ''}`)
  }
  return [key, value]
}

/** The defaults with `--limit` options applied. */
export function limitsFrom(options: readonly string[]): Limits {
  const out: Record<string, number> = { ...DEFAULT_LIMITS }
  for (const o of options) {
    const [k, v] = parseLimitOption(o)
    out[k] = v
  }
  return out as unknown as Limits
}

// The limits in force in this process: the defaults, or what `--limit` set. The CLI sets them
// once (setActiveLimits); the environment carries them to the worker threads of replications,
// which start after that and load the scenario again.
const ENV = 'SNAPSIM_LIMITS'
let active: Limits | null = null

/** The limits every load uses unless given others. */
export function activeLimits(): Limits {
  if (active === null) {
    const carried = typeof process === 'undefined' ? undefined : process.env[ENV]
    active = carried ? limitsFrom(carried.split('\n')) : DEFAULT_LIMITS
  }
  return active
}

/** Apply `--limit NAME=VALUE` options to this process and the worker threads it starts. */
export function setActiveLimits(options: readonly string[]): Limits {
  active = limitsFrom(options)
  if (options.length > 0) process.env[ENV] = options.join('\n')
  else delete process.env[ENV]
  return active
}
