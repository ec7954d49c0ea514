// Running many replications: on a pool of worker threads (piscina) or in-process, with a
// progress bar, and Ctrl-C stopping cleanly with what finished. Which worker ran what does not
// matter: the aggregate sorts the records by replication index.

import { setMaxListeners } from 'node:events'
import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import type { ReplicationRecord } from '@snapsim/risk'
import { progress } from './progress.ts'
import { runReplication, type Settings } from './replication.ts'
import type { Batch } from './replication-worker.ts'

export interface ReplicateOptions {
  readonly file: string
  readonly seed: string | undefined
  /** Replication indices to run (a shard's share, or all). */
  readonly replications: readonly number[]
  /** Worker threads; 1 runs in-process. Default: all cores. */
  readonly workers?: number
  readonly quiet?: boolean
  /** Key paths set on the scenario (a sweep's grid point). */
  readonly set?: Settings
  /** Label of the progress bar. */
  readonly label?: string
  /** Metrics to record per replication (full detail; see runReplication). */
  readonly metrics?: readonly string[]
}

export interface ReplicateOutcome {
  readonly records: ReplicationRecord[]
  /** Ctrl-C stopped it before every replication finished. */
  readonly interrupted: boolean
}

/** `I/N` -> the indices of shard I (1-based) among `total` replications: r with r % N == I - 1. */
export function shardIndices(total: number, shard?: { index: number; count: number }): number[] {
  const all = Array.from({ length: total }, (_, r) => r)
  return shard ? all.filter((r) => r % shard.count === shard.index - 1) : all
}

export async function replicate(o: ReplicateOptions): Promise<ReplicateOutcome> {
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), o.replications.length))
  const bar = o.quiet ? { tick() {}, stop() {} } : progress(o.replications.length, o.label ?? 'replications')
  const records: ReplicationRecord[] = []
  const abort = new AbortController()
  // every batch listens on the one signal
  setMaxListeners(0, abort.signal)
  const onSigint = () => abort.abort()
  process.once('SIGINT', onSigint)
  try {
    if (workers === 1) {
      for (const r of o.replications) {
        if (abort.signal.aborted) break
        records.push(runReplication(o.file, o.seed, r, o.set, o.metrics))
        bar.tick(1)
        // let a pending Ctrl-C through between replications
        await new Promise((resolve) => setImmediate(resolve))
      }
    } else {
      const pool = new Piscina<Batch, ReplicationRecord[]>({ filename: new URL('./replication-worker.mjs', import.meta.url).href, maxThreads: workers, minThreads: workers })
      const size = Math.max(1, Math.min(16, Math.ceil(o.replications.length / (workers * 8))))
      const batches: number[][] = []
      for (let i = 0; i < o.replications.length; i += size) batches.push(o.replications.slice(i, i + size))
      await Promise.all(
        batches.map(async (replications) => {
          try {
            const done = await pool.run({ file: o.file, seed: o.seed, replications, ...(o.set ? { set: o.set } : {}), ...(o.metrics ? { metrics: o.metrics } : {}) }, { signal: abort.signal })
            records.push(...done)
            bar.tick(done.length)
          } catch (e) {
            if (!abort.signal.aborted) throw e
          }
        }),
      )
      await pool.destroy()
    }
  } finally {
    process.removeListener('SIGINT', onSigint)
    bar.stop()
  }
  records.sort((a, b) => a.replication - b.replication)
  return { records, interrupted: abort.signal.aborted }
}
