// The HTML report: self-contained, offline, every user string escaped.

import { describe, expect, it } from 'vitest'
import { jsonForScript, renderReport, renderReportHtml } from './index.ts'
import { ctx, fillingResult, overlapResult } from './fixtures.test-helpers.ts'

const HOSTILE_TITLE = '<script>alert(1)</script>'
const HOSTILE_VM = '<img src=x onerror=alert(2)>'
const HOSTILE_JOB = '"><script>alert(3)</script>'

const input = (extra: object = {}) => ({
  title: HOSTILE_TITLE,
  result: overlapResult(HOSTILE_VM, HOSTILE_JOB),
  context: ctx,
  summaryLines: ['The datastore never filled.', 'Line with <b>markup</b> & an ampersand.'],
  source: 'scenarios/<evil>.yaml',
  ...extra,
})

/** Text outside <script> elements (the inlined bundles legitimately contain "<script" strings). */
const outsideScripts = (html: string) => html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '<script></script>')

describe('renderReport (interactive)', () => {
  const html = renderReportHtml(input())

  it('shows a hostile scenario name as text', () => {
    expect(html).not.toContain(HOSTILE_TITLE)
    expect(html).toContain('<title>snapsim report: &#60;script&#62;alert(1)&#60;/script&#62;</title>')
    expect(html).toContain('<h1>snapsim report: &#60;script&#62;alert(1)&#60;/script&#62;</h1>')
    expect(html).toContain('scenarios/&#60;evil&#62;.yaml')
  })

  it('escapes ids and summary lines everywhere outside scripts', () => {
    const outside = outsideScripts(html)
    expect(outside).not.toContain('<img')
    expect(outside).not.toContain('alert(3)</script>')
    expect(outside).toContain('&#60;img src=x onerror=alert(2)&#62;')
    expect(outside).toContain('&#34;&#62;&#60;script&#62;alert(3)&#60;/script&#62;')
    expect(outside).toContain('Line with &#60;b&#62;markup&#60;/b&#62; &#38; an ampersand.')
    // only our own elements: six scripts (3 bundles, the specs, the embed and the filter script)
    expect(html.match(/<script\b/g)).toHaveLength(6)
  })

  it('embeds the specs as JSON that cannot end its script element', () => {
    const m = /<script type="application\/json" id="snapsim-specs">([\s\S]*?)<\/script>/.exec(html)
    expect(m).not.toBeNull()
    const json = m![1]!
    expect(json).not.toContain('<')
    const specs = JSON.parse(json)
    expect(Object.keys(specs)).toEqual(['use', 'backups', 'deltas', 'states'])
    expect(JSON.stringify(specs)).toContain(HOSTILE_VM)
    expect(jsonForScript({ a: '</script><!--' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--"}')
  })

  it('is offline: no external script, stylesheet, image or frame, and a CSP that forbids fetching', () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i)
    const outside = outsideScripts(html)
    expect(outside).not.toMatch(/<link\b/i)
    expect(outside).not.toMatch(/<(img|iframe|object|embed|base)\b/i)
    expect(outside).not.toMatch(/<[a-z][^>]*\s(src|href)=/i)
    expect(outsideScripts(html)).not.toMatch(/https?:\/\//)
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`)
    expect(html).not.toMatch(/sourceMappingURL/)
  })

  it('has the summary first, then figures, charts, backup table and event log', () => {
    const order = ['id="summary"', 'id="figures"', 'id="chart-use"', 'id="chart-backups"', 'id="chart-deltas"', 'id="chart-states"', 'id="backups"', 'id="log"'].map((s) =>
      html.indexOf(s),
    )
    expect(order.every((i) => i > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(html).toContain('vegaEmbed(')
  })

  it('lists every backup task and every event, filterable by text and type', () => {
    const r = overlapResult(HOSTILE_VM, HOSTILE_JOB)
    const table = /<table id="backups">[\s\S]*?<\/table>/.exec(html)![0]
    expect(table.match(/<tr/g)).toHaveLength(r.backups.length + 1)
    const log = /<table id="log">[\s\S]*?<\/table>/.exec(html)![0]
    expect(log.match(/<tr data-type=/g)).toHaveLength(r.log.length)
    expect(html).toContain('<input id="log-filter"')
    const types = new Set(r.log.map((e) => e.type))
    for (const t of types) expect(html).toContain(`<option value="${t}">`)
  })
})

describe('renderReport (static)', () => {
  it('inlines SVG charts and no chart library', async () => {
    const html = await renderReport({ ...input(), result: fillingResult(), static: true })
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(4)
    expect(html).not.toContain('vegaEmbed(')
    expect(html.match(/<script\b/g)).toHaveLength(1) // the log filter only
    expect(html).toContain('full: Mon 15 Jan 11:00')
    expect(outsideScripts(html)).not.toContain(HOSTILE_TITLE)
  })
})
