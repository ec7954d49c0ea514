// What `validate` must know about a sweep before `run` starts it: every parameter path leads to
// a key, every value is one the key accepts (the scenario is loaded with each value in turn, so
// a value is checked exactly as a written one), the grid and the replications stay within their
// limits and the target reads. Problems are reported at the value in the file, or at the
// `--set` flag that gave it.

import { parseTarget } from '@snapsim/risk'
import { ScenarioError, formatIssue, type ScenarioIssue } from './errors.ts'
import { issueAt, prepareParsed, prepareScenario, prepareScenarioFile, resolvePrepared, type LoadedScenario, type PreparedScenario } from './load.ts'
import type { ResolveOptions } from './resolve.ts'
import { howToRaise } from './limits.ts'
import { gridSize, gridTooLarge, pathSegments, setPath, type SweepValue } from './sweep.ts'
import { cloneData } from './data.ts'
import { pathString } from './errors.ts'
import { allowedKeys } from './schema.ts'
import { didYouMean } from './suggest.ts'

export interface SweepParameter {
  readonly path: string
  readonly values: readonly SweepValue[]
  /** From the command line (`--set path=a,b`) rather than the file's `sweep:` block. */
  readonly fromFlag?: boolean
}

/**
 * The problems of a sweep over `parameters` of a loaded scenario (with `set` applied to every
 * point). Empty when every grid point would load.
 */
export function sweepIssues(prepared: PreparedScenario, parameters: readonly SweepParameter[], set: Readonly<Record<string, SweepValue>> = {}): ScenarioIssue[] {
  const { file, doc, lines, limits } = prepared
  const at = (path: PropertyKey[], message: string, atKey = false) => issueAt(file, doc, lines, [], path, message, atKey)
  const issues: ScenarioIssue[] = []
  const seen = new Set<string>()
  const push = (i: ScenarioIssue) => {
    const key = formatIssue(i)
    if (!seen.has(key)) {
      seen.add(key)
      issues.push(i)
    }
  }
  for (const p of parameters) {
    const flag = (v: SweepValue) => `--set ${p.path}=${String(v)}`
    try {
      pathSegments(p.path)
    } catch (e) {
      push(p.fromFlag ? { file, line: 0, column: 0, path: '', message: (e as Error).message, flag: flag(p.values.join(',')) } : at(['sweep', 'parameters', p.path], (e as Error).message, true))
      continue
    }
    const wrong = pathProblem(prepared, p.path, p.values[0])
    if (wrong !== null) {
      push(p.fromFlag ? { file, line: 0, column: 0, path: '', message: wrong, flag: flag(p.values.join(',')) } : at(['sweep', 'parameters', p.path], wrong, true))
      continue
    }
    if (gridSize({ parameters }) > limits.gridPoints) continue // refused below; spare the values
    const tried = new Set<string>()
    for (const v of p.values) {
      const key = `${typeof v}:${String(v)}`
      if (tried.has(key)) continue
      tried.add(key)
      try {
        // With the flag's other values, a value from the file is placed at its own position.
        resolvePrepared(prepareParsed(prepared.parsed, { ...set, [p.path]: v }, limits))
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e
        for (const i of e.issues) push(i)
      }
    }
  }
  const size = gridSize({ parameters })
  if (size > limits.gridPoints) {
    const fromFile = parameters.some((p) => !p.fromFlag)
    const message = gridTooLarge({ parameters }, limits.gridPoints)
    push(fromFile ? at(['sweep', 'parameters'], message) : { file, line: 0, column: 0, path: '', message, flag: '--set' })
  }
  const sweep = prepared.raw.sweep
  if (sweep?.replications !== undefined && sweep.replications > limits.replications) {
    push(at(['sweep', 'replications'], `${sweep.replications.toLocaleString('en-US')} replications are above the limit of ${limits.replications.toLocaleString('en-US')}; ${howToRaise('replications')}`))
  }
  if (sweep?.target !== undefined) {
    try {
      parseTarget(sweep.target)
    } catch (e) {
      push(at(['sweep', 'target'], (e as Error).message))
    }
  }
  return issues
}

/**
 * Why `path` does not name a key of the scenario (an id that does not exist, a key the format
 * does not have on the way), or null. Checked once per path, not once per value.
 */
function pathProblem(prepared: PreparedScenario, path: string, value: SweepValue | undefined): string | null {
  let reached: (string | number)[]
  try {
    reached = setPath(cloneData(prepared.raw) as Record<string, unknown>, path, value ?? 0)
  } catch (e) {
    return (e as Error).message
  }
  for (let i = 0; i < reached.length; i++) {
    const key = reached[i]!
    if (typeof key !== 'string') continue
    const allowed = allowedKeys(reached.slice(0, i))
    if (!allowed.includes(key)) return `\`${key}\` is not a key of ${pathString(reached.slice(0, i)) || 'the scenario'}${didYouMean(key, allowed)}`
  }
  return null
}

/** The file's own `sweep:` block as parameters. */
export function sweepBlock(prepared: PreparedScenario): SweepParameter[] {
  return Object.entries(prepared.raw.sweep?.parameters ?? {}).map(([path, values]) => ({ path, values }))
}

export interface CheckOptions extends ResolveOptions {
  /** Swept parameters from the command line (`--set path=a,b`); they replace the file's. */
  readonly sweep?: readonly SweepParameter[]
}

export interface CheckedScenario {
  readonly scenario: LoadedScenario
  /** The sweep to run: the file's parameters not set on the command line, then the flag's. */
  readonly parameters: SweepParameter[]
}

/**
 * Everything `run` would refuse, found before it starts: the scenario with `set` applied, and
 * the sweep (the file's block and `--set` values). Throws one ScenarioError with every problem.
 */
export function checkScenarioFile(path: string, options: CheckOptions = {}): CheckedScenario {
  return checkPrepared(prepareScenarioFile(path, options.set, options.limits), options)
}

/** checkScenarioFile for a text in memory. */
export function checkScenario(text: string, file: string, options: CheckOptions = {}): CheckedScenario {
  return checkPrepared(prepareScenario(text, file, options.set, options.limits), options)
}

function checkPrepared(prepared: PreparedScenario, options: CheckOptions): CheckedScenario {
  const scenario = resolvePrepared(prepared, options)
  const set = options.set ?? {}
  const flagged = options.sweep ?? []
  const parameters = [
    ...sweepBlock(prepared).filter((p) => !flagged.some((q) => q.path === p.path) && !Object.hasOwn(set, p.path)),
    ...flagged.map((p) => ({ ...p, fromFlag: true })),
  ]
  const issues = sweepIssues(prepared, parameters, set)
  if (issues.length > 0) throw new ScenarioError(issues)
  return { scenario, parameters }
}
