// The worker entry piscina loads. In a worker thread, tsx only hooks require(): piscina would
// load the TypeScript as CommonJS, whose imported functions are getters — a quarter slower on
// the engine's hot path (docs/performance.md). So this JavaScript entry registers tsx's ESM
// loader for the thread and imports the worker as ESM (native bindings). It cannot be
// require()d (top-level await), so piscina imports it.
import { register } from 'tsx/esm/api'

register()
const worker = await import('./replication-worker.ts')
export default worker.default
