/**
 * Validation of command parameters against a ParamSpec list, with tesla-http-proxy's rules
 * (teslamotors/vehicle-command pkg/proxy/command.go): a value the proxy reads must have the JSON type it expects
 * (`invalid X param`), a required one must be there (`missing X param`), and the few values Tesla itself refuses
 * (pkg/proxy, pkg/vehicle) are refused. Everything else the proxy accepts is accepted: ranges the car enforces,
 * PIN shapes the proxy does not check, unknown keys (which the proxy ignores) are only warnings (`paramWarnings`).
 */
import { daysOfWeekText, parseDaysOfWeek } from './days';
import type { CommandParams, CommandSpec, ParamSpec, ParamValue } from './types';

export class CommandParamError extends Error {
  constructor(
    readonly command: string,
    readonly problems: readonly string[],
  ) {
    super(`${command}: ${problems.join('; ')}`);
    this.name = 'CommandParamError';
  }
}

/** What the proxy does with a JSON number it puts in an integer field: Go's int() conversion (toward zero). */
const whole = (value: number): number => Math.trunc(value);

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * A refusal for one value, or undefined when Tesla would take it. `active` = false when the param's
 * `requiredWhen` switch is off: then only its type is checked (the proxy reads it but does not use it).
 */
export function paramProblem(spec: ParamSpec, value: unknown, active = true): string | undefined {
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `invalid ${spec.name} param: expected true or false`;
    case 'integer':
    case 'number': {
      if (!isNumber(value)) return `invalid ${spec.name} param: expected a number`;
      const v = spec.type === 'integer' ? whole(value) : value;
      if (spec.min !== undefined && v < spec.min) return `invalid ${spec.name} param: ${value} is below ${spec.min}`;
      if (spec.max !== undefined && v > spec.max) return `invalid ${spec.name} param: ${value} is above ${spec.max}`;
      return undefined;
    }
    case 'string': {
      if (typeof value !== 'string') return `invalid ${spec.name} param: expected a string`;
      if (active && spec.pattern && !spec.pattern.re.test(value)) return `invalid ${spec.name} param: ${spec.pattern.description}`;
      if (spec.format === 'days_of_week') {
        const parsed = parseDaysOfWeek(value);
        if ('error' in parsed) return `invalid ${spec.name} param: ${parsed.error} (expected day names such as "Mon,Tues", "All" or "Weekdays")`;
      }
      return undefined;
    }
    case 'enum': {
      const values = spec.values ?? [];
      const expected = `invalid ${spec.name} param: expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
      if (values.every((v) => typeof v === 'number')) {
        if (!isNumber(value)) return expected;
        return values.includes(whole(value)) || spec.warn?.otherValues ? undefined : expected;
      }
      return values.includes(value as string) ? undefined : expected;
    }
  }
}

/** Warnings for a value Tesla accepts but the car may not like (or that Fleetkit sends differently). */
export function paramValueWarnings(spec: ParamSpec, value: ParamValue): string[] {
  const out: string[] = [];
  const w = spec.warn;
  if (typeof value === 'number') {
    const integral = spec.type === 'integer' || (spec.type === 'enum' && (spec.values ?? []).every((v) => typeof v === 'number'));
    if (integral && !Number.isInteger(value)) out.push(`${spec.name} ${value} is not a whole number: tesla-http-proxy sends ${whole(value)}`);
    if (w?.min !== undefined && value < w.min) out.push(`${spec.name} ${value} is below ${w.min}: the car may refuse it`);
    if (w?.max !== undefined && value > w.max) out.push(`${spec.name} ${value} is above ${w.max}: the car may refuse it`);
    if (spec.type === 'enum' && w?.otherValues && !(spec.values ?? []).includes(whole(value))) out.push(`${spec.name} ${value}: ${w.otherValues}`);
  }
  if (typeof value === 'string') {
    if (w?.pattern && !w.pattern.re.test(value)) out.push(`${spec.name}: ${w.pattern.description} (the car may refuse it)`);
    if (spec.format === 'days_of_week') {
      const parsed = parseDaysOfWeek(value);
      if (!('error' in parsed) && parsed.fleetkitOnly.length) {
        out.push(
          `${spec.name}: tesla-http-proxy does not know ${parsed.fleetkitOnly.map((d) => `"${d}"`).join(', ')}; Fleetkit sends "${daysOfWeekText(parsed.mask)}"`,
        );
      }
    }
  }
  return out;
}

function isActive(spec: ParamSpec, input: Record<string, unknown>): { read: boolean; active: boolean } {
  const read = spec.onlyWhen ? input[spec.onlyWhen] === true : true;
  const active = spec.requiredWhen ? input[spec.requiredWhen] === true : true;
  return { read, active };
}

function asObject(command: CommandSpec, raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new CommandParamError(command.name, ['parameters must be a JSON object']);
  return raw as Record<string, unknown>;
}

/**
 * Checks `raw` (parsed JSON) against the command's params; returns the params to send: defaults applied,
 * `days_of_week` in a spelling the proxy parses, params the proxy would not read (unknown keys, `onlyWhen`
 * params whose switch is off, mistyped `ignoredByProxy` ones) left out.
 */
export function validateParams(command: CommandSpec, raw: unknown): CommandParams {
  const input = asObject(command, raw);
  const out: Record<string, ParamValue> = {};
  const problems: string[] = [];
  for (const spec of command.params) {
    const { read, active } = isActive(spec, input);
    if (!read) continue;
    const value = input[spec.name];
    if (value === undefined) {
      if (spec.default !== undefined) out[spec.name] = spec.default;
      else if (spec.requiredWhen ? active : !spec.optional) problems.push(`missing ${spec.name} param`);
      continue;
    }
    if (spec.ignoredByProxy) {
      if (!paramProblem(spec, value)) out[spec.name] = value as ParamValue;
      continue;
    }
    const problem = paramProblem(spec, value, active);
    if (problem) problems.push(problem);
    else if (spec.format === 'days_of_week') out[spec.name] = daysOfWeekText((parseDaysOfWeek(value as string) as { mask: number }).mask);
    else out[spec.name] = value as ParamValue;
  }
  if (problems.length) throw new CommandParamError(command.name, problems);
  return out;
}

/** What Fleetkit would warn about for these params (none of it stops the command). Does not throw. */
export function paramWarnings(command: CommandSpec, raw: unknown): string[] {
  let input: Record<string, unknown>;
  try {
    input = asObject(command, raw);
  } catch {
    return [];
  }
  const out: string[] = [];
  const known = new Set(command.params.map((p) => p.name));
  for (const key of Object.keys(input)) if (!known.has(key)) out.push(`unknown param ${key}: tesla-http-proxy ignores it`);
  for (const spec of command.params) {
    const { read, active } = isActive(spec, input);
    const value = input[spec.name];
    if (!read) {
      if (value !== undefined && spec.onlyWhen) out.push(`${spec.name} is ignored when ${spec.onlyWhen} is not true`);
      continue;
    }
    if (value === undefined) {
      if (spec.default === undefined && spec.warn?.whenMissing) out.push(`${spec.name} left out: ${spec.warn.whenMissing}`);
      continue;
    }
    if (spec.ignoredByProxy && paramProblem(spec, value)) {
      out.push(`${spec.name} is not used by tesla-http-proxy and is not a valid ${spec.type}: left out`);
      continue;
    }
    if (paramProblem(spec, value, active)) continue;
    if (!active && spec.requiredWhen) continue;
    out.push(...paramValueWarnings(spec, value as ParamValue));
  }
  return out;
}
