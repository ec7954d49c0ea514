// One look for every chart: the font resvg is given (DejaVu Sans, shipped by dejavu-fonts-ttf),
// and fixed colours per meaning so a colour means the same thing in every chart.

import type { BackupOutcome, VmState } from '@snapsim/core'
import type { Config } from 'vega-lite'

/** The font family named in every spec and loaded into resvg for PNGs. */
export const FONT_FAMILY = 'DejaVu Sans'

export const colors = {
  base: '#9ecae1', // base disks and other data
  deltas: '#e6550d', // snapshot deltas
  used: '#08519c', // the used line
  capacity: '#a50f15',
  alarm: '#fd8d3c',
  full: '#cb181d',
  window: '#bdbdbd',
  other: '#969696',
  orphan: '#54278f',
} as const

export const outcomeColors: Readonly<Record<BackupOutcome, string>> = {
  success: '#31a354',
  failed: '#de2d26',
  cancelled: '#756bb1',
  skipped: '#969696',
  'snapshot-failed': '#e377c2',
  unfinished: '#fd8d3c',
}

export const stateColors: Readonly<Record<VmState, string>> = {
  running: '#a1d99b',
  paused: '#fd8d3c',
  crashed: '#cb181d',
}

/** The vega-lite config every spec carries. */
export const chartConfig: Config = {
  font: FONT_FAMILY,
  background: 'white',
  view: { stroke: null },
  title: { fontSize: 15, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e5e5e5' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
}

/**
 * Axis label formats for wall-clock times plotted on a UTC scale: a multi-format by time unit, so
 * day ticks read "Tue 05 Mar" and hour ticks "22:00" (24-hour clock, no AM/PM). A tick on the
 * first of a month (or year) is a day tick like the others ("Sun 01 Feb", not "Feb 2026" among
 * "Sun 08 Feb"): vega picks a format by the tick's own precision, so the coarser units share the
 * day's format.
 */
export const timeAxisFormat = {
  year: '%a %d %b',
  quarter: '%a %d %b',
  month: '%a %d %b',
  week: '%a %d %b',
  date: '%a %d %b',
  hours: '%H:%M',
  minutes: '%H:%M',
  seconds: '%H:%M:%S',
  milliseconds: '%H:%M:%S.%L',
} as const

/**
 * Mark properties of the layers that draw the data itself (areas, lines, task bars: hundreds to
 * tens of thousands of items). No ARIA per item: vega-lite otherwise writes a description for
 * every point ("x: …; used: …", a time and a number formatted per item, each time the chart is
 * built), which cost about a third of the BSI growth report's chart building in Node
 * (`aria: false` in https://vega.github.io/vega-lite/docs/mark.html). The report's chart element
 * is one image for assistive technology (role="img" with the chart's title as its label, and the
 * tables below hold every value), so the per-item labels were never read; the rules and labels of
 * events (full, first alarm, first overlap) keep theirs.
 */
export const DATA_MARK = { aria: false } as const
