// Failure draws: one Alea stream per (job, VM), named `${seed}/failure/${job}/${vm}`, so that
// adding a VM never changes another VM's draws (common random numbers, docs/model.md).
//
// seedrandom seeds each stream (its Mash hash of the name); the generator's state — four numbers
// — then lives in one Float64Array per job rather than in a closure object per stream. A fleet
// of 10,000 VMs has 20,000 streams touched in no particular order; packed, their states stay in
// cache (seedrandom's objects cost a cache miss per draw: measured in docs/performance.md).
// The step is seedrandom's Alea (Johannes Baagøe's algorithm), checked draw for draw against
// seedrandom.alea in streams.test.ts.

import seedrandom from 'seedrandom'

interface AleaState {
  c: number
  s0: number
  s1: number
  s2: number
}

/** Streams for the members of one job, created on first use. */
export class FailureStreams {
  /** c, s0, s1, s2 per member. */
  private readonly state: Float64Array
  private readonly seeded: Uint8Array

  constructor(
    private readonly prefix: string,
    private readonly names: readonly string[],
  ) {
    this.state = new Float64Array(names.length * 4)
    this.seeded = new Uint8Array(names.length)
  }

  /** The next uniform draw in [0, 1) of member i's stream: `${prefix}/${names[i]}`. */
  next(i: number): number {
    const s = this.state
    const k = i * 4
    if (this.seeded[i] === 0) {
      const first = (seedrandom.alea(`${this.prefix}/${this.names[i]}`, { state: true }) as unknown as { state(): AleaState }).state()
      s[k] = first.c
      s[k + 1] = first.s0
      s[k + 2] = first.s1
      s[k + 3] = first.s2
      this.seeded[i] = 1
    }
    const t = 2091639 * s[k + 1]! + s[k]! * 2.3283064365386963e-10 // 2^-32
    s[k + 1] = s[k + 2]!
    s[k + 2] = s[k + 3]!
    const c = t | 0
    s[k] = c
    return (s[k + 3] = t - c)
  }
}
