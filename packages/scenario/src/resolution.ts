// What every part of resolution shares: where problems go, whether any value was unusable,
// whether any was a distribution, the seeds of this replication's draws and the work limits.

import { howToRaise, type Limits } from './limits.ts'

export type Report = (path: (string | number)[], message: string) => void

export class Resolution {
  /** False once any value was reported or already stood for an invalid one. */
  ok = true
  /** Some value is a distribution. */
  uncertain = false

  constructor(
    private readonly report: Report,
    readonly baseSeed: string,
    readonly replication: number,
    readonly limits: Limits,
  ) {}

  /** Report a problem at a key path. */
  fail(path: (string | number)[], message: string): void {
    this.ok = false
    this.report(path, message)
  }

  /** A value the structural check already reported (the invalid marker stands in for it). */
  invalid(): void {
    this.ok = false
  }

  /** Ids longer than the limit are refused (they are names shown in every report). */
  idFits(path: (string | number)[], id: string): boolean {
    if (id.length <= this.limits.idLength) return true
    this.fail(path, `an id of ${id.length.toLocaleString('en-US')} characters is longer than the limit of ${this.limits.idLength}; ${howToRaise('idLength')}`)
    return false
  }
}
