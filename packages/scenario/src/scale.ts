// Scale factors for what-ifs without editing every VM: `scale: { writeRate: 1.3, used: 1.1 }`
// scales every VM, a list of entries with `vms:` (ids or globs) scales some; factors of several
// matching entries multiply. Applied to the resolved VMs (after distributions are drawn, before
// the check that the VMs fit), so a factor also scales a drawn value. `used` stays within the disk.

import type { Vm } from '@snapsim/core'
import { globMatcher } from './glob.ts'
import { showValue } from './show.ts'
import { didYouMean } from './suggest.ts'

export const SCALED_KEYS = ['writeRate', 'used', 'dataGrowth'] as const
export type ScaledKey = (typeof SCALED_KEYS)[number]

/** The largest factor (as a daily profile's multiplier): a product stays finite and in range. */
export const MAX_FACTOR = 1000

export interface ScaleEntry {
  readonly vms?: string | readonly string[]
  readonly writeRate?: number
  readonly used?: number
  readonly dataGrowth?: number
}

type Report = (path: (string | number)[], message: string) => void

/** The entries of a `scale:` value (one mapping or a list). */
export function scaleEntries(raw: ScaleEntry | readonly ScaleEntry[] | undefined): { entry: ScaleEntry; path: (string | number)[] }[] {
  if (raw === undefined) return []
  return Array.isArray(raw) ? raw.map((entry, i) => ({ entry, path: ['scale', i] })) : [{ entry: raw as ScaleEntry, path: ['scale'] }]
}

/** The VMs with every matching entry's factors applied; bad factors and globs reported. */
export function applyScale(vms: readonly Vm[], raw: ScaleEntry | readonly ScaleEntry[] | undefined, fail: Report): Vm[] {
  const factor = new Map<string, Record<ScaledKey, number>>()
  for (const v of vms) factor.set(v.id, { writeRate: 1, used: 1, dataGrowth: 1 })
  const ids = vms.map((v) => v.id)
  for (const { entry, path } of scaleEntries(raw)) {
    let members = ids
    if (entry.vms !== undefined) {
      const patterns = typeof entry.vms === 'string' ? [entry.vms] : entry.vms
      const hit = new Set<string>()
      patterns.forEach((p, k) => {
        const at = typeof entry.vms === 'string' ? [...path, 'vms'] : [...path, 'vms', k]
        // The same selectors as a job's `vms` (glob.ts: `/`, `.` and spaces are ordinary).
        let isMatch: (id: string) => boolean
        try {
          isMatch = globMatcher(p)
        } catch (e) {
          fail(at, `\`${showValue(p)}\`: ${(e as Error).message}`)
          return
        }
        const found = ids.filter((id) => isMatch(id))
        if (found.length === 0) fail(at, `\`${showValue(p)}\` matches no VM${didYouMean(p, ids)}; VMs: ${ids.slice(0, 6).map(showValue).join(', ')}${ids.length > 6 ? ', …' : ''}`)
        for (const id of found) hit.add(id)
      })
      members = ids.filter((id) => hit.has(id))
    }
    for (const key of SCALED_KEYS) {
      const f = entry[key]
      if (f === undefined) continue
      if (!Number.isFinite(f) || f < 0 || f > MAX_FACTOR) {
        fail([...path, key], `a scale factor must be a number within 0..${MAX_FACTOR}, got ${showValue(f)}`)
        continue
      }
      for (const id of members) factor.get(id)![key] *= f
    }
  }
  return vms.map((v) => {
    const f = factor.get(v.id)!
    if (f.writeRate === 1 && f.used === 1 && f.dataGrowth === 1) return v
    return {
      ...v,
      writeRate: v.writeRate * f.writeRate,
      used: Math.min(v.disk, v.used * f.used),
      dataGrowth: v.dataGrowth * f.dataGrowth,
      // a relative growth: the factor on its continuous rate (×2 on 2 %/w gives 4.04 %/w)
      ...(v.relativeDataGrowth !== undefined ? { relativeDataGrowth: v.relativeDataGrowth * f.dataGrowth } : {}),
    }
  })
}
