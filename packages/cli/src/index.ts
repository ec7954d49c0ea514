// @snapsim/cli: the `snapsim` command, and the pieces other tools may reuse.

export { main, VERSION } from './program.ts'
export { EXIT, BadInput, processIo, type Io } from './io.ts'
export { summarize, type SummaryJson } from './summary.ts'
export { describeRun } from './human.ts'
export { evaluate, type ExpectationOutcome } from './expect.ts'
export { metricNames, metricValue, MetricError } from './metrics.ts'
export { toJUnit, xmlEscape, type JUnitCase, type JUnitSuite } from './junit.ts'
export { toCsv, csvField } from './csv.ts'
export { writeAtomic } from './atomic.ts'
export { savedRun, writeRunFiles, type SavedRun } from './outputs.ts'
export { scenarioFiles } from './commands/check.ts'
