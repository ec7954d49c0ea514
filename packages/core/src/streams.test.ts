import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { FailureStreams } from './streams.ts'

describe('failure streams', () => {
  it('draw for draw what seedrandom.alea gives for the same name', () => {
    const names = ['web-1', 'db', 'vm0', '', 'ü/ß 42']
    const streams = new FailureStreams('7/failure/nightly', names)
    const refs = names.map((n) => seedrandom.alea(`7/failure/nightly/${n}`))
    // interleaved, as tasks of different VMs draw
    for (let k = 0; k < 2000; k++) {
      const i = (k * 7) % names.length
      expect(streams.next(i)).toBe(refs[i]!())
    }
  })

  it('keeps streams independent: drawing from one does not move another', () => {
    const a = new FailureStreams('1/failure/j', ['x', 'y'])
    const b = new FailureStreams('1/failure/j', ['x', 'y'])
    for (let k = 0; k < 10; k++) a.next(0)
    expect(a.next(1)).toBe(b.next(1))
  })
})
