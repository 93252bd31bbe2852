/**
 * Send Command…'s questions: vehicle → command → each parameter as one multi-step quick input (n/total, Back keeps
 * the answers, the car's current value prefilled from cached live data).
 */
import * as vscode from 'vscode';
import { COMMAND_CATALOGUE, findCommand, type CommandSpec, type ParamValue } from '../../core/command-protocol';
import type { Step } from '../ui/flow';
import { MultiStepInput, type PickItem } from '../ui/multi-step';
import { listedVehicleItems, type VehicleTarget } from '../vehicles/pick-vehicle';
import type { VehiclesService } from '../vehicles/service';
import { commandPickEntries } from './command-picks';
import { currentParamValues } from './current-values';
import { paramPrompt, shouldAsk } from './param-prompts';

/** One command to send: the car, the command and its parameters. */
export interface CommandRequest {
  readonly target: VehicleTarget;
  readonly spec: CommandSpec;
  readonly params: Record<string, ParamValue>;
}

const commandChoices = (): Array<PickItem<CommandSpec>> =>
  commandPickEntries(COMMAND_CATALOGUE).map((e) =>
    e.kind === 'separator'
      ? { label: e.label, kind: vscode.QuickPickItemKind.Separator }
      : { label: e.label, description: e.description, detail: e.detail, value: findCommand(e.name) },
  );

/** Only the answers of params that are asked given the earlier answers (a switch turned off drops its dependants). */
const finalParams = (spec: CommandSpec, answers: Readonly<Record<string, ParamValue>>): Record<string, ParamValue> => {
  const out: Record<string, ParamValue> = {};
  for (const p of spec.params) if (shouldAsk(p, out) && answers[p.name] !== undefined) out[p.name] = answers[p.name]!;
  return out;
};

/**
 * Asks what is not `fixed`: a tree row gives the vehicle, a quick command the command, Edit Parameters both (with
 * `previous`). Undefined when the user cancels or there is no vehicle to pick.
 */
export async function askCommand(
  service: VehiclesService,
  fixed: { target?: VehicleTarget; spec?: CommandSpec; previous?: Record<string, ParamValue> },
): Promise<CommandRequest | undefined> {
  const vehicles = fixed.target ? [] : await listedVehicleItems(service);
  if (!vehicles) return undefined;
  let target = fixed.target;
  let spec = fixed.spec;
  let answers: Record<string, ParamValue> = { ...(fixed.previous ?? {}) };
  const current = (): Record<string, ParamValue> =>
    target && spec ? currentParamValues(spec.name, service.cache.get(target.accountId, target.vin)?.data) : {};
  const paramsToAsk = (): number =>
    spec ? spec.params.filter((p, i) => shouldAsk(p, finalParams({ ...spec!, params: spec!.params.slice(0, i) }, answers))).length : 1;
  const total = (): number => (fixed.target ? 0 : 1) + (fixed.spec ? 0 : 1) + paramsToAsk();
  const title = (): string => (fixed.spec ? `${fixed.spec.title} (${fixed.spec.name})` : spec ? `Send Command: ${spec.title} (${spec.name})` : 'Send Command');

  const ok = await MultiStepInput.run(title, total, (input) => {
    const paramStep = (from: number): Step | undefined => {
      const s = spec!;
      const index = s.params.findIndex((p, i) => i >= from && shouldAsk(p, finalParams({ ...s, params: s.params.slice(0, i) }, answers)));
      if (index < 0) return undefined;
      const p = s.params[index]!;
      return async () => {
        const now = current()[p.name];
        const prompt = paramPrompt(p, now);
        const previous = answers[p.name];
        if (prompt.kind === 'pick') {
          answers[p.name] = await input.pick({
            placeholder: prompt.placeholder,
            items: prompt.options.map((o) => ({ label: o.label, description: o.description, value: o.value })),
            active: (v) => (previous !== undefined ? v === previous : v === now),
          });
        } else {
          const text = await input.input({
            prompt: `${prompt.title}${now !== undefined && target ? ` (now ${String(now)} on ${target.name})` : ''}`,
            placeholder: prompt.placeholder,
            value: previous !== undefined ? String(previous) : (prompt.initial ?? ''),
            validate: (t) => prompt.validate(t),
          });
          const value = prompt.parse(text);
          if (value === undefined) delete answers[p.name];
          else answers[p.name] = value;
        }
        return paramStep(index + 1);
      };
    };
    const commandStep: Step = async () => {
      const picked = await input.pick({
        placeholder: `Command to send to ${target?.name ?? 'the vehicle'}: type a title, REST name (door_lock) or domain (vcsec)`,
        items: commandChoices(),
        active: (c) => c.name === spec?.name,
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (picked.name !== spec?.name) answers = {};
      spec = picked;
      return paramStep(0);
    };
    const vehicleStep: Step = async () => {
      target = await input.pick({
        placeholder: `Vehicle to send ${spec ? `"${spec.title}"` : 'the command'} to: type a name, VIN or state`,
        items: vehicles,
        active: (t) => t.vin === target?.vin && t.accountId === target.accountId,
        matchOnDescription: true,
        matchOnDetail: true,
      });
      return fixed.spec ? paramStep(0) : commandStep;
    };
    if (!fixed.target) return vehicleStep;
    if (!fixed.spec) return commandStep;
    // Nothing to ask but the parameters; a command without any has no step at all.
    return paramStep(0) ?? (async () => undefined);
  });
  if (!ok || !target || !spec) return undefined;
  return { target, spec, params: finalParams(spec, answers) };
}
