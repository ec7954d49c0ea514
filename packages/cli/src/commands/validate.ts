// `snapsim validate FILE…`: load each scenario, print `ok FILE` or every issue.

import { ScenarioError, formatIssues, loadScenarioFile } from '@snapsim/scenario'
import { EXIT, type Io } from '../io.ts'

export function validateCommand(files: readonly string[], io: Io): number {
  let bad = 0
  for (const file of files) {
    try {
      const s = loadScenarioFile(file)
      io.out(`ok ${file} (${s.model.vms.length} VMs, ${s.model.datastores.length} datastores, ${s.model.jobs.length} jobs)\n`)
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e
      bad++
      io.err(`${formatIssues(e.issues)}\n`)
    }
  }
  return bad > 0 ? EXIT.badInput : EXIT.ok
}
