// Every problem in a scenario file is an issue with file, line, column (1-based) and key path;
// the loader collects all of them and throws one ScenarioError.

export interface ScenarioIssue {
  readonly file: string
  readonly line: number
  readonly column: number
  /** Key path such as `vms[2].disk`. */
  readonly path: string
  readonly message: string
}

export function formatIssue(i: ScenarioIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.path === '' ? '' : `${i.path}: `}${i.message}`
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
