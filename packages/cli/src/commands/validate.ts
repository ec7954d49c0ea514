// `snapsim validate FILE…`: check each scenario as `run` would (its sweep too), print `ok FILE`
// or every issue.

import { ScenarioError, checkScenarioFile, formatBytes, formatIssues, overcommitted } from '@snapsim/scenario'
import { EXIT, type Io } from '../io.ts'

export function validateCommand(files: readonly string[], io: Io): number {
  let bad = 0
  for (const file of files) {
    try {
      // What `run` would refuse, the sweep: block included.
      const s = checkScenarioFile(file).scenario
      io.out(`ok ${file} (${s.model.vms.length} VMs, ${s.model.datastores.length} datastores, ${s.model.jobs.length} jobs)\n`)
      for (const o of overcommitted(s.model)) {
        io.out(
          `warning ${file}: datastore ${o.datastore}: thin VMs overcommitted ${o.ratio.toFixed(2)}:1 — other data and all disks provisioned ${formatBytes(o.provisionedBytes)} on ${formatBytes(o.capacityBytes)}; ${o.thinVms} thin VMs can fill it as they grow\n`,
        )
      }
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e
      bad++
      io.err(`${formatIssues(e.issues)}\n`)
    }
  }
  return bad > 0 ? EXIT.badInput : EXIT.ok
}
