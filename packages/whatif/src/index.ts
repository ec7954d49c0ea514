// @snapsim/whatif: the report's live what-if panel — controls mapped to `--set` flags, the run
// simulated again in a Web Worker by the engine bundled at report time.

export { controlsFor, niceStep, settingsOf, simpleCron, type Control, type ControlValues, type SelectControl, type SliderControl } from './controls.ts'
export { commandLine, readSetArguments, setArgument, setArguments, shellWord, valueText, type RunIdentity } from './flags.ts'
export { stoppedOverTime, type StepSeries } from './stopped.ts'
export { keyFiguresOf, type DatastoreFigures, type KeyFigures } from './figures.ts'
export { figureTexts, loadWith, runArgs, settingsFor, whatIf, type RunsOut, type SeriesOut, type WhatIfOut, type WhatIfSetup, type WhatIfSource } from './engine.ts'
export { workerBundle } from './bundle.ts'
export { MAX_OWNERS, vmDays, whatIfPanel, type ReportPanel, type WhatIfRun } from './panel.ts'
export { PLOT_WIDTH, deltasSpec, runsSpec, stoppedSpec, useData, useSpec } from './specs.ts'
