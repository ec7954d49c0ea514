// VMs stopped over time against hand-built state intervals and against a count at every instant.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Result, StateInterval } from '@snapsim/core'
import { stoppedOverTime } from './stopped.ts'

const vm = (id: string, states: StateInterval[]) => ({ id, datastore: 'ds', states, downtime: 0, firstStopAt: null, finalState: states[states.length - 1]!.state })
const resultOf = (vms: ReturnType<typeof vm>[], horizon = 100) => ({ horizon, vms }) as unknown as Result

describe('stoppedOverTime', () => {
  it('counts paused and crashed VMs, one point per change, to the horizon', () => {
    const r = resultOf([
      vm('a', [{ state: 'running', from: 0, to: 10 }, { state: 'paused', from: 10, to: 30 }, { state: 'running', from: 30, to: 100 }]),
      vm('b', [{ state: 'running', from: 0, to: 20 }, { state: 'paused', from: 20, to: 30 }, { state: 'crashed', from: 30, to: 100 }]),
      vm('c', [{ state: 'paused', from: 0, to: 5 }, { state: 'running', from: 5, to: 100 }]),
    ])
    // c stopped 0-5; a 10-30; b 20-100 (paused, then crashed at 30: no change of the count)
    expect(stoppedOverTime(r)).toEqual({ t: [0, 5, 10, 20, 30, 100], n: [1, 0, 1, 2, 1, 1] })
  })

  it('equals the count of stopped VMs at every instant (fast-check, fixed seed)', () => {
    const intervals = fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 })
    fc.assert(
      fc.property(intervals, (specs) => {
        // each VM: consecutive intervals of the given lengths (0 allowed), stopped or running, over 0..horizon
        const vms = specs.map((parts, i) => {
          let at = 0
          const states: StateInterval[] = parts.map(([len, stopped]) => {
            const s: StateInterval = { state: stopped ? 'paused' : 'running', from: at, to: at + len }
            at += len
            return s
          })
          return { vm: vm(`v${i}`, states), end: at }
        })
        const horizon = Math.max(1, ...vms.map((v) => v.end))
        for (const v of vms) (v.vm.states as StateInterval[]).push({ state: 'running', from: v.end, to: horizon })
        const s = stoppedOverTime(resultOf(vms.map((v) => v.vm), horizon))
        for (let x = 0; x < horizon; x++) {
          const want = vms.filter((v) => v.vm.states.some((st) => st.state !== 'running' && st.from <= x && x < st.to)).length
          let k = 0
          while (k + 1 < s.t.length && s.t[k + 1]! <= x) k++
          expect(s.n[k], `at ${x}`).toBe(want)
        }
      }),
      { seed: 14, numRuns: 300 },
    )
  })
})
