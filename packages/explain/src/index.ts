// @snapsim/explain: a run's turning points as structured facts, told as sentences in German or
// English from one ICU MessageFormat catalogue.

export type {
  AlarmFact,
  BsiPassage,
  ChainFact,
  DowntimeFact,
  EndFact,
  Fact,
  FactKind,
  FailureFact,
  FullFact,
  MitigationFact,
  OrphanFact,
  Outcome,
  OverlapFact,
  RecoveryFact,
  RunFact,
  RunsFact,
  SafeguardFact,
  SnapshotFailedFact,
  ScheduleFact,
  SettingFact,
  StopFact,
  WindowFact,
} from './facts.ts'
export { jobInfo, type ExplainInput, type JobInfo } from './input.ts'
export { deriveFacts, type DeriveOptions } from './derive.ts'
export { mitigationFacts, outcomeOf, policyDifferences, type Policy } from './mitigation.ts'
export { worstRecovery } from './recovery.ts'
export { inWindow, type Level, type Window } from './select.ts'
export { BRIEF_QUOTES, briefItems, tellBrief, type BriefItem } from './brief.ts'
export { catalogue, type Message, type MessageKey } from './catalogue.ts'
export { speaker, type Speaker, type Values } from './messages.ts'
export { formatDuration } from './duration.ts'
export { formatSize, formatWhen, whenFormat, zoneLabel } from './format.ts'
export { LANGS, LOCALES, isLang, type Lang } from './lang.ts'
export { tell, type Calendar, type Told } from './render.ts'
export { explain, type ExplainOptions, type Narration } from './explain.ts'
export { MAX_RESULT_FILE_BYTES, ResultFileError, parseResultFile } from './result-file.ts'
export { checkCatalogue, placeholders } from './catalogue-check.ts'
export { DRIVER_MIN_EFFECT, RISK_DATASTORES, effects, mainDriver, riskFacts, type Effect, type Level as SweepLevel, type PointRef, type RiskFact, type RiskFactKind } from './risk-facts.ts'
export { explainRisk, type RiskNarration } from './risk-tell.ts'
