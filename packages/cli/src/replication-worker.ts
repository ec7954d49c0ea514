// Piscina worker: runs a batch of replications of one scenario and returns their records.

import type { ReplicationRecord } from '@snapsim/risk'
import { runReplication, type Settings } from './replication.ts'

export interface Batch {
  readonly file: string
  readonly seed: string | undefined
  readonly replications: readonly number[]
  readonly set?: Settings
  readonly metrics?: readonly string[]
}

export default function run(batch: Batch): ReplicationRecord[] {
  return batch.replications.map((r) => runReplication(batch.file, batch.seed, r, batch.set, batch.metrics))
}
