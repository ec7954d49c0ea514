// The generated scenario file: one flow mapping per datastore and VM (a 10,000-VM estate stays
// a readable 10,000-line file), comments that say where each value came from and which values
// are defaults to review, and the overlay's jobs, profiles, policies and expectations copied in.
// Values are already YAML flow text (values.ts); ids and strings are always quoted.

export interface Entry {
  /** key → YAML flow text, in order. */
  readonly fields: readonly (readonly [string, string])[]
  readonly comment: string
}

export interface ScenarioText {
  /** Comment lines at the top (without `# `). */
  readonly header: readonly string[]
  /** Top-level keys: key, YAML text, comment. */
  readonly top: readonly (readonly [string, string, string])[]
  readonly datastores: readonly Entry[]
  readonly vms: readonly Entry[]
  /** profiles, jobs, policies, expect as YAML text (a block under the key). */
  readonly blocks: readonly (readonly [string, string, string])[]
}

/** A comment is one line: newlines and carriage returns from names become spaces. */
const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ')

const entryLine = (e: Entry): string => `  - { ${e.fields.map(([k, v]) => `${k}: ${v}`).join(', ')} }${e.comment === '' ? '' : `  # ${oneLine(e.comment)}`}`

export function writeScenarioText(s: ScenarioText): string {
  const out: string[] = s.header.map((h) => (h === '' ? '#' : `# ${oneLine(h)}`))
  for (const [k, v, c] of s.top) out.push(`${k}: ${v}${c === '' ? '' : `  # ${oneLine(c)}`}`)
  out.push('datastores:')
  for (const d of s.datastores) out.push(entryLine(d))
  out.push('vms:')
  for (const v of s.vms) out.push(entryLine(v))
  for (const [k, text, c] of s.blocks) {
    if (c !== '') out.push(`# ${oneLine(c)}`)
    out.push(`${k}:`)
    for (const line of text.split('\n')) out.push(`  ${line}`)
  }
  return `${out.join('\n')}\n`
}
