import { FIELD_ENUM } from '../../core/telemetry-wire';

/** One field's streaming rule from a telemetry config (`fields.X`), times in ms. */
export interface FieldRule {
  intervalMs: number;
  minimumDelta?: number;
  resendIntervalMs?: number;
}

/** A problem with one configured field, reported on the `errors` topic (`unsuported_interval` is Tesla's spelling). */
export interface FieldProblem {
  field: string;
  name: 'unsupported_field' | 'unsuported_interval';
  message: string;
}

export interface ParsedFields {
  rules: Map<string, FieldRule>;
  problems: FieldProblem[];
}

const NOT_STREAMABLE = /^(Unknown|Deprecated_\d+|Experimental_\d+)$/;

function knownField(name: string): boolean {
  if (NOT_STREAMABLE.test(name)) return false;
  return Object.prototype.hasOwnProperty.call(FIELD_ENUM.values, name);
}

/**
 * Reads `config.fields` the way a car does: unknown names and intervals below 1 s are reported (and skipped),
 * everything else becomes a rule. Never throws: a vehicle does not crash on a bad config.
 */
export function parseFieldRules(fields: unknown): ParsedFields {
  const rules = new Map<string, FieldRule>();
  const problems: FieldProblem[] = [];
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return { rules, problems };
  for (const [field, raw] of Object.entries(fields as Record<string, unknown>)) {
    if (!knownField(field)) {
      problems.push({ field, name: 'unsupported_field', message: `${field} is not a telemetry field this vehicle can stream` });
      continue;
    }
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const interval = r.interval_seconds;
    if (typeof interval !== 'number' || !Number.isFinite(interval) || interval < 1) {
      problems.push({ field, name: 'unsuported_interval', message: `${field}: interval_seconds must be at least 1` });
      continue;
    }
    const rule: FieldRule = { intervalMs: interval * 1000 };
    if (typeof r.minimum_delta === 'number' && r.minimum_delta > 0) rule.minimumDelta = r.minimum_delta;
    if (typeof r.resend_interval_seconds === 'number' && r.resend_interval_seconds > 0) rule.resendIntervalMs = r.resend_interval_seconds * 1000;
    rules.set(field, rule);
  }
  return { rules, problems };
}
