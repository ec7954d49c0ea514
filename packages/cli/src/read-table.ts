// Reading a run's data files back (for `snapsim report`): CSV (RFC 4180) and JSON Lines, plain or
// gzip-compressed, as streams, so a file larger than a string can hold still reads. Every value
// is checked against its column's type; a bad one is BadInput naming the file, line and column.

import { createReadStream, existsSync } from 'node:fs'
import { createGunzip } from 'node:zlib'
import { BadInput } from './io.ts'

/** The file as written: NAME, or NAME.gz when it was compressed. */
export function dataFile(dir: string, name: string): string {
  const plain = `${dir}/${name}`
  if (existsSync(plain)) return plain
  if (existsSync(`${plain}.gz`)) return `${plain}.gz`
  throw new BadInput(`${plain}: not found (nor ${name}.gz); run \`snapsim run FILE --out ${dir}\` again`)
}

async function* chunks(path: string): AsyncGenerator<string> {
  const raw = createReadStream(path)
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw
  input.setEncoding('utf8')
  try {
    for await (const chunk of input) yield chunk as string
  } catch (e) {
    throw new BadInput(`${path}: cannot be read (${(e as Error).message})`)
  }
}

/** Lines of a text file (without their breaks), with their numbers from 1. */
export async function* lines(path: string): AsyncGenerator<[number, string]> {
  let rest = ''
  let n = 0
  for await (const chunk of chunks(path)) {
    const parts = (rest + chunk).split('\n')
    rest = parts.pop()!
    for (const p of parts) yield [++n, p]
  }
  if (rest !== '') yield [++n, rest]
}

/** CSV records (arrays of fields) with the line each starts on; quoted fields may span lines. */
export async function* csvRecords(path: string): AsyncGenerator<[number, string[]]> {
  let field = ''
  let record: string[] = []
  let quoted = false
  let afterQuote = false
  let line = 1
  let start = 1
  for await (const chunk of chunks(path)) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!
      if (quoted) {
        if (c === '"') {
          quoted = false
          afterQuote = true
        } else {
          if (c === '\n') line++
          field += c
        }
        continue
      }
      if (c === '"') {
        // "" inside a quoted field is a quote
        if (afterQuote) field += '"'
        else if (field !== '') throw new BadInput(`${path}:${line}: a quote inside an unquoted field`)
        quoted = true
        afterQuote = false
      } else if (c === ',') {
        record.push(field)
        field = ''
        afterQuote = false
      } else if (c === '\n') {
        record.push(field)
        yield [start, record]
        record = []
        field = ''
        afterQuote = false
        start = ++line
      } else if (c !== '\r') {
        if (afterQuote) throw new BadInput(`${path}:${line}: text after a closing quote`)
        field += c
      }
    }
  }
  if (quoted) throw new BadInput(`${path}:${start}: a quoted field is not closed`)
  if (field !== '' || record.length > 0) {
    record.push(field)
    yield [start, record]
  }
}

export type ColumnType = 'string' | 'string?' | 'number' | 'number?' | 'boolean' | 'skip'

/**
 * Rows of a CSV with the given header, as objects of typed values (`?`: empty is null; `skip`:
 * a derived column, such as a wall-clock time, left out), each with the line it starts on.
 */
export async function* readCsv(path: string, columns: readonly (readonly [string, ColumnType])[]): AsyncGenerator<[number, Record<string, string | number | boolean | null>]> {
  let first = true
  for await (const [line, fields] of csvRecords(path)) {
    if (first) {
      first = false
      const want = columns.map(([name]) => name).join(',')
      if (fields.join(',') !== want) throw new BadInput(`${path}:1: the header must be ${want}`)
      continue
    }
    if (fields.length !== columns.length) throw new BadInput(`${path}:${line}: ${fields.length} fields, the header has ${columns.length}`)
    const row: Record<string, string | number | boolean | null> = Object.create(null)
    for (let i = 0; i < columns.length; i++) {
      const [name, type] = columns[i]!
      const text = fields[i]!
      const bad = (what: string) => new BadInput(`${path}:${line}: column ${name}: ${what}, got ${JSON.stringify(text.slice(0, 40))}`)
      switch (type) {
        case 'skip':
          continue
        case 'string':
          if (text === '') throw bad('empty')
          row[name] = text
          break
        case 'string?':
          row[name] = text === '' ? null : text
          break
        case 'boolean':
          if (text !== 'true' && text !== 'false') throw bad('true or false expected')
          row[name] = text === 'true'
          break
        case 'number':
        case 'number?': {
          if (text === '' && type === 'number?') {
            row[name] = null
            break
          }
          const v = Number(text)
          if (text.trim() === '' || !Number.isFinite(v)) throw bad('a finite number expected')
          row[name] = v
          break
        }
      }
    }
    yield [line, row]
  }
  if (first) throw new BadInput(`${path}: empty (no header)`)
}
