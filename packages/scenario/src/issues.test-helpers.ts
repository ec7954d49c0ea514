// The set-up the scenario tests of refused input share: the issues a call refuses a scenario
// with, as rows that compare in one line, and the small valid scenario the hostile-input and
// limits tests change one key of.

import { ScenarioError, type ScenarioIssue } from './errors.ts'
import { parseScenario } from './load.ts'
import type { ResolveOptions } from './resolve.ts'

/** The issues `run` refuses its scenario with; fails the test if it accepts it or throws anything else. */
export function refusal(run: () => unknown): ScenarioIssue[] {
  try {
    run()
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues
    throw e
  }
  throw new Error('expected the scenario to be rejected')
}

/** The issues the loader refuses `text` with, read as the file `bad.yaml`. */
export function issuesOf(text: string, options: ResolveOptions = {}): ScenarioIssue[] {
  return refusal(() => parseScenario(text, 'bad.yaml', options))
}

/** An issue as [line, column, path, message]. */
export const rows = (issues: readonly ScenarioIssue[]) => issues.map((i) => [i.line, i.column, i.path, i.message])

/**
 * One datastore, three web VMs, a nightly job: valid as it is. Tests name positions in it
 * (line 2 is the datastores key, lines 5-9 the VMs, 10-14 the job), so its lines stay put.
 */
export function smallScenario(o: { readonly horizon: string; readonly capacity: string }): string {
  return `horizon: ${o.horizon}
datastores:
  - id: ds1
    capacity: ${o.capacity}
vms:
  - id: web
    count: 3
    disk: 100 GiB
    writeRate: 1 MiB/s
jobs:
  - id: nightly
    vms: ["*"]
    schedule: "0 20 * * *"
    streamThroughput: 100 MiB/s
`
}
