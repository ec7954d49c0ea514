// The loader: YAML text -> structural check (zod) -> resolution (units, references, cron) ->
// LoadedScenario, or one ScenarioError carrying every issue of the file with its position.

import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs'
import { LineCounter, parseDocument, type Document } from 'yaml'
import type { Model } from '@snapsim/core'
import { cloneData, documentData } from './data.ts'
import { ScenarioError, pathString, type ScenarioIssue } from './errors.ts'
import { activeLimits, howToRaise, type Limits } from './limits.ts'
import { positionOf } from './positions.ts'
import { resolve, type Expectation, type ResolveOptions } from './resolve.ts'
import { INVALID_MARKER } from './invalid-marker.ts'
import { acceptsString, allowedKeys, fieldDescription, scenarioSchema, type RawScenario } from './schema.ts'
import { didYouMean } from './suggest.ts'
import { setPath, type SweepSpec, type SweepValue } from './sweep.ts'
import { showValue } from './show.ts'

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
  readonly text: string
  readonly doc: Document
  readonly lines: LineCounter
  readonly raw: RawScenario
  /** Where the values set before validation came from. */
  readonly origins: readonly SetOrigin[]
  readonly limits: Limits
  /** The parsed text, for preparing it again with other values set (sweep points). */
  readonly parsed: ParsedText
}

/** Parse and resolve a scenario; throws ScenarioError listing every problem. */
export function parseScenario(text: string, file: string, overrides: ResolveOptions = {}): LoadedScenario {
  return resolvePrepared(prepareScenario(text, file, overrides.set, overrides.limits), overrides)
}

/** Where a value set before validation came from: a `--set` flag or a value of `sweep:`. */
export interface SetOrigin {
  /** The key path the value was set at (`['jobs', 0, 'schedule']`). */
  readonly path: readonly PropertyKey[]
  /** `--set jobs.nightly.schedule=…`, for a value from the command line. */
  readonly flag?: string
  /** The value's place in the file's `sweep.parameters`, for a swept value. */
  readonly at?: readonly PropertyKey[]
}

/** The origin of the set value whose key path is a prefix of `path`, if any. */
function originOf(origins: readonly SetOrigin[], path: readonly PropertyKey[]): SetOrigin | undefined {
  return origins.find((o) => o.path.length <= path.length && o.path.every((k, i) => k === path[i]))
}

/** An issue at `path`: at its place in the file, or at the flag or sweep value that set it. */
export function issueAt(file: string, doc: Document, lines: LineCounter, origins: readonly SetOrigin[], path: readonly PropertyKey[], message: string, atKey = false): ScenarioIssue {
  const origin = originOf(origins, path)
  if (origin?.flag !== undefined) return { file, line: 0, column: 0, path: pathString(path), message, flag: origin.flag }
  const pos = positionOf(doc, lines, origin?.at ?? path, origin?.at ? false : atKey)
  return { file, line: pos.line, column: pos.column, path: pathString(path), message: origin?.at ? `${message} (with the swept value at ${pathString(origin.at)})` : message }
}

/** `--set path=value`, the value clipped for a message. */
function flagText(path: string, value: SweepValue): string {
  return `--set ${showValue(path)}=${showValue(value)}`
}

/** A text parsed into data, before any `set`: what every sweep point starts from. */
export interface ParsedText {
  readonly file: string
  readonly text: string
  readonly doc: Document
  readonly lines: LineCounter
  /** The document's data; never changed (each preparation works on a copy). */
  readonly data: unknown
}

/** Parse a text into data; throws ScenarioError for malformed YAML and refused keys or values. */
export function parseText(text: string, file: string, limits: Limits = activeLimits()): ParsedText {
  const lines = new LineCounter()
  const doc: Document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const issues: ScenarioIssue[] = []
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lines.linePos(e.pos[0])
      issues.push({ file, line: pos.line, column: pos.col, path: '', message: `malformed YAML: ${e.message.split('\n')[0]}` })
    }
    throw new ScenarioError(issues)
  }
  const data = documentData(doc, text, (offset, message) => {
    const pos = lines.linePos(offset)
    issues.push({ file, line: pos.line, column: pos.col, path: '', message })
  }, { aliasValues: limits.aliasValues })
  if (data === undefined) throw new ScenarioError(sortIssues(issues))
  return { file, text, doc, lines, data }
}

/** Parse, apply `set`, and check the structure; throws ScenarioError listing every problem. */
export function prepareScenario(text: string, file: string, set?: ResolveOptions['set'], limits: Limits = activeLimits()): PreparedScenario {
  return prepareParsed(parseText(text, file, limits), set, limits)
}

/** Apply `set` to a copy of parsed data and check the structure. */
export function prepareParsed(parsedText: ParsedText, set?: ResolveOptions['set'], limits: Limits = activeLimits()): PreparedScenario {
  const { file, text, doc, lines } = parsedText
  const data = set ? cloneData(parsedText.data) : parsedText.data
  const issues: ScenarioIssue[] = []
  const origins: SetOrigin[] = []
  const add = (path: PropertyKey[], message: string, atKey = false) => {
    issues.push(issueAt(file, doc, lines, origins, path, message, atKey))
  }
  if (set && data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const swept = sweptValues(data)
    for (const [path, v] of Object.entries(set)) {
      const fromSweep = swept.get(path)?.findIndex((x) => x === v) ?? -1
      const origin = fromSweep >= 0 ? { at: ['sweep', 'parameters', path, fromSweep] } : { flag: flagText(path, v) }
      try {
        origins.push({ path: setPath(data as Record<string, unknown>, path, v), ...origin })
      } catch (e) {
        const message = (e as Error).message
        if (origin.flag !== undefined) issues.push({ file, line: 0, column: 0, path: '', message, flag: origin.flag })
        else add(origin.at, message)
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
        const got = showValue(input)
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
  return { file, text, doc, lines, raw: parsed.data, origins, limits, parsed: parsedText }
}

/** Resolve a prepared scenario (units, references, cron, this replication's draws). */
export function resolvePrepared(prepared: PreparedScenario, overrides: ResolveOptions = {}): LoadedScenario {
  const { file, doc, lines, raw, origins, limits } = prepared
  const issues: ScenarioIssue[] = []
  const add = (path: PropertyKey[], message: string) => {
    issues.push(issueAt(file, doc, lines, origins, path, message))
  }
  const resolved = resolve(raw, (path, message) => add(path, message), { defaultName: file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, ''), limits, ...overrides })
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
  const copy = cloneData(data)
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
  for (const k of path) v = v !== null && typeof v === 'object' && Object.hasOwn(v, k) ? (v as Record<PropertyKey, unknown>)[k] : undefined
  return v
}

/** The values of the file's `sweep.parameters`, by path (to place a problem at its value). */
function sweptValues(data: object): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>()
  const parameters = getAt(data, ['sweep', 'parameters'])
  if (parameters !== null && typeof parameters === 'object' && !Array.isArray(parameters)) {
    for (const [k, v] of Object.entries(parameters)) if (Array.isArray(v)) out.set(k, v)
  }
  return out
}

function sortIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column)
}

/** Read and load a scenario file; a missing or unreadable file is a ScenarioError too. */
export function loadScenarioFile(path: string, overrides: ResolveOptions = {}): LoadedScenario {
  return resolvePrepared(prepareScenarioFile(path, overrides.set, overrides.limits), overrides)
}

/** Read, parse and check a scenario file once (see PreparedScenario). */
export function prepareScenarioFile(path: string, set?: ResolveOptions['set'], limits: Limits = activeLimits()): PreparedScenario {
  return prepareScenario(readScenarioText(path, limits), path, set, limits)
}

/**
 * A scenario file's text; a missing, unreadable or oversized file, a directory or anything
 * that is not a regular file (a FIFO would block, /dev/zero never ends) is a ScenarioError.
 * The file is checked before it is opened and read no further than the size limit.
 */
export function readScenarioText(path: string, limits: Pick<Limits, 'fileSize'> = activeLimits()): string {
  const refuse = (message: string): never => {
    throw new ScenarioError([{ file: path, line: 1, column: 1, path: '', message }])
  }
  let fd: number
  try {
    const st = statSync(path)
    if (st.isDirectory()) refuse('is a directory: expected a scenario file (`snapsim check DIR` runs every scenario in a folder)')
    if (!st.isFile()) refuse('is not a regular file (a device, FIFO or socket): expected a scenario file')
    if (st.size > limits.fileSize) refuse(tooBig(st.size, limits.fileSize))
    fd = openSync(path, 'r')
  } catch (e) {
    if (e instanceof ScenarioError) throw e
    const code = (e as NodeJS.ErrnoException).code
    return refuse(`cannot read the scenario: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`)
  }
  try {
    // Read at most one byte past the limit: a file that grew since the check is refused too.
    const size = Math.min(fstatSync(fd).size, limits.fileSize) + 1
    const buffer = Buffer.alloc(size)
    let read = 0
    for (let n = 1; n > 0 && read < size; read += n) n = readSync(fd, buffer, read, size - read, null)
    if (read > limits.fileSize) refuse(tooBig(read, limits.fileSize))
    return buffer.toString('utf8', 0, read)
  } catch (e) {
    if (e instanceof ScenarioError) throw e
    return refuse(`cannot read the scenario: ${(e as Error).message}`)
  } finally {
    closeSync(fd)
  }
}

function tooBig(size: number, limit: number): string {
  return `the file has ${size.toLocaleString('en-US')}${size > limit ? '' : '+'} bytes, above the limit of ${limit.toLocaleString('en-US')} bytes; ${howToRaise('fileSize')}`
}
