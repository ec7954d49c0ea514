// The four charts of a run, by name.

import type { Result } from '@snapsim/core'
import { backupRunsSpec } from './backups.ts'
import type { ChartContext } from './context.ts'
import { snapshotDeltasSpec } from './deltas.ts'
import { vmStatesSpec } from './states.ts'
import { datastoreUseSpec } from './use.ts'
import type { TopLevelSpec } from './vl.ts'

export type ChartId = 'use' | 'backups' | 'deltas' | 'states'

/** The charts in report order, with their headings (also the PNG file names: `${id}.png`). */
export const charts: readonly { readonly id: ChartId; readonly title: string }[] = [
  { id: 'use', title: 'Datastore use over time' },
  { id: 'backups', title: 'Backup runs' },
  { id: 'deltas', title: 'Snapshot deltas' },
  { id: 'states', title: 'VM states' },
]

export type ChartSpecs = Readonly<Record<ChartId, TopLevelSpec>>

export function allSpecs(result: Result, ctx: ChartContext): ChartSpecs {
  return {
    use: datastoreUseSpec(result, ctx),
    backups: backupRunsSpec(result, ctx),
    deltas: snapshotDeltasSpec(result, ctx),
    states: vmStatesSpec(result, ctx),
  }
}
