// The event kinds. The number is also the order of events at the same instant (EventHeap sorts
// by time, then kind, then insertion; job fires by job index): time advances the hour first,
// frees space before anything allocates, ends transfers before a job fires again, and jobs that
// fire at the same instant fire in the order of the jobs.
//
// | kind      | payload (a, b)              | handled in        | what happens                                  |
// |-----------|-----------------------------|-------------------|-----------------------------------------------|
// | HOUR      | segment, 0                  | crossings.ts      | a rate multiplier changes (hour boundary)     |
// | MERGE_END | VM, merge version           | snapshots.ts      | a snapshot's merge ends: its space is freed   |
// | TRANSFER  | run, run version            | transfers.ts      | a run's next stream end or stream failure     |
// | RESUME    | datastore, resume version   | out-of-space.ts   | the platform's resume delay after space freed |
// | UNBLOCK   | VM, stop epoch              | out-of-space.ts   | the resume delay after a stopped VM no longer must allocate |
// | CROSSING  | datastore, crossing version | crossings.ts      | use reaches an alarm, the guard or "full"     |
// | HUNT      | VM, 0                       | snapshots.ts      | the snapshot hunter checks a VM's orphans     |
// | IO_ERROR  | VM, stop epoch              | out-of-space.ts   | a stopped VM's queued I/O starts failing      |
// | CRASH     | VM, stop epoch              | out-of-space.ts   | the guest crashes after failing writes        |
// | FIRE      | job, fire index             | backups.ts        | a job's schedule fires                        |
// | CHECK     | datastore, crossing version | breakpoints.ts    | re-solve a deferred crossing (not counted)    |
//
// A version or epoch in the payload makes an event stale when the thing it was scheduled for
// has changed since (the handler then ignores it and the loop does not count it).

export const HOUR = 0
export const MERGE_END = 1
/** A run's next stream end or stream failure, whichever comes first (one event per run). */
export const TRANSFER = 2
export const RESUME = 3
export const UNBLOCK = 4
export const CROSSING = 5
export const HUNT = 6
export const IO_ERROR = 7
export const CRASH = 8
export const FIRE = 9
/** Re-solve a datastore's crossing from a later instant (nothing changes; not counted). */
export const CHECK = 10
