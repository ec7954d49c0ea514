// `--set` flags as text: what the panel's "copy as --set flags" button gives, and what the
// worker itself parses back (with @snapsim/scenario's parseSetOption, as `snapsim run` does), so
// the flags shown are the flags simulated.

import { parseSetOption, type SweepValue } from '@snapsim/scenario'

/**
 * The value as written after `=` so that `parseSetOption` reads it back as `value`, one value:
 * numbers and booleans as they print; text as it is when it reads back as the same text (so a
 * distribution `{…}` stays one), else in double quotes (a comma, a leading space, `"4"`).
 */
export function valueText(value: SweepValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${String(value)}`)
    return String(value)
  }
  if (typeof value === 'boolean') return String(value)
  if (readsBack(value, value)) return value
  const quoted = `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`
  if (!readsBack(quoted, value)) throw new Error(`\`${value}\` cannot be written as one --set value`)
  return quoted
}

function readsBack(text: string, value: string): boolean {
  try {
    const { values } = parseSetOption(`x=${text}`)
    return values.length === 1 && values[0] === value
  } catch {
    return false
  }
}

/** `path=value`, the argument of one `--set`. */
export function setArgument(path: string, value: SweepValue): string {
  return `${path}=${valueText(value)}`
}

/** A word for a POSIX shell: as it is when it needs no quoting, else in single quotes. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
}

/** Settings (path -> value) as `--set` arguments, in the order given. */
export function setArguments(settings: ReadonlyMap<string, SweepValue>): string[] {
  return [...settings].map(([path, value]) => setArgument(path, value))
}

/** The `--set` arguments read back as `snapsim run` reads them: one value each, the last of a path wins. */
export function readSetArguments(args: readonly string[]): Map<string, SweepValue> {
  const out = new Map<string, SweepValue>()
  for (const a of args) {
    const { path, values } = parseSetOption(a)
    if (values.length !== 1) throw new Error(`--set ${a}: one value expected, got ${values.length}`)
    out.delete(path)
    out.set(path, values[0]!)
  }
  return out
}

/** How the run was made: what `snapsim run` needs besides the `--set` flags to make it again. */
export interface RunIdentity {
  /** The scenario file as given on the command line. */
  readonly file: string
  /** `--seed`, when given. */
  readonly seed?: string
  /** `--replication`, when given. */
  readonly replication?: number
}

/** The whole command: `snapsim run FILE [--seed S] [--replication R] --set … --set …`. */
export function commandLine(run: RunIdentity, args: readonly string[]): string {
  const words = ['snapsim', 'run', shellWord(run.file)]
  if (run.seed !== undefined) words.push('--seed', shellWord(run.seed))
  if (run.replication !== undefined) words.push('--replication', String(run.replication))
  for (const a of args) words.push('--set', shellWord(a))
  return words.join(' ')
}
