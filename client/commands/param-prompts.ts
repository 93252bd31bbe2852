/**
 * How the Send Command UI asks for each parameter of a catalogue command. Pure (no `vscode`): the UI turns a
 * `ParamPrompt` into a QuickPick or an InputBox, and builds the params object from the answers.
 */
import type { ParamSpec, ParamValue } from '../../core/command-protocol/catalogue';

export interface PickOption {
  label: string;
  description?: string;
  value: ParamValue;
}

export type ParamPrompt =
  | { kind: 'pick'; name: string; title: string; options: PickOption[] }
  | {
      kind: 'input';
      name: string;
      title: string;
      placeholder: string;
      initial?: string;
      /** An error message for the input box, or undefined when the text is acceptable. */
      validate(text: string): string | undefined;
      /** The value to send (call only after `validate` accepted the text); undefined = leave the param out. */
      parse(text: string): ParamValue | undefined;
    };

function rangeText(spec: ParamSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return `${spec.min}–${spec.max}`;
  if (spec.min !== undefined) return `≥ ${spec.min}`;
  if (spec.max !== undefined) return `≤ ${spec.max}`;
  return spec.type === 'integer' ? 'a whole number' : 'a number';
}

/** Whether the param must be asked given the answers so far (`requiredWhen` params only when their switch is on). */
export function shouldAsk(spec: ParamSpec, answers: Readonly<Record<string, ParamValue>>): boolean {
  if (spec.requiredWhen) return answers[spec.requiredWhen] === true;
  return true;
}

export function paramPrompt(spec: ParamSpec): ParamPrompt {
  // requiredWhen params are only asked when their switch is on, and then they are required.
  const optional = !!spec.optional || spec.default !== undefined;
  const title = `${spec.name}: ${spec.description}`;
  if (spec.type === 'boolean') {
    const options: PickOption[] = [
      { label: 'true', description: spec.default === true ? 'default' : undefined, value: true },
      { label: 'false', description: spec.default === false ? 'default' : undefined, value: false },
    ];
    if (spec.default === false) options.reverse();
    return { kind: 'pick', name: spec.name, title, options: options.map(stripUndefined) };
  }
  if (spec.type === 'enum') {
    const values = spec.values ?? [];
    const ordered = spec.default !== undefined && values.includes(spec.default as string | number) ? [spec.default as string | number, ...values.filter((v) => v !== spec.default)] : [...values];
    return {
      kind: 'pick',
      name: spec.name,
      title,
      options: ordered.map((v) => stripUndefined({ label: String(v), description: v === spec.default ? 'default' : undefined, value: v })),
    };
  }
  if (spec.type === 'integer' || spec.type === 'number') {
    const numeric = spec.type;
    return {
      kind: 'input',
      name: spec.name,
      title,
      placeholder: `${rangeText(spec)}${optional ? ' (optional: leave empty to skip)' : ''}`,
      ...(spec.default !== undefined ? { initial: String(spec.default) } : {}),
      validate(text) {
        const t = text.trim();
        if (!t) return optional ? undefined : `${spec.name} is required`;
        if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return `${spec.name} must be a number`;
        const n = Number(t);
        if (numeric === 'integer' && !Number.isInteger(n)) return `${spec.name} must be a whole number`;
        if (spec.min !== undefined && n < spec.min) return `${spec.name} must be at least ${spec.min} (got ${n})`;
        if (spec.max !== undefined && n > spec.max) return `${spec.name} must be at most ${spec.max} (got ${n})`;
        return undefined;
      },
      parse: (text) => (text.trim() ? Number(text.trim()) : undefined),
    };
  }
  return {
    kind: 'input',
    name: spec.name,
    title,
    placeholder: `${spec.pattern ? spec.pattern.description : 'text'}${optional ? ' (optional: leave empty to skip)' : ''}`,
    ...(spec.default !== undefined ? { initial: String(spec.default) } : {}),
    validate(text) {
      if (!text) return optional ? undefined : `${spec.name} is required`;
      if (spec.pattern && !spec.pattern.re.test(text)) return `${spec.name}: ${spec.pattern.description}`;
      return undefined;
    },
    parse: (text) => (text ? text : undefined),
  };
}

function stripUndefined(o: PickOption): PickOption {
  return o.description === undefined ? { label: o.label, value: o.value } : o;
}
