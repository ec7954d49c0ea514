// The public face the CLI builds against: these names must stay exported.
import { describe, expect, it } from 'vitest'
import * as api from './index.ts'

describe('the public API', () => {
  it('exports the agreed functions and the error class', () => {
    for (const name of ['parseScenario', 'loadScenarioFile', 'scenarioJsonSchema', 'formatIssues', 'parseSize', 'parseDuration', 'parseRate', 'formatBytes', 'formatDuration', 'formatLocalTime']) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function')
    }
    const e = new api.ScenarioError([{ file: 'f.yaml', line: 3, column: 7, path: 'vms[2].disk', message: 'bad' }])
    expect(e).toBeInstanceOf(Error)
    expect(e.message).toBe('f.yaml:3:7: vms[2].disk: bad')
    expect(e.issues).toHaveLength(1)
  })

  it('formats local times in the scenario calendar', () => {
    // 2026-01-12 20:00 CET is 19:00 UTC; start 2026-01-05 00:00 CET = 2026-01-04 23:00 UTC
    expect(api.formatLocalTime(Date.UTC(2026, 0, 4, 23), 7 * 86400 + 20 * 3600, 'Europe/Berlin')).toBe('Mon 2026-01-12 20:00 CET')
  })
})
