// Wall-clock times in the scenario's zone for the data files' time columns, as ISO 8601 with the
// offset (`2026-01-05T20:00:00+01:00`), the same text as @snapsim/scenario's `isoLocal` (a test
// compares them). isoLocal asks Intl for every value; a year of a fleet has millions of times,
// so the zone's offset is asked once per quarter hour (every zone's offsets change only at
// quarter-hour instants since 1970) and the rest is arithmetic.

const QUARTER_HOUR = 15 * 60 * 1000

const pad = (n: number, w = 2) => String(n).padStart(w, '0')
const TWO = Array.from({ length: 60 }, (_, i) => pad(i))

/** `(t) => ISO text` for simulated seconds t since `startEpochMs`; null stays null. */
export function isoClock(startEpochMs: number, timezone: string): (t: number | null) => string | null {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
  const offsets = new Map<number, number>()
  const offsetAt = (ms: number): number => {
    const q = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR
    let off = offsets.get(q)
    if (off === undefined) {
      const p: Record<string, number> = {}
      for (const part of format.formatToParts(new Date(q))) if (part.type !== 'literal') p[part.type] = Number(part.value)
      off = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - q
      offsets.set(q, off)
    }
    return off
  }
  // a year of a fleet's files asks for millions of times: the date part is made once per local
  // day, the offset once per offset, the time of day from two-digit texts
  const days = new Map<number, string>()
  const suffixes = new Map<number, string>()
  const dayText = (day: number): string => {
    let text = days.get(day)
    if (text === undefined) {
      const d = new Date(day * 86_400_000)
      text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T`
      days.set(day, text)
    }
    return text
  }
  const suffix = (off: number): string => {
    let text = suffixes.get(off)
    if (text === undefined) {
      const m = off / 60000
      const a = Math.abs(m)
      text = `${m < 0 ? '-' : '+'}${pad(Math.trunc(a / 60))}:${pad(a % 60)}`
      suffixes.set(off, text)
    }
    return text
  }
  return (t) => {
    if (t === null) return null
    // Intl shows the second an instant falls in: truncate, as isoLocal does
    const ms = Math.floor(startEpochMs + t * 1000)
    const off = offsetAt(ms)
    const local = Math.floor((ms + off) / 1000)
    const day = Math.floor(local / 86_400)
    const s = local - day * 86_400
    const h = Math.floor(s / 3600)
    const m = Math.floor((s - h * 3600) / 60)
    return `${dayText(day)}${TWO[h]}:${TWO[m]}:${TWO[s - h * 3600 - m * 60]}${suffix(off)}`
  }
}
