// @snapsim/results: the schemas of the files snapsim writes and reads back, shared by the CLI
// (merge, report, compare, the output folder's manifest, the what-if panel's whatif.json) and explain (a run's result read back).

export { outputSchemas, SAVED_RUN_VERSION, WHATIF_SHORT, type OutputSchemas } from './schemas.ts'
