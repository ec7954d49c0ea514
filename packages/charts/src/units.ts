// Binary size units (IEC): axes show one unit per chart, chosen from the largest value.

import type { Bytes } from '@snapsim/core'

export interface SizeUnit {
  readonly name: 'B' | 'KiB' | 'MiB' | 'GiB' | 'TiB' | 'PiB'
  readonly bytes: number
}

const UNITS: readonly SizeUnit[] = [
  { name: 'B', bytes: 1 },
  { name: 'KiB', bytes: 1024 },
  { name: 'MiB', bytes: 1024 ** 2 },
  { name: 'GiB', bytes: 1024 ** 3 },
  { name: 'TiB', bytes: 1024 ** 4 },
  { name: 'PiB', bytes: 1024 ** 5 },
]

/** The largest unit in which `max` is at least 2 (so axes read "1500 GiB" up to 2 TiB, then TiB). */
export function unitFor(max: Bytes): SizeUnit {
  let unit = UNITS[0]!
  for (const u of UNITS) if (max >= 2 * u.bytes) unit = u
  return unit
}

/** "1.5 TiB", "750 GiB", "0 B": three significant digits in the largest fitting binary unit. */
export function formatBytes(bytes: Bytes): string {
  if (!Number.isFinite(bytes)) return String(bytes)
  const sign = bytes < 0 ? '-' : ''
  const abs = Math.abs(bytes)
  let unit = UNITS[0]!
  for (const u of UNITS) if (abs >= u.bytes) unit = u
  const v = abs / unit.bytes
  const digits = unit.name === 'B' ? 0 : v >= 100 ? 0 : v >= 10 ? 1 : 2
  return `${sign}${Number(v.toFixed(digits))} ${unit.name}`
}
