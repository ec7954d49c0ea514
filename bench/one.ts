// One measurement in a fresh process (clean peak RSS): `tsx bench/one.ts fleet VMS DAYS [full|summary]`,
// `tsx bench/one.ts hourly VMS DAYS`, `tsx bench/one.ts bare EVENTS`. Prints one JSON line.

import { EventHeap } from '../packages/core/src/heap.ts'
import { simulate } from '../packages/core/src/index.ts'
import { fleet, hourlyOnly } from './fleet.ts'

/** The limit: a typed-array heap popping one event and pushing the next, nothing else. */
export function bareLoop(events: number): number {
  const heap = new EventHeap(1024)
  const lanes = 1000
  for (let i = 0; i < lanes; i++) heap.push(i, 0, i, 0)
  let n = 0
  let t = 0
  while (n < events && heap.pop()) {
    t = heap.popTime
    heap.push(t + 3600, heap.popKind, heap.popA, heap.popB + 1)
    n++
  }
  return n
}

const [kind = 'fleet', a = '100', b = '30', detail = 'full'] = process.argv.slice(2)
const t0 = performance.now()
let events = 0
if (kind === 'bare') events = bareLoop(Number(a))
else {
  const model = kind === 'hourly' ? hourlyOnly(Number(a), Number(b)) : fleet(Number(a), Number(b))
  const t1 = performance.now()
  events = simulate(model, detail === 'summary' ? { log: false, detail: 'summary' } : { log: false, sampleInterval: 0 }).events
  const seconds = (performance.now() - t1) / 1000
  const mem = process.memoryUsage()
  console.log(JSON.stringify({ kind, detail, vms: Number(a), days: Number(b), events, seconds, eventsPerSecond: events / seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, heapUsedMiB: mem.heapUsed / 2 ** 20 }))
  process.exit(0)
}
const seconds = (performance.now() - t0) / 1000
console.log(JSON.stringify({ kind, events, seconds, eventsPerSecond: events / seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 }))
