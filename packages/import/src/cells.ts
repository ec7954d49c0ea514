// Cell values of an RVTools export, whatever wrote them: xlsx cells arrive typed (numbers,
// booleans, dates, rich text), CSV cells as text in the exporting machine's locale. These pure
// functions turn either into numbers, booleans and times, or say why they cannot.

/** One cell as a reader hands it over. */
export type Cell = string | number | boolean | Date | null

const MS_PER_DAY = 86_400_000
/** Excel's day 0 is 1899-12-30 (the 1900 leap-year bug folded in), as a UTC epoch. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)
/** Serial numbers of plausible export-era dates (1970 .. 2200); outside, a number is no date. */
const SERIAL_MIN = 25_569
const SERIAL_MAX = 109_575

/** The text of a cell, trimmed; '' for an empty cell. */
export function cellText(c: Cell): string {
  if (c === null) return ''
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? '' : c.toISOString()
  return String(c).trim()
}

export const isBlank = (c: Cell): boolean => cellText(c) === ''

/**
 * A number from a cell: `16384`, `"16,384"` or `"16.384"` (thousands groups of three, as old
 * RVTools versions and German locales write them), `1.5`, `1,5` (decimal comma). Undefined when
 * the text is not a finite number; a thin space or no-break space between groups is allowed.
 */
export function cellNumber(c: Cell): number | undefined {
  if (typeof c === 'number') return Number.isFinite(c) ? c : undefined
  if (typeof c === 'boolean' || c instanceof Date || c === null) return undefined
  const t = c.trim().replace(/[\s\u00a0\u202f']/g, '')
  if (t === '') return undefined
  let m = /^([+-]?)(\d{1,3}(?:([,.])\d{3})+)(?:([,.])(\d+))?$/.exec(t)
  if (m && (m[4] === undefined || m[4] !== m[3])) {
    const n = Number(`${m[1]}${m[2]!.replace(/[,.]/g, '')}${m[5] !== undefined ? `.${m[5]}` : ''}`)
    return Number.isFinite(n) ? n : undefined
  }
  m = /^([+-]?\d+)(?:[,.](\d+))?$/.exec(t)
  if (m) {
    const n = Number(`${m[1]}${m[2] !== undefined ? `.${m[2]}` : ''}`)
    return Number.isFinite(n) ? n : undefined
  }
  return undefined
}

/** `True`/`False` (any case), `yes`/`no`, `1`/`0`; undefined otherwise. */
export function cellBoolean(c: Cell): boolean | undefined {
  if (typeof c === 'boolean') return c
  if (typeof c === 'number') return c === 1 ? true : c === 0 ? false : undefined
  const t = cellText(c).toLowerCase()
  if (t === 'true' || t === 'yes' || t === '1') return true
  if (t === 'false' || t === 'no' || t === '0') return false
  return undefined
}

/** Excel serial day number (days since 1899-12-30, fraction = time of day) to wall-clock ms. */
export const serialToMs = (serial: number): number => EXCEL_EPOCH_MS + Math.round(serial * MS_PER_DAY)

/**
 * A date-time as wall-clock milliseconds (the exporting machine's local time read as if it were
 * UTC: ages are differences of two such times, so the zone cancels). Accepts an xlsx date cell,
 * an Excel serial number (as a number or as text), `yyyy/mm/dd hh:mm:ss`, `yyyy-mm-dd hh:mm[:ss]`
 * and `yyyy-mm-ddThh:mm:ss`. Undefined when the cell is none of these.
 */
export function cellDateMs(c: Cell): number | undefined {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? undefined : c.getTime()
  const n = typeof c === 'number' ? c : typeof c === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(c) ? Number(c) : undefined
  if (n !== undefined) return n >= SERIAL_MIN && n <= SERIAL_MAX ? serialToMs(n) : undefined
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:Z)?$/.exec(cellText(c))
  if (!m) return undefined
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number]
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  // Date.UTC rolls 2026-02-31 over into March: a date that does not exist is no date.
  if (new Date(ms).getUTCDate() !== d) return undefined
  return ms
}
