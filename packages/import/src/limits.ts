// Input is hostile until checked: an export, overlay or change history larger than these is
// refused before it is read (docs/limits.md lists each limit and how to raise it). The defaults
// leave room for estates far larger than the 10,000-VM benchmark workbook (about 6 MiB).

export interface ImportLimits {
  /** Largest file read (xlsx workbook, one CSV, an overlay, a change history), bytes. */
  readonly maxFileBytes: number
  /** Most bytes the parts of an xlsx workbook that are read may unpack to (a zip bomb stops here). */
  readonly maxUnzippedBytes: number
  /** Most data rows in one sheet or CSV file. */
  readonly maxRows: number
  /** Most columns in one sheet. */
  readonly maxColumns: number
  /** Longest cell text, characters (a multi-line annotation is a few KiB). */
  readonly maxCellChars: number
}

export const defaultLimits: ImportLimits = {
  maxFileBytes: 256 * 1024 * 1024,
  maxUnzippedBytes: 2 * 1024 * 1024 * 1024,
  maxRows: 1_000_000,
  maxColumns: 2_000,
  maxCellChars: 65_536,
}

/** An input that breaks a limit or cannot be read at all: the command exits 2 with this message. */
export class ImportError extends Error {
  override name = 'ImportError'
}
