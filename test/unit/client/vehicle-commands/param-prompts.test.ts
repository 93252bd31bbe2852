import assert from 'node:assert/strict';
import { COMMAND_CATALOGUE, findCommand, validateParams, type ParamSpec } from '../../../../core/command-protocol/catalogue';
import { isPromptError, paramPrompt, shouldAsk, type ParamPrompt } from '../../../../client/vehicle-commands/param-prompts';

type Input = Extract<ParamPrompt, { kind: 'input' }>;
function input(command: string, param: string): Input {
  const p = paramPrompt(spec(command, param));
  assert.equal(p.kind, 'input', `${command}.${param}`);
  return p as Input;
}
/** The warning text (severity 2) validate returned, or undefined. */
function warningOf(result: ReturnType<Input['validate']>): string | undefined {
  if (result === undefined || isPromptError(result)) return undefined;
  assert.equal(result.severity, 2, 'InputBoxValidationSeverity.Warning');
  return result.message;
}

function spec(command: string, param: string): ParamSpec {
  const s = findCommand(command)?.params.find((p) => p.name === param);
  if (!s) throw new Error(`no ${command}.${param} in the catalogue`);
  return s;
}

describe('client/vehicle-commands param prompts', () => {
  it('set_charge_limit percent: the 50–100 range is a warning (tesla-http-proxy sends any percent), not an error', () => {
    // teslamotors/vehicle-command pkg/proxy/command.go set_charge_limit: getNumber("percent"), no range check.
    const p = input('set_charge_limit', 'percent');
    assert.match(p.placeholder, /50–100/);
    assert.equal(p.validate('80'), undefined);
    assert.match(warningOf(p.validate('101')) ?? '', /101 is above 100/);
    assert.match(warningOf(p.validate('49')) ?? '', /49 is below 50/);
    assert.match(String(p.validate('eighty')), /must be a number/);
    assert.match(String(p.validate('')), /required/);
    assert.equal(p.parse(' 80 '), 80);
  });

  it('integer params warn about fractions (the proxy cuts them: Go int32()); number params take them', () => {
    const i = input('set_charging_amps', 'charging_amps');
    assert.equal(isPromptError(i.validate('1.5')), false);
    assert.match(warningOf(i.validate('16.7')) ?? '', /not a whole number: tesla-http-proxy sends 16/);
    assert.equal(input('adjust_volume', 'volume').validate('1.5'), undefined);
  });

  it('only what Tesla refuses is an error: valet and parental PINs, the volume range, unknown day names', () => {
    // pkg/vehicle/security.go: SetValetMode (on) and ParentalControlsActivate refuse a PIN that is not 4 digits.
    assert.equal(isPromptError(input('set_valet_mode', 'password').validate('12a4')), true);
    assert.equal(isPromptError(input('parental_controls_activate', 'pin').validate('12')), true);
    // pkg/vehicle/infotainment.go SetVolume refuses outside [0, 10].
    assert.equal(isPromptError(input('adjust_volume', 'volume').validate('11')), true);
    // Speed-limit PINs are not checked by the proxy: a warning.
    assert.match(warningOf(input('speed_limit_activate', 'pin').validate('12')) ?? '', /4 digits/);
    // pkg/proxy/command.go getDays: "unrecognized day name".
    const days = input('add_charge_schedule', 'days_of_week');
    assert.match(String(days.validate('Funday')), /unrecognized day name/);
    assert.equal(days.validate('mon, Wednesday'), undefined);
    assert.equal(days.validate('WEEKDAYS'), undefined);
    assert.match(warningOf(days.validate('Tue,Thu')) ?? '', /Fleetkit sends "Tuesday,Thursday"/);
  });

  it('set_temps: each temperature may be left out, with a warning saying what the proxy sends', () => {
    // pkg/proxy/command.go set_temps: getNumber(…, false) → 0 when missing.
    const d = input('set_temps', 'driver_temp');
    assert.match(d.placeholder, /optional/);
    assert.match(warningOf(d.validate('')) ?? '', /left out: tesla-http-proxy sends 0 °C/);
    assert.equal(d.parse(''), undefined);
    assert.match(warningOf(d.validate('30')) ?? '', /above 28/);
  });

  it('parental_controls_enable_setting offers the seven ParentalControlsSetting_E names', () => {
    // teslamotors/vehicle-command pkg/protocol/protobuf/car_server.proto ParentalControlsSetting_E.
    const p = paramPrompt(spec('parental_controls_enable_setting', 'setting'));
    assert.ok(p.kind === 'pick');
    if (p.kind === 'pick') {
      assert.deepEqual(
        p.options.map((o) => o.value),
        ['SpeedLimit', 'Acceleration', 'SafetyFeatures', 'Curfew', 'BrowserBlocked', 'TheaterBlocked', 'ArcadeBlocked'],
      );
    }
  });

  it('enums become quick picks (the default first); booleans offer both values', () => {
    // pkg/proxy/command.go actuate_trunk: which_trunk has no default (missing → invalid_value).
    const trunk = paramPrompt(spec('actuate_trunk', 'which_trunk'));
    assert.equal(trunk.kind, 'pick');
    if (trunk.kind === 'pick') {
      assert.deepEqual(
        trunk.options.map((o) => o.value),
        ['rear', 'front'],
      );
      assert.equal(trunk.options[0]!.description, undefined);
    }
    const keeper = paramPrompt(spec('set_climate_keeper_mode', 'manual_override'));
    if (keeper.kind === 'pick') assert.deepEqual([keeper.options[0]!.value, keeper.options[0]!.description], [false, 'default']);
    const bool = COMMAND_CATALOGUE.flatMap((c) => c.params).find((p) => p.type === 'boolean')!;
    const b = paramPrompt(bool);
    assert.equal(b.kind, 'pick');
    if (b.kind === 'pick') assert.deepEqual(new Set(b.options.map((o) => o.value)), new Set([true, false]));
  });

  it('booleans read On/Off (the default first); the car’s current value is marked "now" and, for inputs, prefilled', () => {
    const sentry = paramPrompt(spec('set_sentry_mode', 'on'), false);
    assert.ok(sentry.kind === 'pick');
    if (sentry.kind === 'pick') {
      assert.deepEqual(
        sentry.options.map((o) => [o.label, o.value, o.description ?? '', o.current ?? false]),
        [
          ['On', true, '', false],
          ['Off', false, 'now', true],
        ],
      );
      assert.equal(sentry.placeholder, 'Sentry on: On or Off');
    }
    const keeper = paramPrompt(spec('set_climate_keeper_mode', 'manual_override'), false);
    if (keeper.kind === 'pick') {
      assert.deepEqual(
        keeper.options.map((o) => `${o.label} ${o.description ?? ''}`),
        ['Off default · now', 'On '],
      );
    }
    // The car's charge limit (charge_state.charge_limit_soc) comes before any default; without one the input starts empty.
    assert.equal(input('set_charge_limit', 'percent').initial, undefined);
    assert.equal((paramPrompt(spec('set_charge_limit', 'percent'), 72) as Input).initial, '72');
    assert.equal((paramPrompt(spec('set_vehicle_name', 'vehicle_name'), 'Commuter') as Input).initial, 'Commuter');
    // The schedule id's default (0 = new) stays when the car reported nothing.
    assert.equal(input('add_charge_schedule', 'id').initial, '0');
  });

  it('requiredWhen params are asked only when their switch is on', () => {
    const withSwitch = COMMAND_CATALOGUE.flatMap((c) => c.params).find((p) => p.requiredWhen);
    assert.ok(withSwitch, 'the catalogue has a requiredWhen param');
    assert.equal(shouldAsk(withSwitch, { [withSwitch.requiredWhen!]: false }), false);
    assert.equal(shouldAsk(withSwitch, { [withSwitch.requiredWhen!]: true }), true);
    // set_scheduled_departure: with enable false the proxy reads nothing else (pkg/proxy/command.go).
    const departure = findCommand('set_scheduled_departure')!;
    assert.deepEqual(
      departure.params.filter((p) => shouldAsk(p, { enable: false })).map((p) => p.name),
      ['enable'],
    );
    assert.equal(departure.params.filter((p) => shouldAsk(p, { enable: true })).length, 7);
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
        const text = candidates.find((t) => !isPromptError(prompt.validate(t)) && (t !== '' || p.optional || p.default !== undefined));
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
