// @snapsim/scenario: YAML scenario files -> validated core Model; units; cron; JSON Schema.

export { formatLocalTime, hourGrid, isoLocal, wallToEpoch } from './calendar.ts'
export { cronFires } from './cron.ts'
export { ScenarioError, formatIssue, formatIssues, type ScenarioIssue } from './errors.ts'
export { loadScenarioFile, parseScenario, prepareScenario, prepareScenarioFile, readScenarioText, resolvePrepared, type LoadedScenario, type PreparedScenario } from './load.ts'
export type { Expectation } from './resolve.ts'
export { overcommitted, type Overcommit } from './overcommit.ts'
export { platformNames, scenarioJsonSchema, scenarioSchema } from './schema.ts'
export { closest, didYouMean } from './suggest.ts'
export { formatBytes, formatDuration, parseDuration, parseRate, parseShare, parseSize } from './units.ts'
export { grid, parseSetOption, setPath, type GridPoint, type SweepSpec, type SweepValue } from './sweep.ts'
export { meanOf, parseDistribution, sample, stream, type Distribution, type Per, type UncertainSpec } from './distributions.ts'
export type { ResolveOptions } from './resolve.ts'
