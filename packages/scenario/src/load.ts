// The loader: YAML text -> structural check (zod) -> resolution (units, references, cron) ->
// LoadedScenario, or one ScenarioError carrying every issue of the file with its position.

import { readFileSync } from 'node:fs'
import { LineCounter, parseDocument, type Document } from 'yaml'
import type { Model } from '@snapsim/core'
import { ScenarioError, pathString, type ScenarioIssue } from './errors.ts'
import { positionOf } from './positions.ts'
import { resolve, type Expectation, type ResolveOptions } from './resolve.ts'
import { INVALID_MARKER } from './invalid-marker.ts'
import { acceptsString, allowedKeys, fieldDescription, scenarioSchema, type RawScenario } from './schema.ts'
import { didYouMean } from './suggest.ts'
import { setPath, type SweepSpec } from './sweep.ts'

export interface LoadedScenario {
  readonly file: string
  readonly name: string
  readonly description: string | null
  readonly timezone: string
  /** UTC epoch ms of the scenario start. */
  readonly startEpochMs: number
  readonly seed: string
  /** The seed replications derive theirs from (`${baseSeed}/r${replication}`). */
  readonly baseSeed: string
  /** Some value is a distribution: replications differ in more than their failure draws. */
  readonly uncertain: boolean
  readonly model: Model
  readonly expect: readonly Expectation[]
  /** The `sweep:` block, if any. */
  readonly sweep: SweepSpec | null
}

interface ZodIssueLike {
  code: string
  path: PropertyKey[]
  message: string
  keys?: string[]
  expected?: string
  values?: unknown[]
  input?: unknown
  errors?: ZodIssueLike[][]
  minimum?: number | bigint
}

function typeName(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  const text = String(v)
  return `${typeof v} \`${text.length > 40 ? `${text.slice(0, 40)}…` : text}\``
}

function describeExpected(expected: string | undefined): string {
  switch (expected) {
    case 'object':
      return 'a mapping (key: value)'
    case 'array':
      return 'a list'
    default:
      return `a ${expected ?? 'value'}`
  }
}

/**
 * A scenario parsed and checked for structure once, ready to be resolved many times: Monte Carlo
 * replications differ only in their draws, which resolution makes.
 */
export interface PreparedScenario {
  readonly file: string
  readonly doc: Document
  readonly lines: LineCounter
  readonly raw: RawScenario
}

/** Parse and resolve a scenario; throws ScenarioError listing every problem. */
export function parseScenario(text: string, file: string, overrides: ResolveOptions = {}): LoadedScenario {
  return resolvePrepared(prepareScenario(text, file, overrides.set), overrides)
}

/** Parse, apply `set`, and check the structure; throws ScenarioError listing every problem. */
export function prepareScenario(text: string, file: string, set?: ResolveOptions['set']): PreparedScenario {
  const lines = new LineCounter()
  const doc: Document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const issues: ScenarioIssue[] = []
  const add = (path: PropertyKey[], message: string, atKey = false) => {
    const pos = positionOf(doc, lines, path, atKey)
    issues.push({ file, line: pos.line, column: pos.column, path: pathString(path), message })
  }
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lines.linePos(e.pos[0])
      issues.push({ file, line: pos.line, column: pos.col, path: '', message: `malformed YAML: ${e.message.split('\n')[0]}` })
    }
    throw new ScenarioError(issues)
  }
  const data: unknown = doc.toJS()
  if (set && data !== null && typeof data === 'object') {
    for (const [path, v] of Object.entries(set)) {
      try {
        setPath(data as Record<string, unknown>, path, v)
      } catch (e) {
        issues.push({ file, line: 1, column: 1, path, message: (e as Error).message })
      }
    }
    if (issues.length > 0) throw new ScenarioError(issues)
  }
  let parsed = scenarioSchema.safeParse(data)
  if (!parsed.success) {
    const bad: PropertyKey[][] = []
    const explain = (issue: ZodIssueLike, prefix: readonly PropertyKey[]): void => {
      const path = [...prefix, ...issue.path]
      const input = issue.input ?? getAt(data, path)
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys ?? []) {
          add([...path, key], `unknown key \`${key}\`${didYouMean(key, allowedKeys(path))}`, true)
          bad.push([...path, key])
        }
        return
      }
      bad.push(path)
      if (input === undefined && typeof path[path.length - 1] === 'string') {
        const key = String(path[path.length - 1])
        const what = fieldDescription(path) ?? describeExpected(issue.expected)
        add(path.slice(0, -1), `missing required key \`${key}\`: ${what}`)
      } else if (issue.code === 'invalid_type') add(path, `expected ${describeExpected(issue.expected)}, got ${typeName(input)}`)
      else if (issue.code === 'invalid_value' && issue.values) {
        const got = String(input)
        const options = issue.values.map(String)
        add(path, `expected one of ${options.map((o) => `\`${o}\``).join(', ')}, got \`${got}\`${didYouMean(got, options)}`)
      } else if (issue.code === 'invalid_union') {
        // The value had the shape of one alternative (a list, a mapping) but something inside
        // was wrong: explain that inner problem. Otherwise name every alternative.
        const branches = issue.errors ?? []
        const inner = branches.find((b) => b.length > 0 && b.every((i) => i.path.length > 0 || i.code === 'unrecognized_keys'))
        if (inner) {
          bad.pop()
          for (const i of inner) explain(i, path)
        } else {
          const expected = [...new Set(branches.flatMap((b) => b.map((i) => describeExpected(i.expected))))]
          add(path, `expected ${expected.join(' or ')}, got ${typeName(input)}`)
        }
      } else if (issue.code === 'custom') add(path, issue.message)
      else if (issue.code === 'too_small' && Array.isArray(input)) add(path, `needs at least ${issue.minimum ?? 1} ${Number(issue.minimum ?? 1) === 1 ? 'entry' : 'entries'}, got an empty list`)
      else add(path, `${issue.message}, got ${typeName(input)}`)
    }
    for (const issue of parsed.error.issues as unknown as ZodIssueLike[]) explain(issue, [])
    // Stand in for what was wrong and check the rest too, so that one run reports every problem.
    const patched = patch(data, bad)
    if (patched !== null) resolve(patched, (path, message) => add(path, message))
    throw new ScenarioError(sortIssues(issues))
  }
  return { file, doc, lines, raw: parsed.data }
}

/** Resolve a prepared scenario (units, references, cron, this replication's draws). */
export function resolvePrepared(prepared: PreparedScenario, overrides: ResolveOptions = {}): LoadedScenario {
  const { file, doc, lines, raw } = prepared
  const issues: ScenarioIssue[] = []
  const add = (path: PropertyKey[], message: string) => {
    const pos = positionOf(doc, lines, path, false)
    issues.push({ file, line: pos.line, column: pos.column, path: pathString(path), message })
  }
  const resolved = resolve(raw, (path, message) => add(path, message), { defaultName: file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, ''), ...overrides })
  if (!resolved) throw new ScenarioError(sortIssues(issues))
  return {
    file,
    name: resolved.name,
    description: resolved.description,
    timezone: resolved.timezone,
    startEpochMs: resolved.startEpochMs,
    seed: resolved.seed,
    baseSeed: resolved.baseSeed,
    uncertain: resolved.uncertain,
    model: resolved.model,
    expect: resolved.expect.map(({ raw: e, path }) => {
      const pos = positionOf(doc, lines, path)
      const positions = Object.fromEntries(
        (['equals', 'below', 'above', 'atMost', 'atLeast'] as const).filter((k) => e[k] !== undefined).map((k) => [k, positionOf(doc, lines, [...path, k])]),
      )
      return { ...e, line: pos.line, column: pos.column, positions }
    }),
    sweep: raw.sweep
      ? {
          parameters: Object.entries(raw.sweep.parameters).map(([path, values]) => ({ path, values })),
          ...(raw.sweep.replications !== undefined ? { replications: raw.sweep.replications } : {}),
          ...(raw.sweep.target !== undefined ? { target: raw.sweep.target } : {}),
        }
      : null,
  }
}

/**
 * A structurally valid copy of `data` with the values at `paths` replaced: by the invalid marker
 * where the field takes a string (resolve skips it), else removed (optional ones fall back to
 * defaults), else their enclosing optional key removed. Null when no valid copy is found.
 */
function patch(data: unknown, paths: readonly PropertyKey[][]): RawScenario | null {
  const copy = structuredClone(data)
  const tried = new Set<string>()
  let pending = [...paths]
  for (let round = 0; round < 8; round++) {
    for (const path of pending) {
      const key = JSON.stringify(path)
      // A path that is still wrong after its first fix: give up on its enclosing key.
      let target = tried.has(key) ? path.slice(0, -1) : path
      tried.add(key)
      // An item of a list (a profile's multiplier, a job's VM pattern): replace the whole list.
      while (typeof target[target.length - 1] === 'number') target = target.slice(0, -1)
      const parent = getAt(copy, target.slice(0, -1))
      const last = target[target.length - 1]
      if (typeof last !== 'string' || parent === null || typeof parent !== 'object' || Array.isArray(parent)) return null
      const record = parent as Record<string, unknown>
      if (!tried.has(`${key}:invalid marker`) && acceptsString(target, INVALID_MARKER)) {
        tried.add(`${key}:invalid marker`)
        record[last] = INVALID_MARKER
      } else delete record[last]
    }
    const result = scenarioSchema.safeParse(copy)
    if (result.success) return result.data
    pending = result.error.issues.map((i) => i.path)
  }
  return null
}

function getAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined
  return v
}

function sortIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column)
}

/** Read and load a scenario file; a missing or unreadable file is a ScenarioError too. */
export function loadScenarioFile(path: string, overrides: ResolveOptions = {}): LoadedScenario {
  return resolvePrepared(prepareScenarioFile(path, overrides.set), overrides)
}

/** Read, parse and check a scenario file once (see PreparedScenario). */
export function prepareScenarioFile(path: string, set?: ResolveOptions['set']): PreparedScenario {
  return prepareScenario(readScenarioText(path), path, set)
}

/** A scenario file's text; a missing or unreadable file is a ScenarioError. */
export function readScenarioText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message
    throw new ScenarioError([{ file: path, line: 1, column: 1, path: '', message: `cannot read the scenario: ${reason}` }])
  }
}
