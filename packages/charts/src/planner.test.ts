// The planner's tables: values laid out as worked out by hand, every value escaped (also a text
// where a tampered result file put it instead of a number), and the report's hook.

import { describe, expect, it } from 'vitest'
import { plannerDatastoresTable, plannerJobsTable, renderReportHtml, type PlannerDatastore, type PlannerJob } from './index.ts'
import { ctx, overlapResult } from './fixtures.test-helpers.ts'

const job: PlannerJob = {
  id: 'incremental',
  runs: 77,
  runsUnfinished: 1,
  runDurationSeconds: { median: 3 * 3600 + 6 * 60, p95: 3 * 3600 + 6 * 60, max: 3 * 3600 + 7 * 60 },
  runDurationTrendPerWeek: -1,
  windowSeconds: 8 * 3600,
  windowLocal: false,
  headroomSeconds: { min: -12 * 60, median: 4 * 3600 + 54 * 60 },
  tasksMissedWindow: 3,
  missedWindowDays: 2,
  backlogMax: 4,
  firesWithBacklog: 1,
}

const datastore: PlannerDatastore = {
  id: 'ds-db',
  capacityBytes: 8370 * 2 ** 30,
  minFreeBytes: 25.5 * 2 ** 30,
  minFreeAt: 7 * 86400,
  peakDeltasBytes: 144 * 2 ** 30,
  peakDeltasAt: 7 * 86400,
  timeAboveAlarms: [
    { name: 'warning', level: 0.99, seconds: 5 * 3600 + 13 * 60 },
    { name: 'alert', level: 0.995, seconds: 19 * 60 },
    { name: 'act', level: 0.9999, seconds: 0 },
  ],
}

/** The cells of the table's body, as text. */
const cells = (html: string) => [...html.matchAll(/<t[hd](?: scope="row")?>([^<]*)<\/t[hd]>/g)].map((m) => m[1])

describe('the planner tables', () => {
  it('a job: runs, durations, a trend, the window, headroom (an overrun negative), missed tasks, backlog', () => {
    expect(cells(plannerJobsTable([job]))).toEqual([
      'incremental',
      '77 (1 unfinished)',
      '3 h 06 min',
      '3 h 06 min',
      '3 h 07 min',
      '−1 s per week',
      '8 h 00 min',
      '−12 min',
      '4 h 54 min',
      '3 on 2 days',
      '4 (1 fire with a backlog)',
    ])
  })

  it('a datastore: least free space and the deltas\' peak with their times, the alarm levels it was above', () => {
    // the start is 2024-01-15 00:00 UTC, 01:00 in Berlin (ctx): day 7 is 2024-01-22 01:00 local
    expect(cells(plannerDatastoresTable([datastore], ctx))).toEqual(['ds-db', '25.5 GiB at 2024-01-22 01:00', '144 GiB at 2024-01-22 01:00', 'warning (8.09 TiB): 5 h 13 min; alert (8.13 TiB): 19 min'])
    expect(cells(plannerDatastoresTable([{ ...datastore, peakDeltasBytes: 0, timeAboveAlarms: [] }], ctx)).slice(2)).toEqual(['no deltas', 'never above an alarm level'])
  })

  it('escapes every value, also text where a number should be', () => {
    const evil = '<img src=x onerror=alert(1)>'
    const html =
      plannerJobsTable([{ ...job, id: evil, runs: evil as unknown as number, windowLocal: true }]) +
      plannerDatastoresTable([{ ...datastore, id: evil, timeAboveAlarms: [{ name: evil, level: 0.99, seconds: 60 }] }], ctx)
    expect(html).not.toContain('<img')
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;')
  })

  it('the report shows them after the key figures when given, and not otherwise', () => {
    const input = { title: 't', result: overlapResult('a', 'j'), context: ctx, summaryLines: [] }
    const html = renderReportHtml({ ...input, planner: { jobs: [job], datastores: [datastore] } })
    expect(html.indexOf('id="planner"')).toBeGreaterThan(html.indexOf('id="figures"'))
    expect(html).toContain('<table id="planner-jobs"')
    expect(renderReportHtml(input)).not.toContain('id="planner"')
  })
})
