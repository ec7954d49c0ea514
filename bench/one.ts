// One measurement in a fresh process (clean peak RSS); prints one JSON line.
//   tsx bench/one.ts fleet VMS DAYS [full|summary]    the generated fleet (bench/fleet.ts)
//   tsx bench/one.ts hourly VMS DAYS [full|summary]   only hourly rate changes (bench/fleet.ts)
//   tsx bench/one.ts bare EVENTS                       the limit: a bare heap loop of EVENTS events

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

const [kind = 'fleet', a = '100', b = '30', detail = 'summary'] = process.argv.slice(2)
if (kind === 'bare') {
  // A few thousand events take microseconds: repeat the loop (each time a fresh heap of the
  // same size) until it has run for a while, and report the rate of the fastest repetition.
  const events = Number(a)
  const reps = Math.max(3, Math.ceil(2e6 / events))
  bareLoop(Math.min(events, 1e5)) // JIT warm-up
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now()
    bareLoop(events)
    best = Math.min(best, (performance.now() - t0) / 1000)
  }
  console.log(JSON.stringify({ kind, events, seconds: best, eventsPerSecond: events / best, repetitions: reps, peakRssMiB: process.resourceUsage().maxRSS / 1024 }))
} else {
  const model = kind === 'hourly' ? hourlyOnly(Number(a), Number(b)) : fleet(Number(a), Number(b))
  const t1 = performance.now()
  const events = simulate(model, detail === 'summary' ? { log: false, detail: 'summary' } : { log: false, sampleInterval: 0 }).events
  const seconds = (performance.now() - t1) / 1000
  const mem = process.memoryUsage()
  console.log(JSON.stringify({ kind, detail, vms: Number(a), days: Number(b), events, seconds, eventsPerSecond: events / seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, heapUsedMiB: mem.heapUsed / 2 ** 20 }))
}
