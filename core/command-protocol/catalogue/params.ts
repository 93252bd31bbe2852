/** Validation of command parameters against a ParamSpec list: types, ranges, enums, required-ness. */
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

function checkOne(spec: ParamSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `invalid ${spec.name} param: expected true or false`;
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `invalid ${spec.name} param: expected a number`;
      if (spec.type === 'integer' && !Number.isInteger(value)) return `invalid ${spec.name} param: expected a whole number`;
      if (spec.min !== undefined && value < spec.min) return `invalid ${spec.name} param: ${value} is below ${spec.min}`;
      if (spec.max !== undefined && value > spec.max) return `invalid ${spec.name} param: ${value} is above ${spec.max}`;
      return undefined;
    }
    case 'string':
      if (typeof value !== 'string') return `invalid ${spec.name} param: expected a string`;
      if (spec.pattern && !spec.pattern.re.test(value)) return `invalid ${spec.name} param: ${spec.pattern.description}`;
      return undefined;
    case 'enum':
      return (spec.values ?? []).includes(value as string | number)
        ? undefined
        : `invalid ${spec.name} param: expected one of ${(spec.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  }
}

/** Checks `raw` (parsed JSON) against the command's params; returns the params with defaults applied. */
export function validateParams(command: CommandSpec, raw: unknown): CommandParams {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new CommandParamError(command.name, ['parameters must be a JSON object']);
  const input = raw as Record<string, unknown>;
  const out: Record<string, ParamValue> = {};
  const problems: string[] = [];
  const known = new Set(command.params.map((p) => p.name));
  for (const key of Object.keys(input)) if (!known.has(key)) problems.push(`unknown param ${key}`);
  for (const spec of command.params) {
    const value = input[spec.name];
    if (value === undefined) {
      if (spec.default !== undefined) {
        out[spec.name] = spec.default;
        continue;
      }
      const required = spec.requiredWhen ? input[spec.requiredWhen] === true : !spec.optional;
      if (required) problems.push(`missing ${spec.name} param`);
      continue;
    }
    const problem = checkOne(spec, value);
    if (problem) problems.push(problem);
    else out[spec.name] = value as ParamValue;
  }
  if (problems.length) throw new CommandParamError(command.name, problems);
  return out;
}
