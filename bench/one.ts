// One measurement in a fresh process (clean peak RSS); prints one JSON line.
//   tsx bench/one.ts fleet VMS DAYS [full|summary]    the generated fleet (bench/fleet.ts)
//   tsx bench/one.ts hourly VMS DAYS [full|summary]   only hourly rate changes (bench/fleet.ts)
//   tsx bench/one.ts bare EVENTS                       the limit: a bare heap loop of EVENTS events
//   tsx bench/one.ts steady VMS DAYS1 DAYS2            hourly rates only: the event loop's
//                                                      marginal rate between two horizons

import { EventHeap } from '../packages/core/src/heap.ts'
import { Engine } from '../packages/core/src/engine.ts'
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
} else if (kind === 'steady') {
  // In one process, JIT-warm, best of five each: the event loop of the hourly-rates scenario
  // over two horizons; the difference is the cost of the extra events alone (the time-0 set-up,
  // a snapshot on every VM, cancels; the rate table is built outside the timing).
  const vms = Number(a)
  const loop = (days: number) => {
    const engine = new Engine(hourlyOnly(vms, days), { log: false, detail: 'summary' })
    const t0 = performance.now()
    const events = engine.run().events
    return { events, seconds: (performance.now() - t0) / 1000 }
  }
  const bestOf = (days: number) => {
    let b = loop(days)
    for (let i = 0; i < 4; i++) {
      const m = loop(days)
      if (m.seconds < b.seconds) b = m
    }
    return b
  }
  const [d1, d2] = [Number(b), Number(detail)]
  bestOf(d1) // warm-up
  const short = bestOf(d1)
  const long = bestOf(d2)
  const events = long.events - short.events
  const seconds = long.seconds - short.seconds
  console.log(JSON.stringify({ kind, vms, days: d2, events, seconds, eventsPerSecond: events / seconds, short, long, peakRssMiB: process.resourceUsage().maxRSS / 1024 }))
} else {
  const model = kind === 'hourly' ? hourlyOnly(Number(a), Number(b)) : fleet(Number(a), Number(b))
  const options = detail === 'summary' ? ({ log: false, detail: 'summary' } as const) : ({ log: false, sampleInterval: 0 } as const)
  const t1 = performance.now()
  let events: number
  let loopSeconds: number | undefined
  if (kind === 'hourly') {
    // the event loop alone, without building the rate table (its cost is per hour of horizon)
    const engine = new Engine(model, options)
    const t2 = performance.now()
    events = engine.run().events
    loopSeconds = (performance.now() - t2) / 1000
  } else events = simulate(model, options).events
  const seconds = (performance.now() - t1) / 1000
  const mem = process.memoryUsage()
  console.log(JSON.stringify({ kind, detail, vms: Number(a), days: Number(b), events, seconds, loopSeconds, eventsPerSecond: events / seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, heapUsedMiB: mem.heapUsed / 2 ** 20 }))
}
