/**
 * How the Send Command UI asks for each parameter of a catalogue command. Pure (no `vscode`): the UI turns a
 * `ParamPrompt` into a QuickPick or an InputBox, and builds the params object from the answers.
 *
 * Only what Tesla refuses too is an error here (the catalogue's `min`/`max`/`pattern`, wrong types, unknown day
 * names); Fleetkit's own checks (`warn` ranges, PIN shapes the proxy does not check, whole numbers) come back as
 * warnings, which the input box shows without blocking Enter.
 */
import { paramProblem, paramValueWarnings, type ParamSpec, type ParamValue } from '../../core/command-protocol/catalogue';

export interface PickOption {
  label: string;
  description?: string;
  value: ParamValue;
  /** The value the car reported last (from cached live data): the pick starts on it. */
  current?: true;
}

/** The shape of `vscode.InputBoxValidationMessage` with severity Warning (`InputBoxValidationSeverity.Warning` = 2). */
export interface PromptWarning {
  readonly message: string;
  readonly severity: 2;
}

export type ParamPrompt =
  | { kind: 'pick'; name: string; title: string; placeholder: string; options: PickOption[] }
  | {
      kind: 'input';
      name: string;
      title: string;
      placeholder: string;
      initial?: string;
      /**
       * For the input box's validateInput: an error message (a string: the text cannot be sent), a warning (the
       * text is accepted; the car or the proxy may not like it), or undefined when all is well.
       */
      validate(text: string): string | PromptWarning | undefined;
      /** The value to send (call only after `validate` returned no error string); undefined = leave the param out. */
      parse(text: string): ParamValue | undefined;
    };

/** True when `validate` refused the text (a warning is not a refusal). */
export function isPromptError(result: string | PromptWarning | undefined): result is string {
  return typeof result === 'string';
}

const warning = (messages: string[]): PromptWarning | undefined => (messages.length ? { message: messages.join('; '), severity: 2 } : undefined);

function rangeText(spec: ParamSpec): string {
  const min = spec.min ?? spec.warn?.min;
  const max = spec.max ?? spec.warn?.max;
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  if (min !== undefined) return `≥ ${min}`;
  if (max !== undefined) return `≤ ${max}`;
  return spec.type === 'integer' ? 'a whole number' : 'a number';
}

/** Whether the param must be asked given the answers so far (`requiredWhen` / `onlyWhen` params only when their switch is on). */
export function shouldAsk(spec: ParamSpec, answers: Readonly<Record<string, ParamValue>>): boolean {
  if (spec.requiredWhen) return answers[spec.requiredWhen] === true;
  if (spec.onlyWhen) return answers[spec.onlyWhen] === true;
  return true;
}

/** An error in the prompt's words: the problem without validateParams' "invalid X param: " prefix. */
function problemText(spec: ParamSpec, problem: string): string {
  const prefix = `invalid ${spec.name} param: `;
  return `${spec.name}: ${problem.startsWith(prefix) ? problem.slice(prefix.length) : problem}`;
}

/**
 * The prompt for one param. `current`: the car's value from cached live data (see current-values.ts), which the
 * input starts with (before the catalogue's default) and the pick starts on and marks.
 */
export function paramPrompt(spec: ParamSpec, current?: ParamValue): ParamPrompt {
  // requiredWhen params are only asked when their switch is on, and then they are required.
  const optional = !!spec.optional || spec.default !== undefined;
  const title = `${spec.name}: ${spec.description}`;
  const mark = (o: PickOption): PickOption => {
    const notes = [o.value === spec.default ? 'default' : '', o.value === current ? 'now' : ''].filter(Boolean);
    return {
      label: o.label,
      value: o.value,
      ...(notes.length ? { description: notes.join(' · ') } : {}),
      ...(o.value === current ? { current: true as const } : {}),
    };
  };
  if (spec.type === 'boolean') {
    const options: PickOption[] = [
      { label: 'On', value: true },
      { label: 'Off', value: false },
    ];
    if (spec.default === false) options.reverse();
    return { kind: 'pick', name: spec.name, title, placeholder: `${spec.description}: On or Off`, options: options.map(mark) };
  }
  if (spec.type === 'enum') {
    const values = spec.values ?? [];
    const ordered =
      spec.default !== undefined && values.includes(spec.default as string | number)
        ? [spec.default as string | number, ...values.filter((v) => v !== spec.default)]
        : [...values];
    return { kind: 'pick', name: spec.name, title, placeholder: spec.description, options: ordered.map((v) => mark({ label: String(v), value: v })) };
  }
  const initial = current !== undefined && typeof current !== 'boolean' ? String(current) : spec.default !== undefined ? String(spec.default) : undefined;
  if (spec.type === 'integer' || spec.type === 'number') {
    const missing = spec.warn?.whenMissing;
    return {
      kind: 'input',
      name: spec.name,
      title,
      placeholder: `${rangeText(spec)}${optional ? ` (optional: leave empty to skip${missing ? `; ${missing}` : ''})` : ''}`,
      ...(initial !== undefined ? { initial } : {}),
      validate(text) {
        const t = text.trim();
        if (!t) return optional ? warning(missing ? [`${spec.name} left out: ${missing}`] : []) : `${spec.name} is required`;
        if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return `${spec.name} must be a number`;
        const n = Number(t);
        const problem = paramProblem(spec, n);
        if (problem) return problemText(spec, problem);
        return warning(paramValueWarnings(spec, n));
      },
      parse: (text) => (text.trim() ? Number(text.trim()) : undefined),
    };
  }
  return {
    kind: 'input',
    name: spec.name,
    title,
    placeholder: `${spec.pattern ? spec.pattern.description : spec.warn?.pattern ? spec.warn.pattern.description : spec.format === 'days_of_week' ? 'e.g. Mon,Tues,Thurs · All · Weekdays' : 'text'}${optional ? ' (optional: leave empty to skip)' : ''}`,
    ...(initial !== undefined ? { initial } : {}),
    validate(text) {
      if (!text) return optional ? undefined : `${spec.name} is required`;
      const problem = paramProblem(spec, text);
      if (problem) return problemText(spec, problem);
      return warning(paramValueWarnings(spec, text));
    },
    parse: (text) => (text ? text : undefined),
  };
}
