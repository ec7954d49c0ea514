// @snapsim/charts: vega-lite specs from a core Result; SVG and PNG without a browser; a
// self-contained offline HTML report.

export type { ChartContext } from './context.ts'
export { plannerDatastoresTable, plannerJobsTable, plannerSection, type PlannerDatastore, type PlannerFigures, type PlannerJob, type Spread, type TimeAboveLevel } from './planner.ts'
export type { TopLevelSpec } from './vl.ts'

// specs
export { allSpecs, charts, type ChartId, type ChartSpecs } from './specs.ts'
export { datastoreUseChart, datastoreUseSpec, levelRules, screenSeries, type LevelRule } from './use.ts'
export { downsampleIndices, downsampleSeries, firstCrossing, type DownsampleOptions, type SeriesColumns } from './downsample.ts'
export { backupRunsSpec } from './backups.ts'
export { reconstructDeltas, snapshotDeltasSpec, type DeltaPoint } from './deltas.ts'
export { vmStatesSpec } from './states.ts'
export {
  fanSpec,
  formatPercent,
  formatProportion,
  fullByDaySpec,
  quantile,
  riskSpecs,
  sweepCells,
  sweepHeatmapSpec,
  sweepTable,
  timeToFullSpec,
  type RiskSpecs,
  type SweepCell,
  type SweepRow,
} from './risk.ts'

// rendering
export { toVega, vegaSpec } from './compile.ts'
export { fontFiles, toPng, toSvg, type PngOptions } from './render.ts'

// report
export { renderReport, renderReportHtml, type ChartSvgs, type ReportInput } from './report.ts'
export { FLEET_DATASTORES } from './report-data.ts'
export { keyFigures, type KeyFigure } from './figures.ts'
export { writeChartImages, writeFileAtomic, writeReport, type ImageOptions } from './write.ts'

// compare
export { compareUseSpec, renderComparePage, type CompareCurve, type CompareDatastore, type ComparePage } from './compare.ts'

// helpers the CLI may share
export { contentSecurityPolicy, escapeHtml, jsonForScript, scriptHashes } from './html.ts'
export { UNPACK_SCRIPT } from './unpack.ts'
export { formatDuration, formatWall, formatWallShort, wallClock, type WallClock } from './time.ts'
export { formatBytes, unitFor, type SizeUnit } from './units.ts'
export { FONT_FAMILY, chartConfig, colors, outcomeColors, stateColors } from './theme.ts'
export { MARK_COLOR, MARK_PARAM, narrationSection, withMark, type Narration, type NarrationItem } from './narration.ts'
export { riskToldSection, type RiskTold } from './risk-told.ts'
