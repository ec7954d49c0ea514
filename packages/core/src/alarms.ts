// Default alarm levels: vCenter's "Datastore usage on disk" alarm warns at 75 % and alerts at
// 85 % (docs/sources.md, VMware section).

import type { AlarmLevel } from './model.ts'

export const defaultAlarms: readonly AlarmLevel[] = [
  { name: 'warning', fraction: 0.75 },
  { name: 'alert', fraction: 0.85 },
]
