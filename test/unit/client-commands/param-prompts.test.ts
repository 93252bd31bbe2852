import assert from 'node:assert/strict';
import { COMMAND_CATALOGUE, findCommand, validateParams, type ParamSpec } from '../../../core/command-protocol/catalogue';
import { paramPrompt, shouldAsk } from '../../../client/commands/param-prompts';

function spec(command: string, param: string): ParamSpec {
  const s = findCommand(command)?.params.find((p) => p.name === param);
  if (!s) throw new Error(`no ${command}.${param} in the catalogue`);
  return s;
}

describe('client/commands param prompts', () => {
  it('set_charge_limit percent: a number input that checks the catalogue range', () => {
    const p = paramPrompt(spec('set_charge_limit', 'percent'));
    assert.equal(p.kind, 'input');
    if (p.kind !== 'input') return;
    const range = findCommand('set_charge_limit')!.params[0]!;
    assert.match(p.placeholder, new RegExp(`${range.min}–${range.max}`));
    assert.equal(p.validate('80'), undefined);
    assert.match(p.validate(String((range.max ?? 100) + 1)) ?? '', /at most/);
    assert.match(p.validate(String((range.min ?? 0) - 1)) ?? '', /at least/);
    assert.match(p.validate('eighty') ?? '', /must be a number/);
    assert.match(p.validate('') ?? '', /required/);
    assert.equal(p.parse(' 80 '), 80);
  });

  it('integer params refuse fractions; number params accept them', () => {
    const ints = COMMAND_CATALOGUE.flatMap((c) => c.params).filter((p) => p.type === 'integer' && !p.optional);
    assert.ok(ints.length > 0);
    const i = paramPrompt(ints[0]!);
    assert.ok(i.kind === 'input');
    if (i.kind === 'input') assert.match(i.validate('1.5') ?? '', /whole number/);
    const num = COMMAND_CATALOGUE.flatMap((c) => c.params).find((p) => p.type === 'number' && p.min === undefined && p.max === undefined);
    if (num) {
      const n = paramPrompt(num);
      if (n.kind === 'input') assert.equal(n.validate('1.5'), undefined);
    }
  });

  it('enums become quick picks with the default first; booleans offer true/false', () => {
    const trunk = paramPrompt(spec('actuate_trunk', 'which_trunk'));
    assert.equal(trunk.kind, 'pick');
    if (trunk.kind === 'pick') {
      assert.deepEqual(trunk.options.map((o) => o.value), ['rear', 'front']);
      assert.equal(trunk.options[0]!.description, 'default');
    }
    const bool = COMMAND_CATALOGUE.flatMap((c) => c.params).find((p) => p.type === 'boolean')!;
    const b = paramPrompt(bool);
    assert.equal(b.kind, 'pick');
    if (b.kind === 'pick') assert.deepEqual(new Set(b.options.map((o) => o.value)), new Set([true, false]));
  });

  it('requiredWhen params are asked only when their switch is on', () => {
    const withSwitch = COMMAND_CATALOGUE.flatMap((c) => c.params).find((p) => p.requiredWhen);
    assert.ok(withSwitch, 'the catalogue has a requiredWhen param');
    assert.equal(shouldAsk(withSwitch, { [withSwitch.requiredWhen!]: false }), false);
    assert.equal(shouldAsk(withSwitch, { [withSwitch.requiredWhen!]: true }), true);
  });

  it('for every catalogue command, answers accepted by the prompts pass validateParams', () => {
    for (const command of COMMAND_CATALOGUE) {
      const answers: Record<string, boolean | number | string> = {};
      let unfilled = false;
      for (const p of command.params) {
        if (!shouldAsk(p, answers)) continue;
        const prompt = paramPrompt(p);
        if (prompt.kind === 'pick') {
          answers[p.name] = prompt.options[0]!.value;
          continue;
        }
        const candidates = [prompt.initial ?? '', String(p.min ?? 1), String(p.max ?? 1), '1', '1234', 'All', '', 'Home'];
        const text = candidates.find((t) => prompt.validate(t) === undefined && (t !== '' || p.optional || p.default !== undefined));
        if (text === undefined) {
          unfilled = true;
          continue;
        }
        const v = prompt.parse(text);
        if (v !== undefined) answers[p.name] = v;
      }
      assert.equal(unfilled, false, `${command.name}: no simple answer passes the prompt`);
      assert.doesNotThrow(() => validateParams(command, answers), `${command.name} ${JSON.stringify(answers)}`);
    }
  });
});
