// Every problem in a scenario file is an issue with file, line, column (1-based) and key path;
// the loader collects all of them and throws one ScenarioError. A problem with a value given on
// the command line (`--set`) is reported at the flag instead of a place in the file.

import { INVALID_MARKER } from './invalid-marker.ts'
import { escapeControl } from './show.ts'

export interface ScenarioIssue {
  readonly file: string
  readonly line: number
  readonly column: number
  /** Key path such as `vms[2].disk`. */
  readonly path: string
  readonly message: string
  /** The command-line flag the problem comes from (`--set jobs.nightly.concurrency=0`), if any. */
  readonly flag?: string
}

/** At most this many characters of a message are printed. */
const MAX_MESSAGE = 2000

/** `FILE:LINE:COL: path: message`, or `--set …: path: message`; always one line. */
export function formatIssue(i: ScenarioIssue): string {
  let message = i.message.replaceAll(INVALID_MARKER, '(invalid value)')
  if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE)}…`
  const where = i.flag !== undefined ? i.flag : `${i.file}:${i.line}:${i.column}`
  return escapeControl(`${where}: ${i.path === '' ? '' : `${i.path}: `}${message}`)
}

export function formatIssues(issues: readonly ScenarioIssue[]): string {
  return issues.map(formatIssue).join('\n')
}

export class ScenarioError extends Error {
  override name = 'ScenarioError'
  readonly issues: ScenarioIssue[]
  constructor(issues: ScenarioIssue[]) {
    super(formatIssues(issues))
    this.issues = issues
  }
}

/** `vms[2].disk` from ['vms', 2, 'disk']. */
export function pathString(path: readonly PropertyKey[]): string {
  let s = ''
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`
  return s
}
