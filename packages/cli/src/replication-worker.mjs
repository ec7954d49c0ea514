// The worker entry piscina loads. Piscina tries require() first: on a .ts file tsx would then
// compile the whole engine to CommonJS, whose imported functions are getters — a quarter slower
// on the hot path (measured: docs/performance.md). An .mjs file cannot be required, so piscina
// falls back to import(): tsx's ESM loader, native bindings.
export { default } from './replication-worker.ts'
