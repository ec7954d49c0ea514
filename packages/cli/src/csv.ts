// CSV (RFC 4180): fields with commas, quotes or line breaks are quoted, quotes doubled.

export type Cell = string | number | boolean | null

export function csvField(v: Cell): string {
  if (v === null) return ''
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  const out = [header.map(csvField).join(',')]
  for (const row of rows) out.push(row.map(csvField).join(','))
  return `${out.join('\n')}\n`
}

/** One CSV line with its line break. */
export function csvRow(row: readonly Cell[]): string {
  let line = ''
  for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : ',') + csvField(row[i]!)
  return `${line}\n`
}
