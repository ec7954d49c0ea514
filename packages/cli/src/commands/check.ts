// `snapsim check FILE…|DIR`: run scenarios and evaluate their `expect:` blocks. Exit 1 if any
// expectation failed, 2 if any input was bad (bad input wins); JUnit XML for CI servers.

import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { simulate } from '@snapsim/core'
import { ScenarioError, checkScenarioFile, formatIssues, readScenarioText } from '@snapsim/scenario'
import { parse as parseYaml } from 'yaml'
import { writeAtomic } from '../atomic.ts'
import { BoundError, evaluate } from '../expect.ts'
import { BadInput, EXIT, type Io } from '../io.ts'
import { toJUnit, type JUnitCase, type JUnitSuite } from '../junit.ts'
import { MetricError } from '../metrics.ts'
import { summarize } from '../summary.ts'

/**
 * Why a YAML file found in a folder is not a scenario (a CI workflow, a compose file), or null:
 * it is a mapping without either of the keys every scenario has (`datastores:`, `vms:`). A file
 * that cannot be read (too large, not a regular file) or does not parse is taken for a scenario,
 * so its errors are reported; it is read through the scenario reader, with its size limit.
 */
export function notAScenario(file: string): string | null {
  let doc: unknown
  try {
    doc = parseYaml(readScenarioText(file))
  } catch {
    return null
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'not a mapping of keys'
  if (Object.hasOwn(doc, 'datastores') || Object.hasOwn(doc, 'vms')) return null
  return 'no `datastores:` or `vms:` key'
}

/**
 * Scenario files under the given paths: files as given; directories searched recursively for
 * *.yaml and *.yml, skipping those that are not scenarios (`onSkip` hears which and why).
 */
export function scenarioFiles(paths: readonly string[], onSkip: (file: string, why: string) => void = () => {}): string[] {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, entry.name)
      if (entry.isDirectory()) walk(p)
      else if (/\.ya?ml$/.test(entry.name)) {
        const why = notAScenario(p)
        if (why === null) files.push(p)
        else onSkip(p, why)
      }
    }
  }
  for (const p of paths) {
    let isDir: boolean
    try {
      isDir = statSync(p).isDirectory()
    } catch {
      throw new BadInput(`${p}: no such file or directory`)
    }
    if (isDir) walk(p)
    else files.push(p)
  }
  return files
}

/** `--junit FILE` must name a file: checked before the scenarios run. */
function checkJunitPath(path: string): void {
  let st
  try {
    st = statSync(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') throw new BadInput(`--junit ${path}: is under a file, not a folder`)
    return
  }
  if (st.isDirectory()) throw new BadInput(`--junit ${path}: is a folder; give a file name`)
}

export function checkCommand(paths: readonly string[], options: { junit?: string }, io: Io): number {
  if (options.junit !== undefined) checkJunitPath(options.junit)
  const files = scenarioFiles(paths, (file, why) => io.out(`skip ${file} (not a scenario: ${why})\n`))
  if (files.length === 0) throw new BadInput(`no scenario files (*.yaml, *.yml) under ${paths.join(', ')}`)
  let failed = 0
  let bad = 0
  let passed = 0
  const suites: JUnitSuite[] = []
  for (const file of files) {
    const t0 = performance.now()
    const cases: JUnitCase[] = []
    try {
      const scenario = checkScenarioFile(file).scenario
      const summary = summarize(scenario, simulate(scenario.model, { log: false, sampleInterval: 0 }))
      if (scenario.expect.length === 0) {
        io.out(`ok   ${file} (runs; no expectations)\n`)
        cases.push({ name: 'runs' })
      }
      for (const e of scenario.expect) {
        let outcome
        try {
          outcome = evaluate(summary, e)
        } catch (err) {
          if (!(err instanceof MetricError) && !(err instanceof BoundError)) throw err
          bad++
          const at = err instanceof BoundError ? (e.positions[err.key] ?? e) : e
          const msg = `${file}:${at.line}:${at.column}: expect: ${err.message}`
          io.err(`${msg}\n`)
          cases.push({ name: e.metric, error: msg })
          continue
        }
        if (outcome.passed) {
          passed++
          io.out(`pass ${file}:${e.line}: ${outcome.label} (actual ${outcome.actualText})\n`)
          cases.push({ name: outcome.label })
        } else {
          failed++
          io.out(`FAIL ${file}:${e.line}: ${e.metric}: ${outcome.failure}\n`)
          cases.push({ name: outcome.label, failure: outcome.failure })
        }
      }
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err
      bad++
      io.err(`${formatIssues(err.issues)}\n`)
      cases.push({ name: 'loads', error: formatIssues(err.issues) })
    }
    suites.push({ name: file, timeSeconds: (performance.now() - t0) / 1000, cases })
  }
  if (options.junit) {
    try {
      writeAtomic(options.junit, toJUnit(suites))
    } catch (e) {
      throw new BadInput(`--junit ${options.junit}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
    }
  }
  io.out(`\n${files.length} scenario files: ${passed} expectations passed, ${failed} failed${bad ? `, ${bad} bad input` : ''}\n`)
  return bad > 0 ? EXIT.badInput : failed > 0 ? EXIT.failed : EXIT.ok
}
