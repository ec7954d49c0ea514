// A log entry in words: its subject and its details, as the report's event log shows them (both
// the static table and the interactive one read these).

import type { LogEvent } from '@snapsim/core'
import { formatBytes } from './units.ts'

/** Who or what a log entry is about: a job, a VM (with its job for a backup) or a datastore. */
export function eventSubject(e: LogEvent): string {
  switch (e.type) {
    case 'job-fire':
      return `job ${e.job}`
    case 'backup-start':
    case 'backup-end':
      return `${e.vm} (${e.job})`
    case 'snapshot-create':
    case 'snapshot-merge-start':
    case 'snapshot-removed':
    case 'snapshot-orphaned':
    case 'vm-state':
      return e.vm
    case 'alarm':
    case 'datastore-full':
    case 'guard-abort':
      return e.datastore
  }
}

/** What a log entry says, in words (sizes in binary units, runs counted from 1). */
export function eventDetail(e: LogEvent): string {
  switch (e.type) {
    case 'job-fire':
      return `run ${e.run + 1}: ${e.action}`
    case 'backup-start':
      return `run ${e.run + 1}: reads ${formatBytes(e.bytes)}, snapshot chain depth ${e.chainDepth}`
    case 'backup-end':
      return `run ${e.run + 1}: ${e.outcome}, read ${formatBytes(e.bytesRead)}${e.reason ? ` (${e.reason})` : ''}`
    case 'snapshot-create':
      return `snapshot #${e.snapshot}, chain depth ${e.depth}`
    case 'snapshot-merge-start':
      return `snapshot #${e.snapshot}: merging ${formatBytes(e.bytes)} (${e.reason})`
    case 'snapshot-removed':
      return `snapshot #${e.snapshot}: removed, ${formatBytes(e.freed)} freed`
    case 'snapshot-orphaned':
      return `snapshot #${e.snapshot}: left behind`
    case 'alarm':
      return `${e.name} at ${formatBytes(e.level)}`
    case 'datastore-full':
      return `full at ${formatBytes(e.used)}; ${e.stopped} VMs stopped`
    case 'guard-abort':
      return `space guard aborted ${e.aborted} backups`
    case 'vm-state':
      return `${e.state}${e.reason ? ` (${e.reason})` : ''}`
  }
}
