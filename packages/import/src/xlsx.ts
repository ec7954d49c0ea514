// RVTools' xlsx workbook, read with exceljs: its worksheet parser hands rows over one at a
// time, so a 10,000-VM estate never sits in memory as a cell model. exceljs is maintained and
// has no open advisory, unlike `xlsx` 0.18.5 on npm (prototype pollution, ReDoS).
//
// The zip container is opened by its central directory (unzipper's Open, the library exceljs
// itself uses) rather than by exceljs's own streaming loop: that loop walks the zip in storage
// order through a racy stream iterator and, when the tabs are stored before xl/workbook.xml
// (as exceljs's own streaming writer stores them), can stop early or hand tabs over unnamed
// (exceljs issues #1364, #2663, #2790). Here the workbook, relationships, shared strings and
// styles are read first, then only the wanted tabs, each streamed through exceljs's parser.
// Dates come back as Date objects when their cell has a date format, and as serial numbers
// otherwise; cells.ts takes either.

import { createRequire } from 'node:module'
import { Readable } from 'node:stream'
import { statSync } from 'node:fs'
import ExcelJS from 'exceljs'
import type { Cell } from './cells.ts'
import { ImportError, type ImportLimits } from './limits.ts'
import type { Sheet, SheetRow } from './sheet.ts'

interface ZipEntry {
  readonly path: string
  readonly uncompressedSize: number
  stream(): Readable
  buffer(): Promise<Buffer>
}
const unzipper = createRequire(import.meta.url)('unzipper') as { Open: { file(path: string): Promise<{ files: ZipEntry[] }> } }

/** The parts of exceljs's WorkbookReader used here (exceljs 4.4.0, lib/stream/xlsx/workbook-reader.js). */
interface ReaderParts {
  _parseRels(entry: Readable): Promise<void>
  _parseWorkbook(entry: Readable): Promise<void>
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>
  _parseStyles(entry: Readable): Promise<void>
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>
  model?: { sheets?: { name?: string; rId?: string }[] }
  workbookRels?: { Id?: string; Target?: string }[]
}

/** One exceljs cell value as a plain cell: rich text joined, formulas by their result. */
export function toCell(v: unknown, maxChars: number): Cell {
  if (v === null || v === undefined) return null
  if (typeof v === 'number' || typeof v === 'boolean') return v
  if (typeof v === 'string') return v.length > maxChars ? v.slice(0, maxChars) : v
  if (v instanceof Date) return v
  if (typeof v === 'object') {
    const o = v as { richText?: { text?: unknown }[]; result?: unknown; text?: unknown; error?: unknown }
    if (Array.isArray(o.richText)) return toCell(o.richText.map((r) => (typeof r?.text === 'string' ? r.text : '')).join(''), maxChars)
    if ('result' in o) return toCell(o.result, maxChars)
    if (typeof o.text === 'string') return toCell(o.text, maxChars)
    if (typeof o.error === 'string') return o.error
  }
  return null
}

/** `worksheets/sheet3.xml` or `/xl/worksheets/sheet3.xml` → `3`. */
const sheetNumber = (target: string): string | undefined => /(?:^|\/)worksheets\/sheet(\d+)\.xml$/.exec(target)?.[1]

/**
 * Read the tabs named in `wanted` (tab names as RVTools writes them) of an xlsx workbook; other
 * tabs are not read. The first non-empty row of a tab is its header.
 */
export async function readWorkbook(path: string, wanted: ReadonlySet<string>, limits: ImportLimits): Promise<Sheet[]> {
  const size = statSync(path).size
  if (size > limits.maxFileBytes) throw new ImportError(`${path}: ${size} bytes, more than ${limits.maxFileBytes} (limit maxFileBytes, docs/limits.md)`)
  try {
    const dir = await unzipper.Open.file(path)
    const byPath = new Map(dir.files.map((f) => [f.path.replace(/^\//, ''), f]))
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' }) as unknown as ReaderParts
    let unzipped = 0
    const part = async (name: string): Promise<Readable | undefined> => {
      const f = byPath.get(name)
      if (!f) return undefined
      unzipped += f.uncompressedSize
      if (unzipped > limits.maxUnzippedBytes) throw new ImportError(`${path}: unpacks to more than ${limits.maxUnzippedBytes} bytes (limit maxUnzippedBytes, docs/limits.md)`)
      return Readable.from([await f.buffer()])
    }
    const rels = await part('xl/_rels/workbook.xml.rels')
    const book = await part('xl/workbook.xml')
    if (!rels || !book) throw new ImportError(`${path}: not an xlsx workbook (no xl/workbook.xml)`)
    await reader._parseRels(rels)
    await reader._parseWorkbook(book)
    const strings = await part('xl/sharedStrings.xml')
    if (strings) for await (const _ of reader._parseSharedStrings(strings)) void _
    const styles = await part('xl/styles.xml')
    if (styles) await reader._parseStyles(styles)

    const sheets: Sheet[] = []
    for (const tab of reader.model?.sheets ?? []) {
      const name = String(tab.name ?? '')
      if (!wanted.has(name)) continue
      const target = (reader.workbookRels ?? []).find((r) => r.Id === tab.rId)?.Target ?? ''
      const no = sheetNumber(target)
      const entry = no === undefined ? undefined : byPath.get(`xl/worksheets/sheet${no}.xml`)
      if (no === undefined || !entry) throw new ImportError(`${path}: tab ${name} has no worksheet part`)
      unzipped += entry.uncompressedSize
      if (unzipped > limits.maxUnzippedBytes) throw new ImportError(`${path}: unpacks to more than ${limits.maxUnzippedBytes} bytes (limit maxUnzippedBytes, docs/limits.md)`)
      for (const { value: ws } of reader._parseWorksheet(entry.stream(), no)) sheets.push(await readTab(ws, name, path, limits))
    }
    return sheets
  } catch (e) {
    if (e instanceof ImportError) throw e
    throw new ImportError(`${path}: not a readable xlsx workbook: ${(e as Error).message}`)
  }
}

async function readTab(ws: AsyncIterable<ExcelJS.Row>, name: string, path: string, limits: ImportLimits): Promise<Sheet> {
  let header: string[] | undefined
  let headerRow = 0
  const rows: SheetRow[] = []
  for await (const row of ws) {
    const values = row.values as unknown[]
    if (values.length - 1 > limits.maxColumns) throw new ImportError(`${path}: tab ${name} row ${row.number}: ${values.length - 1} columns, more than ${limits.maxColumns} (limit maxColumns, docs/limits.md)`)
    const cells: Cell[] = []
    for (let i = 1; i < values.length; i++) cells.push(toCell(values[i], limits.maxCellChars))
    if (header === undefined) {
      if (cells.every((c) => c === null || String(c).trim() === '')) continue
      header = cells.map((c) => (c === null ? '' : String(c).trim()))
      headerRow = row.number
      continue
    }
    if (rows.length >= limits.maxRows) throw new ImportError(`${path}: tab ${name}: more than ${limits.maxRows} rows (limit maxRows, docs/limits.md)`)
    rows.push({ row: row.number, cells })
  }
  return { name, file: path, header: header ?? [], headerRow, rows }
}
