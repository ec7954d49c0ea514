// The pure part of the charts package (no Node imports, no vega): wall-clock time, sizes and the
// screen-resolution thinning of a use series, the key figures and the job-run bars. The report's what-if worker (@snapsim/whatif)
// bundles these for the browser, so its figures read exactly as the report's.

export { downsampleSeries, type SeriesColumns } from './downsample.ts'
export { formatDuration, formatWall, wallClock, type WallClock } from './time.ts'
export { formatBytes, unitFor, type SizeUnit } from './units.ts'
export { keyFigures, type KeyFigure } from './figures.ts'
export { jobRunBars, type JobRunBar } from './backups.ts'
