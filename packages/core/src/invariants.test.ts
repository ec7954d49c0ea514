// Invariants over generated models (fast-check): conservation of bytes, capacity, determinism,
// common random numbers, monotone use between events, consistent state intervals.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { modelArb, multiplierAt, runs } from './generate.test-helpers.ts'
import type { HourGrid, Model } from './model.ts'
import { platforms } from './platform.ts'
import type { AuditView, Result } from './result.ts'
import { simulate } from './simulate.ts'
import { DAY, GiB, MiB } from './testing.test-helpers.ts'

// A fixed seed: CI explores the same models every time (raise numRuns locally to explore more).
fc.configureGlobal({ seed: 20261124 })

const REL = 1e-9
const close = (a: number, b: number) => Math.abs(a - b) <= REL * Math.max(1, Math.abs(a), Math.abs(b))

describe('invariants over generated models', () => {
  it('use never exceeds capacity and equals fixed + disks + deltas at every point', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const r = simulate(m)
        for (const d of r.datastores) {
          const s = d.series
          for (let i = 0; i < s.t.length; i++) {
            expect(s.used[i]!).toBeLessThanOrEqual(d.capacity * (1 + REL))
            expect(close(s.used[i]!, d.fixedUse + s.disks[i]! + s.deltas[i]!)).toBe(true)
          }
        }
      }),
      { numRuns: 150 },
    )
  })

  it('the engine conserves bytes: every delta holds the writes the test tracks itself, sized by S(W)', () => {
    // The test replays each VM's chain from the log (snapshots taken, merges started and ended,
    // the VM's states) and integrates its writes itself — write rate x hourly multiplier x day
    // factor over the running time — so W of every delta, and S(W) = R (1 - exp(-W/R)) rounded up
    // to the grain, come from the model's definition, not from the engine's bookkeeping.
    fc.assert(
      fc.property(modelArb, (m) => {
        const views: AuditView[] = []
        const r = simulate(m, { audit: (v) => views.push(v) })
        const replay = new ChainReplay(m, r.log)
        const dsById = new Map(m.datastores.map((d) => [d.id, d]))
        for (const view of views) {
          const d = dsById.get(view.datastore)!
          const states = replay.at(view.t, view.datastore)
          const written = view.deltas.map((x) => x.written)
          const agrees = (ws: number[]) => ws.length === written.length && ws.every((w, i) => Math.abs(w - written[i]!) <= 1e-9 * Math.max(1, w) + 1e-3)
          expect(states.some(agrees), `${view.datastore} at ${view.t}: engine ${written.join(', ')}, replay ${states.map((s) => s.join(', ')).join(' | ')}`).toBe(true)
          let deltas = 0
          for (const delta of view.deltas) {
            const v = m.vms.find((x) => x.id === delta.vm)!
            const R = v.footprint * v.disk
            const S = R * -Math.expm1(-delta.written / R)
            const g = d.platform.grain
            const low = Math.min(v.disk, S) + d.platform.deltaOverhead
            const high = Math.min(v.disk, S + g) + d.platform.deltaOverhead
            expect(delta.allocated).toBeGreaterThanOrEqual(low * (1 - 1e-9))
            expect(delta.allocated).toBeLessThanOrEqual(high * (1 + 1e-9))
            deltas += delta.allocated
          }
          expect(Math.abs(view.used - (d.fixedUse + view.disks + deltas))).toBeLessThanOrEqual(REL * d.capacity + 1)
        }
      }),
      { numRuns: runs(200, 20_000) },
    )
  }, 600_000)

  it('same model and seed give a deep-equal Result', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        expect(simulate(m)).toEqual(simulate(structuredClone(m)))
      }),
      { numRuns: 50 },
    )
  })

  it('adding an unrelated VM (own datastore, own job) does not change the other VMs’ draws', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const extra: Model = {
          ...m,
          datastores: [...m.datastores, { id: 'other', capacity: 100 * 1024 * GiB, fixedUse: 0, consolidationThroughput: 100 * MiB, platform: platforms.generic! }],
          vms: [...m.vms, { id: 'newcomer', datastore: 'other', disk: 100 * GiB, used: 50 * GiB, provisioning: 'thick', dataGrowth: 0, writeRate: MiB, footprint: 1 }],
          jobs: [...m.jobs, { id: 'newjob', vms: ['newcomer'], fires: [0, 3600], type: 'full', streamThroughput: MiB, overlap: 'start', failure: { ratePerHour: 5, orphanedShare: 0.5 } }],
        }
        const a = simulate(m)
        const b = simulate(extra)
        // snapshot indices are global numbering; everything else must be the same
        const mine = (r: Result) => r.backups.filter((x) => x.job !== 'newjob').map(({ snapshot: _, ...rest }) => rest)
        expect(mine(b)).toEqual(mine(a))
        expect(b.vms.slice(0, m.vms.length)).toEqual(a.vms)
      }),
      { numRuns: 50 },
    )
  })

  it('use only falls when a merge ends, and state intervals tile the horizon', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const r = simulate(m)
        const vmDs = new Map(m.vms.map((v) => [v.id, v.datastore]))
        const frees = new Set(r.log.filter((e) => e.type === 'snapshot-removed').map((e) => `${vmDs.get(e.vm)}@${e.t}`))
        for (const d of r.datastores) {
          const s = d.series
          for (let i = 1; i < s.t.length; i++) {
            expect(s.t[i]!).toBeGreaterThanOrEqual(s.t[i - 1]!)
            if (s.used[i]! < s.used[i - 1]! - REL * d.capacity) expect(frees.has(`${d.id}@${s.t[i]}`)).toBe(true)
          }
        }
        for (const v of r.vms) {
          let t = 0
          let down = 0
          for (const s of v.states) {
            expect(s.from).toBe(t)
            expect(s.to).toBeGreaterThan(s.from)
            if (s.state !== 'running') down += s.to - s.from
            t = s.to
          }
          expect(t).toBe(m.horizon)
          expect(close(v.downtime, down)).toBe(true)
        }
      }),
      { numRuns: 100 },
    )
  })
})

describe('the generator', () => {
  it('reaches the interesting states, so the properties above are not vacuous', () => {
    const seen = { full: 0, paused: 0, crashed: 0, overlapped: 0, failed: 0, orphaned: 0, stacked: 0, merged: 0 }
    for (const m of fc.sample(modelArb, { numRuns: 300, seed: 42 })) {
      const r = simulate(m)
      if (r.datastores.some((d) => d.fullAt !== null)) seen.full++
      if (r.vms.some((v) => v.states.some((s) => s.state === 'paused'))) seen.paused++
      if (r.vms.some((v) => v.finalState === 'crashed')) seen.crashed++
      if (r.backups.some((b) => b.overlapped)) seen.overlapped++
      if (r.backups.some((b) => b.outcome === 'failed')) seen.failed++
      if (r.snapshots.some((s) => s.orphaned)) seen.orphaned++
      if (r.snapshots.some((s) => s.depth > 1)) seen.stacked++
      if (r.snapshots.some((s) => s.removedAt !== null)) seen.merged++
    }
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(3)
  })
})

describe('summary detail', () => {
  it('keeps the same totals, peaks, alarms and VM states as full detail, and the use at the grid', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const full = simulate(m)
        const grid = Array.from({ length: 49 }, (_, i) => (m.horizon * i) / 48)
        const lean = simulate(m, { detail: 'summary', grid })
        const by = (o: string) => full.backups.filter((b) => b.outcome === o).length
        expect(lean.totals).toEqual(full.totals)
        expect(full.totals.backups).toBe(full.backups.length)
        expect(full.totals.backupsByOutcome).toEqual({ success: by('success'), failed: by('failed'), cancelled: by('cancelled'), skipped: by('skipped'), 'snapshot-failed': by('snapshot-failed'), unfinished: by('unfinished') })
        expect(full.totals.backupsOverlapped).toBe(full.backups.filter((b) => b.overlapped).length)
        expect(full.totals.backupsMissedWindow).toBe(full.backups.filter((b) => b.missedWindow).length)
        expect(full.totals.snapshotsOrphaned).toBe(full.snapshots.filter((s) => s.orphaned).length)
        expect(full.totals.maxChainDepth).toBe(Math.max(0, ...full.snapshots.map((s) => s.depth)))
        expect(lean.vms).toEqual(full.vms)
        expect(lean.backups).toEqual([])
        for (const [k, d] of lean.datastores.entries()) {
          const f = full.datastores[k]!
          // the peak before a merge is, in summary detail, the use after it plus what it freed:
          // equal up to rounding
          expect(Math.abs(d.peakUsed - f.peakUsed)).toBeLessThanOrEqual(1e-12 * f.peakUsed)
          expect([d.fullAt, d.alarms]).toEqual([f.fullAt, f.alarms])
          // Summary detail evaluates the use at fewer instants: its peak time is the first one it
          // evaluated at the peak — never before full detail's, and where full detail's use is at
          // the peak too (to rounding: a saturated delta creeps up by less than that).
          expect(d.peakUsedAt).toBeGreaterThanOrEqual(f.peakUsedAt)
          // (the full series' points from the last one before that time to the first after it:
          // use is monotone in between, and an event has a point before and one after)
          const s = f.series
          let near = Number.NEGATIVE_INFINITY
          let before = 0
          for (let i = 0; i < s.t.length; i++) if (s.t[i]! < d.peakUsedAt) before = i
          for (let i = before; i < s.t.length && (i === before || s.t[i - 1]! <= d.peakUsedAt); i++) near = Math.max(near, s.used[i]!)
          expect(near).toBeGreaterThanOrEqual(f.peakUsed * (1 - 1e-9))
          expect(d.series.t).toEqual(grid)
          // between two points of the full series nothing happens, so use is monotone there:
          // the grid value lies within the points from the last one before it to the first one
          // after it (an event at the grid time itself, a snapshot's metadata say, may move the
          // use there: the grid may take it before or after)
          d.series.t.forEach((g, i) => {
            const s = f.series
            let lo = Number.POSITIVE_INFINITY
            let hi = Number.NEGATIVE_INFINITY
            let j = 0
            while (j + 1 < s.t.length && s.t[j + 1]! < g) j++
            for (let k = j; k < s.t.length && (k === j || s.t[k - 1]! <= g); k++) {
              lo = Math.min(lo, s.used[k]!)
              hi = Math.max(hi, s.used[k]!)
            }
            const v = d.series.used[i]!
            expect(v).toBeGreaterThanOrEqual(lo * (1 - 1e-9))
            expect(v).toBeLessThanOrEqual(hi * (1 + 1e-9))
          })
        }
      }),
      { numRuns: 60 },
    )
  })
})

/**
 * Each VM's snapshot chain replayed from the log, with the writes into each delta integrated
 * here: the independent side of the conservation property.
 */
class ChainReplay {
  private readonly chains = new Map<string, { snap: number; w: number; active: boolean }[]>()
  private readonly running = new Map<string, boolean>()
  private t = 0
  private next = 0
  private readonly starts: readonly number[]
  private readonly grid: HourGrid
  private readonly day: number[]
  /** How many of each VM's snapshots found at time 0 the log has created so far. */
  private readonly found = new Map<string, number>()

  constructor(
    private readonly m: Model,
    private readonly log: Result['log'],
  ) {
    for (const v of m.vms) {
      this.chains.set(v.id, [])
      this.running.set(v.id, true)
    }
    const grid = m.hours ?? { starts: Array.from({ length: Math.ceil(m.horizon / 3600) }, (_, k) => k * 3600), hourOfDay: Array.from({ length: Math.ceil(m.horizon / 3600) }, (_, k) => k % 24) }
    this.starts = grid.starts
    this.grid = grid
    this.day = []
    let day = 0
    grid.hourOfDay.forEach((h, k) => this.day.push(k > 0 && h === 0 ? ++day : day))
  }

  /** Bytes the VM writes while running from a to b (rate x multiplier x day factor). */
  private writes(vmId: string, a: number, b: number): number {
    const v = this.m.vms.find((x) => x.id === vmId)!
    let sum = 0
    for (let k = 0; k < this.starts.length; k++) {
      const s = this.starts[k]!
      const e = k + 1 < this.starts.length ? this.starts[k + 1]! : Number.POSITIVE_INFINITY
      const lo = Math.max(a, s)
      const hi = Math.min(b, e)
      if (hi <= lo) continue
      const mult = v.profile === undefined ? 1 : multiplierAt(this.m.profiles![v.profile]!, this.grid, k)
      const factor = v.dayFactors?.[this.day[k]!] ?? 1
      // a growing write rate: the integral of e^(g t) over [lo, hi], e^(g lo) (e^(g (hi - lo)) - 1) / g
      // (expm1: the difference of two exponentials would cancel over short intervals)
      const g = v.relativeWriteGrowth ?? 0
      sum += v.writeRate * mult * factor * (g === 0 ? hi - lo : (Math.exp(g * lo) * Math.expm1(g * (hi - lo))) / g)
    }
    return sum
  }

  private advance(t: number): void {
    if (t <= this.t) return
    for (const [id, chain] of this.chains) {
      const active = chain.find((d) => d.active)
      if (active && this.running.get(id)) active.w += this.writes(id, this.t, t)
    }
    this.t = t
  }

  private apply(e: Result['log'][number]): void {
    if (e.type === 'vm-state') this.running.set(e.vm, e.state === 'running')
    else if (e.type === 'snapshot-create') {
      const chain = this.chains.get(e.vm)!
      for (const d of chain) d.active = false
      chain.push({ snap: e.snapshot, w: this.foundWrites(e.vm), active: true })
    } else if (e.type === 'snapshot-merge-start') {
      const chain = this.chains.get(e.vm)!
      const i = chain.findIndex((d) => d.snap === e.snapshot)
      if (chain[i]!.active) {
        chain[i]!.active = false
        if (i > 0) chain[i - 1]!.active = true
      }
    } else if (e.type === 'snapshot-removed') {
      const chain = this.chains.get(e.vm)!
      const i = chain.findIndex((d) => d.snap === e.snapshot)
      if (i > 0) chain[i - 1]!.w += chain[i]!.w
      chain.splice(i, 1)
    }
  }

  /**
   * A snapshot found at time 0 (docs/model.md): its data, the size found less the metadata in
   * whole grains, is explained by W = -R ln(1 - data/R) bytes written. Later snapshots start at 0.
   */
  private foundWrites(vmId: string): number {
    const v = this.m.vms.find((x) => x.id === vmId)!
    const k = this.found.get(vmId) ?? 0
    const s = v.snapshots?.[k]
    if (!s) return 0
    this.found.set(vmId, k + 1)
    const p = this.m.datastores.find((d) => d.id === v.datastore)!.platform
    const raw = Math.max(0, s.bytes - p.deltaOverhead)
    const data = p.grain > 0 ? Math.floor(raw / p.grain) * p.grain : raw
    const R = v.footprint * v.disk
    return -R * Math.log1p(-data / R)
  }

  private snapshotOf(datastore: string): number[] {
    return this.m.vms.filter((v) => v.datastore === datastore).flatMap((v) => this.chains.get(v.id)!.map((d) => d.w))
  }

  /**
   * The datastore's deltas' W (oldest first, VMs in model order) at t: before the events at t,
   * and after each of them in turn (an audit point may fall between two events at one instant).
   */
  at(t: number, datastore: string): number[][] {
    while (this.next < this.log.length && this.log[this.next]!.t < t) {
      this.advance(this.log[this.next]!.t)
      this.apply(this.log[this.next++]!)
    }
    this.advance(t)
    const states = [this.snapshotOf(datastore)]
    const saved = new Map([...this.chains].map(([id, c]) => [id, c.map((d) => ({ ...d }))]))
    const savedRunning = new Map(this.running)
    const savedFound = new Map(this.found)
    for (let k = this.next; k < this.log.length && this.log[k]!.t === t; k++) {
      this.apply(this.log[k]!)
      states.push(this.snapshotOf(datastore))
    }
    for (const [id, c] of saved) this.chains.set(id, c)
    for (const [id, s] of savedRunning) this.running.set(id, s)
    for (const [id, n] of savedFound) this.found.set(id, n)
    for (const id of this.found.keys()) if (!savedFound.has(id)) this.found.delete(id)
    return states
  }
}
