// A table of columns cut into pieces of rows, each packed as its own part (`snapsim-table`,
// `snapsim-table-1`, …), so that the page parses one piece per task and stays responsive. A
// 10,000-VM year's backup table is 4.17 million tasks: packed whole, its unpacking was one task
// of 4.9-6.1 s after the charts were drawn (JSON.parse and UTF-8 decoding of about 200 MB),
// during which the page took no scroll and no click (docs/performance.md). The page joins the
// pieces back (`unpackPieces`, unpack.ts); unpack.test.ts checks that the joined table is the
// table cut, on generated tables and piece sizes.

/** Rows per piece: a piece's JSON is about 10 MB and is parsed in about 0.2 s. */
export const PIECE_ROWS = 200_000

/** A table as columns of equal length, with any other fields (its dictionaries) beside them. */
export interface ColumnTable {
  readonly cols: Readonly<Record<string, readonly unknown[]>>
  readonly [field: string]: unknown
}

/**
 * The table in pieces of at most `rows` rows: the first piece carries every field besides the
 * columns and, when there is more than one piece, `pieces` (how many); the others only `cols`.
 * A table of at most `rows` rows is one piece, the table itself.
 */
export function tablePieces(table: ColumnTable, rows = PIECE_ROWS): Record<string, unknown>[] {
  if (!(Number.isInteger(rows) && rows > 0)) throw new Error(`rows per piece must be a positive whole number, not ${rows}`)
  const names = Object.keys(table.cols)
  const n = names.length === 0 ? 0 : table.cols[names[0]!]!.length
  for (const name of names) if (table.cols[name]!.length !== n) throw new Error(`column ${name} has ${table.cols[name]!.length} rows, not ${n}`)
  const count = Math.max(1, Math.ceil(n / rows))
  if (count === 1) return [table]
  const slice = (k: number) => Object.fromEntries(names.map((name) => [name, table.cols[name]!.slice(k * rows, (k + 1) * rows)]))
  return Array.from({ length: count }, (_, k) => (k === 0 ? { ...table, pieces: count, cols: slice(0) } : { cols: slice(k) }))
}
