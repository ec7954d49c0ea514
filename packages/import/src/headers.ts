// Columns are found by their header text, never by position: RVTools inserts custom attribute
// columns, old versions say `MB` where 4.1.2+ says `MiB` (the values were MiB all along), and
// case varies between versions (`In Use MiB`, `In use MiB`). See docs/import.md.

/** Folds case, spacing and the MB/MiB rename so that every spelling of one column compares equal. */
export function normalizeHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
    .replace(/\bmb\b/g, 'mib')
}

/**
 * Columns that follow the custom attributes in RVTools' layout: custom attributes and tags sit
 * between `Annotation` and the first of these (any sheet).
 */
const AFTER_ATTRIBUTES = new Set(
  ['Datacenter', 'Cluster', 'Host', 'Folder', 'OS according to the configuration file', 'OS according to the VMware Tools', 'VM ID', 'VM UUID', 'VI SDK Server', 'VI SDK UUID'].map(normalizeHeader),
)

/** The header row of one sheet, with lookups by name. */
export class Headers {
  readonly names: readonly string[]
  private readonly index = new Map<string, number>()
  /** Custom attribute columns: [column index, header as written]. */
  readonly attributes: readonly (readonly [number, string])[]

  constructor(names: readonly string[]) {
    this.names = names
    names.forEach((n, i) => {
      const key = normalizeHeader(n)
      // The first of two equal headers wins; exports do not repeat a fixed column.
      if (key !== '' && !this.index.has(key)) this.index.set(key, i)
    })
    const annotation = this.index.get('annotation')
    const attrs: [number, string][] = []
    if (annotation !== undefined) {
      for (let i = annotation + 1; i < names.length; i++) {
        const key = normalizeHeader(names[i]!)
        if (AFTER_ATTRIBUTES.has(key)) break
        if (key !== '') attrs.push([i, names[i]!.trim()])
      }
    }
    this.attributes = attrs
  }

  /** Column index of the first of `names` present (each compared after normalizeHeader). */
  find(...names: string[]): number | undefined {
    for (const n of names) {
      const i = this.index.get(normalizeHeader(n))
      if (i !== undefined) return i
    }
    return undefined
  }

  /** The header as written in the file at column `i` (for messages). */
  label(i: number): string {
    return this.names[i] ?? `column ${i + 1}`
  }
}
