// A vega view's scene as plain data, for tests that compare two views drawn two ways (the
// report's expression evaluator against vega's code generator, expressions.test.ts; the
// what-if's changeset redraw against a fresh view, whatif/redraw.test.ts).
import type * as vega from 'vega'

// Without back references, caches and the renderer's own fields; also a legend's `_bounds`,
// its bounds in the frame before (vega's legend layout keeps them to mark the old place dirty),
// which a view drawn twice has and a fresh one has not.
const SKIP = new Set(['datum', 'mark', 'group', 'bounds', 'context', 'source', 'exit', 'dirty', '_svg', '_tx', '_ty', '_bounds'])

/**
 * The scene below `node`: numbers that are not finite as text, dates as their time. An axis's
 * ticks, grid lines and labels and a legend's entries are compared as sets: vega appends an
 * entering tick after those that stay (a domain from 0.35 to 0.3: the tick at 0.3 comes last),
 * so a view drawn again lists them in another order than a fresh one, drawn alike. The marks of
 * the data keep their order (it is the drawing order, and a line's path).
 */
export function scene(node: unknown): unknown {
  if (node === null || typeof node !== 'object') return typeof node === 'number' && !Number.isFinite(node) ? String(node) : node
  if (node instanceof Date) return `date ${node.getTime()}`
  if (Array.isArray(node)) return node.map(scene)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) if (!SKIP.has(k) && typeof v !== 'function') out[k] = scene(v)
  const role = (node as { role?: unknown }).role
  if (typeof role === 'string' && /^(axis|legend)-/.test(role) && Array.isArray(out.items)) out.items = out.items.map((i) => [JSON.stringify(i), i] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, i]) => i)
  return out
}

/** The whole scene of a view. */
export const sceneOf = (v: vega.View): unknown => scene((v.scenegraph() as unknown as { root: unknown }).root)
