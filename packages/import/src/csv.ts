// RVTools' CSV export: one file per tab (`RVTools_tabvInfo.csv`, or `vInfo.csv`), written in the
// exporting machine's locale: `,` or `;` between fields, quoted numbers with thousands separators,
// quoted fields that span lines. csv-parse does the quoting; this file detects the delimiter,
// the encoding, and keeps each record's first line number for messages.

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { CsvError, parse } from 'csv-parse/sync'
import type { Cell } from './cells.ts'
import { ImportError, type ImportLimits } from './limits.ts'
import type { Sheet, SheetRow } from './sheet.ts'

/**
 * The delimiter of a CSV text: whichever of `;`, `,` and tab occurs most often in its first
 * record outside quotes (a header row has several; a German locale's `;` beats the commas that
 * sit in quoted headers or values).
 */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]])
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) break
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1)
  }
  let best = ','
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d
  return best
}

/** Text of a CSV file's bytes: UTF-8 (BOM dropped) or UTF-16 LE/BE when it starts with that BOM. */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  return new TextDecoder('utf-8').decode(bytes.subarray(start))
}

/** Lines a raw record spans beyond its first (blank lines skipped before it do not count). */
function extraLines(raw: string): number {
  const body = raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '')
  let n = 0
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 10) n++
  return n
}

/** Parse one CSV text into a sheet; the first record is the header. */
export function parseCsvSheet(text: string, name: string, file: string, limits: ImportLimits): Sheet {
  const delimiter = detectDelimiter(text)
  let records: { record: string[]; raw: string; info: { lines: number } }[]
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: false,
      skip_empty_lines: true,
      info: true,
      raw: true,
      max_record_size: limits.maxCellChars * 16,
      to: limits.maxRows + 1,
    }) as unknown as typeof records
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines
      throw new ImportError(`${file}${line !== undefined ? `:${line}` : ''}: not a readable CSV file: ${e.message}`)
    }
    throw e
  }
  if (records.length === 0) throw new ImportError(`${file}: empty CSV file (no header row)`)
  if (records.length > limits.maxRows) throw new ImportError(`${file}: more than ${limits.maxRows} rows (limit maxRows, docs/limits.md)`)
  const first = records[0]!
  if (first.record.length > limits.maxColumns) throw new ImportError(`${file}: ${first.record.length} columns, more than ${limits.maxColumns} (limit maxColumns, docs/limits.md)`)
  const rows: SheetRow[] = []
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!
    rows.push({ row: rec.info.lines - extraLines(rec.raw), cells: rec.record.map((v): Cell => (v.length > limits.maxCellChars ? v.slice(0, limits.maxCellChars) : v)) })
  }
  return { name, file, header: first.record.map((h) => h.trim()), headerRow: first.info.lines - extraLines(first.raw), rows }
}

/** Read a CSV file after checking its size. */
export function readCsvFile(path: string, name: string, limits: ImportLimits): Sheet {
  const size = statSync(path).size
  if (size > limits.maxFileBytes) throw new ImportError(`${path}: ${size} bytes, more than ${limits.maxFileBytes} (limit maxFileBytes, docs/limits.md)`)
  return parseCsvSheet(decodeText(readFileSync(path)), name, path, limits)
}

/** `vInfo` from `vInfo.csv`, `RVTools_tabvInfo.csv` or `rvtools_tabVINFO.CSV`; undefined for other files. */
export function sheetNameOfFile(file: string): string | undefined {
  const m = /^(?:.*tab)?(v[a-z]+)\.csv$/i.exec(basename(file))
  return m ? m[1] : undefined
}

/** The per-tab CSV files of a folder whose tab is in `wanted` (any case); others are not read. */
export function readCsvFolder(dir: string, wanted: ReadonlySet<string>, limits: ImportLimits): Sheet[] {
  const tabs = new Map([...wanted].map((t) => [t.toLowerCase(), t]))
  const sheets: Sheet[] = []
  for (const f of readdirSync(dir).sort()) {
    const name = tabs.get(sheetNameOfFile(f)?.toLowerCase() ?? '')
    if (name === undefined) continue
    sheets.push(readCsvFile(join(dir, f), name, limits))
  }
  return sheets
}
