// A sheet as the readers hand it over (xlsx tab or CSV file), and the issues found in it: every
// rejected or odd row is reported with its sheet, row and column so the planner can find it.

import type { Cell } from './cells.ts'

export interface SheetRow {
  /** Row number as the user sees it: the xlsx row, or the CSV line the record starts on. */
  readonly row: number
  readonly cells: readonly Cell[]
}

export interface Sheet {
  /** Tab name (`vInfo`), from the xlsx tab or the CSV file's base name. */
  readonly name: string
  /** The file it came from. */
  readonly file: string
  readonly header: readonly string[]
  /** Row number of the header (1 unless blank rows precede it). */
  readonly headerRow: number
  readonly rows: readonly SheetRow[]
}

export type Severity = 'warning' | 'error'

export interface ImportIssue {
  readonly severity: Severity
  readonly sheet: string
  /** 0 when the issue concerns the sheet or file as a whole. */
  readonly row: number
  /** Header of the column concerned, '' when none. */
  readonly column: string
  readonly message: string
}

/** `vInfo row 12, column "In Use MiB": …` */
export function formatImportIssue(i: ImportIssue): string {
  const where = [i.sheet, i.row > 0 ? `row ${i.row}` : '', i.column !== '' ? `column ${JSON.stringify(i.column)}` : ''].filter((s) => s !== '').join(', ')
  return `${i.severity}: ${where}: ${i.message}`
}

/** Collects issues in the order found. */
export class IssueLog {
  readonly issues: ImportIssue[] = []
  warn(sheet: string, row: number, column: string, message: string): void {
    this.issues.push({ severity: 'warning', sheet, row, column, message })
  }
  error(sheet: string, row: number, column: string, message: string): void {
    this.issues.push({ severity: 'error', sheet, row, column, message })
  }
  get errors(): number {
    return this.issues.filter((i) => i.severity === 'error').length
  }
}
