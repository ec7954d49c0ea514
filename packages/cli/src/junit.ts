// JUnit XML for CI servers: one testsuite per scenario file, one testcase per expectation.

export interface JUnitCase {
  readonly name: string
  readonly failure?: string
  readonly error?: string
}

export interface JUnitSuite {
  readonly name: string
  readonly timeSeconds: number
  readonly cases: readonly JUnitCase[]
}

export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
}

export function toJUnit(suites: readonly JUnitSuite[]): string {
  const count = (f: (c: JUnitCase) => boolean) => suites.reduce((n, s) => n + s.cases.filter(f).length, 0)
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="snapsim check" tests="${count(() => true)}" failures="${count((c) => c.failure !== undefined)}" errors="${count((c) => c.error !== undefined)}">`,
  ]
  for (const s of suites) {
    const failures = s.cases.filter((c) => c.failure !== undefined).length
    const errors = s.cases.filter((c) => c.error !== undefined).length
    lines.push(`  <testsuite name="${xmlEscape(s.name)}" tests="${s.cases.length}" failures="${failures}" errors="${errors}" time="${s.timeSeconds.toFixed(3)}">`)
    for (const c of s.cases) {
      const open = `    <testcase classname="${xmlEscape(s.name)}" name="${xmlEscape(c.name)}"`
      if (c.failure !== undefined) lines.push(`${open}>`, `      <failure message="${xmlEscape(c.failure)}"/>`, '    </testcase>')
      else if (c.error !== undefined) lines.push(`${open}>`, `      <error message="${xmlEscape(c.error)}"/>`, '    </testcase>')
      else lines.push(`${open}/>`)
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}
