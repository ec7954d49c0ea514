// The HTML report: self-contained, offline, every user string escaped.

import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatWall, jsonForScript, renderReport, renderReportHtml, wallClock } from './index.ts'
import { ctx, fillingResult, overlapResult, reportData } from './fixtures.test-helpers.ts'

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
    expect(outside).toContain('Line with &#60;b&#62;markup&#60;/b&#62; &#38; an ampersand.')
    // the ids travel as data, which the page sets as text (textContent) or vega draws as text
    expect(JSON.stringify(reportData(html).table.vms)).toContain(HOSTILE_VM)
    // only our own elements: seven scripts (vega's and vega-embed's bundles, the report's
    // expression evaluator (expressions.ts), the packed data in three parts — charts, backup
    // table, log — and the page script)
    expect(html.match(/<script\b/g)).toHaveLength(7)
  })

  it('embeds the specs packed (gzip, base64) in a JSON string that cannot end its script element', () => {
    const m = /<script type="application\/json" id="snapsim-data">([\s\S]*?)<\/script>/.exec(html)
    expect(m).not.toBeNull()
    expect(m![1]!).toMatch(/^"[A-Za-z0-9+/=]+"$/)
    const data = reportData(html)
    expect(data.order).toEqual(['use', 'backups', 'deltas', 'states'])
    expect(Object.keys(data.specs)).toEqual(['use', 'deltas', 'backups', 'states'])
    expect(JSON.stringify(data.specs)).toContain(HOSTILE_VM)
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
    const order = ['id="summary"', 'id="figures"', 'id="chart-use"', 'id="chart-backups"', 'id="chart-deltas"', 'id="chart-states"', 'id="backups"', 'id="log"', 'id="snapsim-data"'].map((s) =>
      html.indexOf(s),
    )
    expect(order.every((i) => i > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(html).toContain('vegaEmbed(')
  })

  it('carries every backup task and every event for the virtual tables, filterable by text and type', () => {
    const r = overlapResult(HOSTILE_VM, HOSTILE_JOB)
    const { table, log, zone } = reportData(html)
    expect(table.cols.job).toHaveLength(r.backups.length)
    expect([...table.cols.run].sort()).toEqual(r.backups.map((b) => b.run + 1).sort())
    // times as wall-clock minutes: they read as the static table's texts (formatWall)
    const clock = wallClock(ctx.startEpochMs, ctx.timezone)
    const minute = (m: number) => formatWall((table.base + m) * 60_000)
    const rowOf = new Map<string, number>()
    table.cols.job.forEach((_: number, i: number) => rowOf.set(`${table.jobs[table.cols.job[i]]}|${table.vms[table.cols.vm[i]]}|${table.cols.run[i]}`, i))
    expect(rowOf.size).toBe(r.backups.length)
    r.backups.forEach((b) => {
      const i = rowOf.get(`${b.job}|${b.vm}|${b.run + 1}`)!
      expect(minute(table.cols.fired[i])).toBe(formatWall(clock(b.firedAt)))
      expect(b.start === null ? null : minute(table.cols.fired[i] + table.cols.wait[i])).toBe(b.start === null ? null : formatWall(clock(b.start)))
      const end = b.end === null ? null : minute(table.cols.fired[i] + table.cols.wait[i] + table.cols.span[i])
      expect(end).toBe(b.end === null ? null : formatWall(clock(b.end)))
      expect(formatDuration(table.cols.dur[i])).toBe(formatDuration((b.end ?? r.horizon) - b.start!))
      expect(formatBytes(table.cols.toRead[i] - table.cols.unread[i])).toBe(formatBytes(b.bytesRead))
    })
    expect(log.t).toHaveLength(r.log.length)
    expect(log.total).toBe(r.log.length)
    // Berlin in January: wall clock = UTC + 1 h all along
    expect(zone).toEqual([[0, ctx.startEpochMs + 3600_000]])
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
