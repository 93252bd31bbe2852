/** Alert rules over live telemetry (docs/alerts.md): the rules file, the engine, the alerts it fires. */
export { ALERT_KINDS, ALERT_SEVERITIES, isAlert, type Alert, type AlertKind, type AlertSeverity } from './alert';
export { AlertEngine, type EngineOptions, type EngineStats } from './engine';
export { CONNECTIVITY_FIELD, ruleField, type AlertRule, type Condition } from './rules';
export { formatProblems, lineCol, readRulesFile, type RulesFile, type RulesProblem } from './rules-file';
export { ALERT_RECORD_TYPE, alertRecord, isAlertRecord, type AlertRecord } from './record';
