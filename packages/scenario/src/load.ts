// The loader: YAML text -> structural check (zod) -> resolution (units, references, cron) ->
// LoadedScenario, or one ScenarioError carrying every issue of the file with its position.

import { readFileSync } from 'node:fs'
import { LineCounter, parseDocument, type Document } from 'yaml'
import type { Model } from '@snapsim/core'
import { ScenarioError, pathString, type ScenarioIssue } from './errors.ts'
import { positionOf } from './positions.ts'
import { resolve, type Expectation } from './resolve.ts'
import { allowedKeys, fieldDescription, scenarioSchema, type RawScenario } from './schema.ts'
import { didYouMean } from './suggest.ts'

export interface LoadedScenario {
  readonly file: string
  readonly name: string
  readonly description: string | null
  readonly timezone: string
  /** UTC epoch ms of the scenario start. */
  readonly startEpochMs: number
  readonly seed: string
  readonly model: Model
  readonly expect: readonly Expectation[]
}

interface ZodIssueLike {
  code: string
  path: PropertyKey[]
  message: string
  keys?: string[]
  expected?: string
  values?: unknown[]
  input?: unknown
}

function typeName(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  return `${typeof v} \`${String(v)}\``
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

/** Parse and resolve a scenario; throws ScenarioError listing every problem. */
export function parseScenario(text: string, file: string, overrides: { seed?: string } = {}): LoadedScenario {
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
  let parsed = scenarioSchema.safeParse(data)
  if (!parsed.success) {
    const bad: PropertyKey[][] = []
    for (const issue of parsed.error.issues as unknown as ZodIssueLike[]) {
      const path = issue.path
      const input = issue.input ?? getAt(data, path)
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys ?? []) {
          add([...path, key], `unknown key \`${key}\`${didYouMean(key, allowedKeys(path))}`, true)
          bad.push([...path, key])
        }
      } else if (input === undefined && typeof path[path.length - 1] === 'string') {
        const key = String(path[path.length - 1])
        const what = fieldDescription(path) ?? describeExpected(issue.expected)
        add(path.slice(0, -1), `missing required key \`${key}\`: ${what}`)
      } else {
        if (issue.code === 'invalid_type') add(path, `expected ${describeExpected(issue.expected)}, got ${typeName(input)}`)
        else if (issue.code === 'invalid_value' && issue.values) {
          const got = String(input)
          const options = issue.values.map(String)
          add(path, `expected one of ${options.map((o) => `\`${o}\``).join(', ')}, got \`${got}\`${didYouMean(got, options)}`)
        } else if (issue.code === 'invalid_union') add(path, `unexpected value: got ${typeName(input)}`)
        else add(path, `${issue.message}, got ${typeName(input)}`)
        bad.push(path)
      }
    }
    // Drop what was wrong and check the rest too, so that one run reports every problem.
    parsed = scenarioSchema.safeParse(without(data, bad))
    if (parsed.success) resolve(parsed.data, (path, message) => add(path, message))
    throw new ScenarioError(sortIssues(issues))
  }
  const raw: RawScenario = parsed.data
  const resolved = resolve(raw, (path, message) => add(path, message), overrides)
  if (!resolved) throw new ScenarioError(sortIssues(issues))
  return {
    file,
    name: resolved.name,
    description: resolved.description,
    timezone: resolved.timezone,
    startEpochMs: resolved.startEpochMs,
    seed: resolved.seed,
    model: resolved.model,
    expect: resolved.expect.map(({ raw: e, path }) => {
      const pos = positionOf(doc, lines, path)
      return { ...e, line: pos.line, column: pos.column }
    }),
  }
}

/** A deep copy of `data` without the values at `paths` (so optional ones fall back to defaults). */
function without(data: unknown, paths: readonly PropertyKey[][]): unknown {
  const copy = structuredClone(data)
  for (const path of paths) {
    const parent = getAt(copy, path.slice(0, -1))
    if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) delete (parent as Record<PropertyKey, unknown>)[path[path.length - 1]!]
  }
  return copy
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
export function loadScenarioFile(path: string, overrides: { seed?: string } = {}): LoadedScenario {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message
    throw new ScenarioError([{ file: path, line: 1, column: 1, path: '', message: `cannot read the scenario: ${reason}` }])
  }
  return parseScenario(text, path, overrides)
}
