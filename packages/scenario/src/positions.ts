// Key paths to line and column: the yaml library keeps each node's source range; a LineCounter
// turns offsets into 1-based lines and columns.

import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml'

export interface Position {
  readonly line: number
  readonly column: number
}

/**
 * Where `path` is in the document: the value's node if present, the key's node when
 * `atKey` (an unknown key), else the nearest existing ancestor (a missing key is reported
 * at the object that lacks it).
 */
export function positionOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[], atKey = false): Position {
  let node: Node | null = (doc.contents as Node | null) ?? null
  let offset = node?.range?.[0] ?? 0
  for (let i = 0; i < path.length && node; i++) {
    const key = path[i]
    let next: Node | null = null
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key)
      if (pair) {
        const keyNode = isScalar(pair.key) ? pair.key : null
        if (atKey && i === path.length - 1 && keyNode?.range) return at(lines, keyNode.range[0])
        next = (pair.value as Node | null) ?? null
        if (!next && keyNode?.range) offset = keyNode.range[0]
      }
    } else if (isSeq(node) && typeof key === 'number') {
      next = (node.items[key] as Node | undefined) ?? null
    }
    if (!next) break
    node = next
    if (node.range) offset = node.range[0]
  }
  return at(lines, offset)
}

function at(lines: LineCounter, offset: number): Position {
  const p = lines.linePos(offset)
  return { line: p.line, column: p.col }
}
