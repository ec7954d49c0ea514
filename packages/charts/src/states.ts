// VM states over time: running / paused / crashed intervals per VM.

import type { Result, VmState } from '@snapsim/core'
import { fullLayers, pickVms, timeX, zoomParam } from './common.ts'
import { resolve, type ChartContext } from './context.ts'
import { chartConfig, DATA_MARK, stateColors } from './theme.ts'
import { formatDuration, formatWall } from './time.ts'
import type { Layer, TopLevelSpec } from './vl.ts'

const STATES: readonly VmState[] = ['running', 'paused', 'crashed']

export function vmStatesSpec(result: Result, ctx: ChartContext): TopLevelSpec {
  const r = resolve(ctx)
  const { vms, note } = pickVms(result, r.maxRows)
  const rows = vms.flatMap((v) =>
    v.states.map((s) => {
      const x = r.clock(s.from)
      const x2 = r.clock(s.to)
      return {
        vm: v.id,
        datastore: v.datastore,
        state: s.state,
        x,
        x2,
        fromText: formatWall(x),
        toText: formatWall(x2),
        durationText: formatDuration(s.to - s.from),
        reason: s.reason ?? '',
      }
    }),
  )
  const y = { field: 'vm', type: 'nominal' as const, title: null, sort: vms.map((v) => v.id) }
  const down = result.vms.filter((v) => v.downtime > 0)
  const summary = down.length === 0 ? 'every VM ran throughout' : `${down.length} of ${result.vms.length} VMs stopped at some time`
  const layers: Layer[] = [
    {
      data: { values: rows },
      params: [zoomParam],
      mark: { type: 'bar', height: { band: 0.8 }, ...DATA_MARK },
      encoding: {
        x: timeX('x', [r.clock(0), r.clock(result.horizon)]),
        x2: { field: 'x2' },
        y,
        color: {
          field: 'state',
          type: 'nominal',
          scale: { domain: [...STATES], range: STATES.map((s) => stateColors[s]) },
          legend: { title: 'state', orient: 'top' },
        },
        tooltip: [
          { field: 'vm', title: 'VM' },
          { field: 'datastore', title: 'datastore' },
          { field: 'state', title: 'state' },
          { field: 'fromText', title: 'from' },
          { field: 'toText', title: 'to' },
          { field: 'durationText', title: 'duration' },
          { field: 'reason', title: 'reason' },
        ],
      },
    },
    ...fullLayers(r, result.datastores),
  ]
  return {
    config: chartConfig,
    title: { text: 'VM states', subtitle: note === null ? summary : [summary, note] },
    width: r.width,
    height: { step: 16 },
    layer: layers,
  }
}
