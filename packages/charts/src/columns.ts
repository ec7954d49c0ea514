// Rows as columns: what a report embeds is mostly arrays of rows (vega-lite `data.values` and
// `datasets`: a point per time, a bar per run), each row repeating its keys and neighbouring
// rows repeating their times and names. Before packing, such an array becomes one column per key:
// whole numbers as differences from the previous row (a time grid turns into runs of one step),
// repeated strings as a list and indexes, anything else as it was. gzip then keeps a 10,000-VM
// year's detail parts at a third of their size. The page restores the rows exactly (`REVIVE`,
// run in the page and, in tests, in Node) before anything reads them.

/** Fewer rows than this stay rows: too few to gain anything. */
export const MIN_ROWS = 8

type Json = unknown

/** A row's keys when every element of `rows` is a plain object with the same keys in the same order and no undefined value; else null. */
function rowKeys(rows: readonly unknown[]): string[] | null {
  if (rows.length < MIN_ROWS) return null
  const first = rows[0]
  if (first === null || typeof first !== 'object' || Array.isArray(first)) return null
  const keys = Object.keys(first)
  // `$n` marks an encoded value and `__proto__` cannot be set as a plain key: such rows stay rows
  if (keys.includes('$n') || keys.includes('__proto__')) return null
  for (const r of rows) {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return null
    const k = Object.keys(r)
    if (k.length !== keys.length) return null
    for (let i = 0; i < k.length; i++) if (k[i] !== keys[i] || (r as Record<string, unknown>)[k[i]!] === undefined) return null
  }
  return keys
}

/** One column: `{ d }` differences of whole numbers, `{ k, i }` strings by index, or `{ v }` the values. */
function column(values: readonly unknown[]): Json {
  if (values.every((v) => Number.isSafeInteger(v))) {
    const d = new Array<number>(values.length)
    let prev = 0
    let exact = true
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number
      d[i] = v - prev
      // the page adds them up again: every difference must be a safe integer too
      if (!Number.isSafeInteger(d[i])) exact = false
      prev = v
    }
    if (exact) return { d }
  }
  if (values.every((v) => typeof v === 'string')) {
    const index = new Map<string, number>()
    const k: string[] = []
    const i = (values as string[]).map((s) => index.get(s) ?? (index.set(s, k.length), k.push(s), k.length - 1))
    if (k.length * 2 <= values.length) return { k, i }
  }
  return { v: values.map(toColumns) }
}

/** `value` with every array of rows (at least MIN_ROWS of one shape) as columns; JSON.stringify it. */
export function toColumns(value: unknown): Json {
  if (Array.isArray(value)) {
    const keys = rowKeys(value)
    if (keys === null) return value.map(toColumns)
    return { $n: value.length, $c: keys.map((k) => [k, column(value.map((r) => (r as Record<string, unknown>)[k]))]) }
  }
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    // an own "__proto__" key stays a key, not the prototype
    if (k === '__proto__') Object.defineProperty(out, k, { value: toColumns(v), enumerable: true, writable: true, configurable: true })
    else out[k] = toColumns(v)
  }
  // an object of the data that has a `$n` key itself is wrapped, so the page does not take it for rows
  return Object.hasOwn(value, '$n') ? { $n: -1, $o: out } : out
}

/**
 * The page's `revive(value)`: the inverse of toColumns on the parsed JSON (in place where it
 * can). Plain ES2020 kept as a string: it is inlined in the page script, and the tests compile
 * this same text in Node (fixtures.test-helpers.ts `revive`).
 */
export const REVIVE = String.raw`function revive(v) {
    var own = Object.prototype.hasOwnProperty, i;
    if (Array.isArray(v)) { for (i = 0; i < v.length; i++) v[i] = revive(v[i]); return v; }
    if (v === null || typeof v !== 'object') return v;
    if (own.call(v, '$n')) {
      if (v.$n === -1) return reviveObject(v.$o);
      var n = v.$n, cols = v.$c, rows = new Array(n);
      for (i = 0; i < n; i++) rows[i] = {};
      for (var c = 0; c < cols.length; c++) {
        var key = cols[c][0], col = cols[c][1];
        if (col.d) { var sum = 0; for (i = 0; i < n; i++) { sum += col.d[i]; rows[i][key] = sum; } }
        else if (col.k) { for (i = 0; i < n; i++) rows[i][key] = col.k[col.i[i]]; }
        else { for (i = 0; i < n; i++) rows[i][key] = revive(col.v[i]); }
      }
      return rows;
    }
    return reviveObject(v);
    function reviveObject(o) {
      for (var k in o) if (own.call(o, k)) o[k] = revive(o[k]);
      return o;
    }
  }`
