// Reading back the files snapsim wrote (result.json, shard.json, replications.jsonl,
// manifest.json): they are input like any other, maybe from another machine or edited. A file
// that is missing, not a file, not JSON, or not of its schema (@snapsim/results) is refused
// with its name, the line (JSON Lines), the field and what was wrong: exit 2, never a stack trace.

import { readFileSync, statSync } from 'node:fs'
import type { z } from 'zod'
import { BadInput } from './io.ts'

/** Most problems listed for one file. */
const MAX_ISSUES = 8

/** A field path as written in JavaScript: `result.backups[3].run`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let s = ''
  for (const k of path) {
    // a key is user text: a long one is cut
    const name = typeof k === 'number' ? '' : String(k).length > 80 ? `${String(k).slice(0, 77)}...` : String(k)
    s += typeof k === 'number' ? `[${k}]` : s === '' ? name : `.${name}`
  }
  return s
}

/** A value shown in a message: short JSON, at most 40 characters. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing'
  // JSON would show 1e400 (read as Infinity) as null
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  const json = JSON.stringify(value) ?? String(value)
  return json.length > 40 ? `${json.slice(0, 37)}...` : json
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let at = data
  for (const k of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, k)) return undefined
    at = (at as Record<PropertyKey, unknown>)[k]
  }
  return at
}

/** One zod issue in words, with the value found. */
function issueText(issue: z.core.$ZodIssue, data: unknown): string {
  const field = fieldPath(issue.path)
  const where = field === '' ? '' : `${field}: `
  const value = valueAt(data, issue.path)
  switch (issue.code) {
    case 'invalid_type':
      return `${where}expected ${issue.expected}, got ${shown(value)}`
    case 'too_small':
      return `${where}must be ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}, got ${shown(value)}`
    case 'too_big':
      if (issue.origin === 'string') return `${where}longer than ${String(issue.maximum)} characters (${typeof value === 'string' ? value.length : '?'})`
      return `${where}must be ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}, got ${shown(value)}`
    case 'unrecognized_keys':
      return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => shown(k)).join(', ')}`
    case 'invalid_value':
      return `${where}expected ${issue.values.map((v) => shown(v)).join(' or ')}, got ${shown(value)}`
    case 'invalid_key':
      // a record's key (a datastore id, a --set path) refused by its own schema: say why
      return `${where}${issue.issues.map((i) => issueText(i, issue.path.at(-1))).join('; ')}`
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) return `${where}expected ${issue.options.map((v) => shown(v)).join(' or ')}, got ${shown(value)}`
      return `${where}not a valid value: ${shown(value)}`
    default:
      return `${where}${issue.message}${value === undefined || typeof value === 'object' ? '' : `, got ${shown(value)}`}`
  }
}

/** The issues of a failed parse, one line each, prefixed with `prefix` ("FILE: " or "FILE:LINE: "). */
function issueLines(prefix: string, issues: readonly z.core.$ZodIssue[], data: unknown): string[] {
  const lines = issues.slice(0, MAX_ISSUES).map((i) => `${prefix}${issueText(i, data)}`)
  if (issues.length > MAX_ISSUES) lines.push(`${prefix}... and ${issues.length - MAX_ISSUES} more problems`)
  return lines
}

/** The text of a file snapsim wrote, or a BadInput saying why it cannot be read. */
export function readOutputText(file: string, hint = ''): string {
  let isFile: boolean
  try {
    isFile = statSync(file).isFile()
  } catch {
    throw new BadInput(`${file}: not found${hint}`)
  }
  if (!isFile) throw new BadInput(`${file}: not a file (a folder or a device)${hint}`)
  try {
    return readFileSync(file, 'utf8')
  } catch (e) {
    throw new BadInput(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})${hint}`)
  }
}

/**
 * Where JSON text goes wrong: the offset of the first character that cannot continue valid JSON
 * (JSON.parse's message gives none in Node 20). A small recursive-descent scan of RFC 8259.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const fail = (): never => {
    throw i
  }
  const value = (depth: number): void => {
    if (depth > 10_000) fail()
    ws()
    const c = text[i]
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']'
      i++
      ws()
      if (text[i] === close) return void i++
      for (;;) {
        if (c === '{') {
          ws()
          if (text[i] !== '"') fail()
          string()
          ws()
          if (text[i] !== ':') fail()
          i++
        }
        value(depth + 1)
        ws()
        if (text[i] === ',') i++
        else if (text[i] === close) return void i++
        else fail()
      }
    }
    if (c === '"') return string()
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400))
    if (!m) fail()
    i += m![0].length
  }
  const string = () => {
    i++
    while (i < text.length) {
      const c = text[i]!
      if (c === '"') return void i++
      if (c < ' ') fail()
      if (c === '\\') {
        const e = text[i + 1]
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6
        else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2
        else fail()
      } else i++
    }
    fail()
  }
  try {
    value(0)
    ws()
    if (i < text.length) fail()
  } catch (at) {
    if (typeof at === 'number') return at
    throw at
  }
  return -1
}

/** "LINE:COLUMN: not valid JSON" (1-based) for text JSON.parse refused. */
function jsonErrorAt(text: string): string {
  if (text.trim() === '') return 'empty, expected JSON'
  const pos = Math.max(0, jsonErrorOffset(text))
  const before = text.slice(0, pos)
  const line = before.split('\n').length
  const column = pos - before.lastIndexOf('\n')
  return `${line}:${column}: not valid JSON${pos >= text.length ? ' (it ends too early: truncated?)' : ''}`
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    const at = jsonErrorAt(text)
    throw new BadInput(/^\d/.test(at) ? `${file}:${at}` : `${file}: ${at}`)
  }
}

/** Keys that would reach object internals if used as a property (zod's record lets `__proto__` through). */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** The path of the first object key in `data` that names object internals, or null. */
export function reservedKeyPath(data: unknown): PropertyKey[] | null {
  const stack: [unknown, PropertyKey[]][] = [[data, []]]
  while (stack.length > 0) {
    const [at, path] = stack.pop()!
    if (at === null || typeof at !== 'object') continue
    if (Array.isArray(at)) {
      at.forEach((v, i) => stack.push([v, [...path, i]]))
      continue
    }
    for (const k of Object.keys(at)) {
      if (RESERVED_KEYS.has(k)) return [...path, k]
      stack.push([(at as Record<string, unknown>)[k], [...path, k]])
    }
  }
  return null
}

/** Checks `data` against `schema`; the problems as lines prefixed with `prefix`, or the parsed value. */
function check<S extends z.ZodType>(prefix: string, schema: S, data: unknown): { ok: true; value: z.output<S> } | { ok: false; lines: string[] } {
  const reserved = reservedKeyPath(data)
  if (reserved) return { ok: false, lines: [`${prefix}${fieldPath(reserved)}: a reserved name (__proto__, constructor, prototype) is not a key`] }
  const parsed = schema.safeParse(data)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, lines: issueLines(prefix, parsed.error.issues, data) }
}

/** A value read back (a line, a row) checked against its schema; BadInput with `prefix` ("FILE:LINE: ") and the field. */
export function checkValue<S extends z.ZodType>(prefix: string, schema: S, data: unknown): z.output<S> {
  const checked = check(prefix, schema, data)
  if (!checked.ok) throw new BadInput(checked.lines.join('\n'))
  return checked.value
}

/** A JSON file checked against its schema. */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S, hint = ''): z.output<S> {
  const data = parseJson(file, readOutputText(file, hint))
  const checked = check(`${file}: `, schema, data)
  if (!checked.ok) throw new BadInput(checked.lines.join('\n'))
  return checked.value
}

/** A JSON Lines file, each line checked against the schema; problems name the line. */
export function readJsonLines<S extends z.ZodType>(file: string, schema: S, hint = ''): z.output<S>[] {
  const text = readOutputText(file, hint)
  if (text !== '' && !text.endsWith('\n')) throw new BadInput(`${file}:${text.split('\n').length}: the last line does not end: the file is truncated`)
  const lines = text === '' ? [] : text.slice(0, -1).split('\n')
  const out: z.output<S>[] = []
  const problems: string[] = []
  for (const [i, line] of lines.entries()) {
    let data: unknown
    try {
      data = JSON.parse(line)
    } catch {
      problems.push(`${file}:${i + 1}:${Math.max(0, jsonErrorOffset(line)) + 1}: not valid JSON`)
      continue
    }
    const checked = check(`${file}:${i + 1}: `, schema, data)
    if (checked.ok) out.push(checked.value)
    else problems.push(...checked.lines)
    if (problems.length >= MAX_ISSUES) break
  }
  if (problems.length > 0) throw new BadInput(problems.join('\n'))
  return out
}
