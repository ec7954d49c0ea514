// `snapsim validate FILE…`: check each scenario as `run` would (its sweep too), print `ok FILE`
// or every issue.

import { ScenarioError, checkScenarioFile, formatIssues } from '@snapsim/scenario'
import { EXIT, type Io } from '../io.ts'

export function validateCommand(files: readonly string[], io: Io): number {
  let bad = 0
  for (const file of files) {
    try {
      // What `run` would refuse, the sweep: block included.
      const s = checkScenarioFile(file).scenario
      io.out(`ok ${file} (${s.model.vms.length} VMs, ${s.model.datastores.length} datastores, ${s.model.jobs.length} jobs)\n`)
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e
      bad++
      io.err(`${formatIssues(e.issues)}\n`)
    }
  }
  return bad > 0 ? EXIT.badInput : EXIT.ok
}
