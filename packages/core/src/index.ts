// @snapsim/core: the model and the engine. Pure TypeScript, no I/O, no Node imports.

export type {
  AlarmLevel,
  Bytes,
  Datastore,
  FailureHazard,
  HourGrid,
  Job,
  JobType,
  Model,
  OverlapPolicy,
  Policies,
  SharedResource,
  PreexistingSnapshot,
  Provisioning,
  Rate,
  Seconds,
  SpaceGuard,
  Vm,
} from './model.ts'
export type { Platform } from './platform.ts'
export { generic, hyperv2012r2, hyperv2016, lvmThin, platforms, qemuKvm, vmwareVmfs6 } from './platform.ts'
export type {
  AlarmRecord,
  AuditDelta,
  AuditView,
  BackupOutcome,
  BackupRecord,
  DatastoreResult,
  LogEvent,
  Result,
  SimulateOptions,
  SnapshotRecord,
  StateInterval,
  UseSeries,
  VmResult,
  VmState,
} from './result.ts'
export { allocatedBytes, distinctBytes, writtenFor } from './growth.ts'
export { defaultAlarms } from './alarms.ts'
export { simulate } from './simulate.ts'
export { MAX_GROWTH_EXPONENT, ModelError } from './check.ts'
