// An RVTools export on disk: an `.xlsx` workbook, or a folder of per-tab CSV files.

import { statSync } from 'node:fs'
import { readCsvFolder } from './csv.ts'
import { ImportError, type ImportLimits } from './limits.ts'
import type { Sheet } from './sheet.ts'
import { readWorkbook } from './xlsx.ts'

/** The tabs the import reads; others are skipped unread. */
export const RVTOOLS_TABS: ReadonlySet<string> = new Set(['vInfo', 'vDisk', 'vDatastore', 'vSnapshot', 'vMetaData'])

export async function readRvtoolsPath(path: string, limits: ImportLimits): Promise<Sheet[]> {
  let isDir: boolean
  try {
    isDir = statSync(path).isDirectory()
  } catch {
    throw new ImportError(`${path}: no such file or folder`)
  }
  if (isDir) {
    const sheets = readCsvFolder(path, RVTOOLS_TABS, limits)
    if (sheets.length === 0) throw new ImportError(`${path}: no RVTools CSV files (vInfo.csv or RVTools_tabvInfo.csv, …) in this folder`)
    return sheets
  }
  if (!/\.xlsx$/i.test(path)) throw new ImportError(`${path}: expected an .xlsx workbook or a folder of per-tab CSV files`)
  return readWorkbook(path, RVTOOLS_TABS, limits)
}
