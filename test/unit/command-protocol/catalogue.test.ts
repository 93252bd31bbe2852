import assert from 'node:assert/strict';
import { COMMAND_CATALOGUE, CommandParamError, daysOfWeekMask, encodeCommandPayload, findCommand, validateParams, type SignedCommandSpec } from '../../../core/command-protocol/catalogue';
import { SAMPLE_PARAMS } from './sample-params';

describe('command catalogue', () => {
  it('has unique names, a domain for every signed command and none for REST ones', () => {
    const names = COMMAND_CATALOGUE.map((c) => c.name);
    assert.equal(new Set(names).size, names.length);
    for (const c of COMMAND_CATALOGUE) {
      if (c.signing === 'signed') assert.ok(c.domain === 'vcsec' || c.domain === 'infotainment', c.name);
      else assert.equal(c.domain, null);
      assert.ok(c.title && c.description, c.name);
    }
    assert.deepEqual(
      COMMAND_CATALOGUE.filter((c) => c.signing === 'rest').map((c) => c.name).sort(),
      ['navigation_request', 'set_managed_charge_current_request', 'set_managed_charger_location', 'set_managed_scheduled_charging_time', 'wake_up'],
    );
    assert.deepEqual(
      COMMAND_CATALOGUE.filter((c) => c.domain === 'vcsec').map((c) => c.name).sort(),
      ['actuate_trunk', 'close_tonneau', 'door_lock', 'door_unlock', 'open_tonneau', 'remote_start_drive', 'stop_tonneau'],
    );
  });

  it('payloads match the reference bytes', () => {
    const enc = (name: string, params: Record<string, unknown> = {}): string => {
      const spec = findCommand(name) as SignedCommandSpec;
      return Buffer.from(encodeCommandPayload(spec, validateParams(spec, params))).toString('hex');
    };
    assert.equal(enc('door_lock'), '1001');
    assert.equal(enc('door_unlock'), '1000');
    assert.equal(enc('remote_start_drive'), '1014');
    assert.equal(enc('actuate_trunk'), '22022801');
    assert.equal(enc('actuate_trunk', { which_trunk: 'front' }), '22023001');
    assert.equal(enc('auto_conditioning_start'), '120452020801');
    // ChargePortDoorOpen{} must still be emitted as a zero-length field 62.
    assert.equal(enc('charge_port_door_open'), '1203f20300');
  });

  it('every sample param set validates and encodes', () => {
    for (const spec of COMMAND_CATALOGUE) {
      if (spec.signing !== 'signed') continue;
      const bytes = encodeCommandPayload(spec, validateParams(spec, SAMPLE_PARAMS[spec.name] ?? {}));
      assert.ok(bytes.length >= 2, spec.name);
    }
  });

  it('reports missing, mistyped, out-of-range and unknown params (proxy wording)', () => {
    const limit = findCommand('set_charge_limit')!;
    assert.throws(() => validateParams(limit, {}), (e: unknown) => e instanceof CommandParamError && e.problems[0] === 'missing percent param');
    assert.throws(() => validateParams(limit, { percent: '80' }), /invalid percent param: expected a number/);
    assert.throws(() => validateParams(limit, { percent: 101 }), /101 is above 100/);
    assert.throws(() => validateParams(limit, { percent: 80.5 }), /whole number/);
    assert.throws(() => validateParams(limit, { percent: 80, extra: 1 }), /unknown param extra/);
    assert.throws(() => validateParams(limit, [80]), /must be a JSON object/);
    assert.throws(() => validateParams(findCommand('window_control')!, { command: 'open' }), /expected one of "vent", "close"/);
    assert.throws(() => validateParams(findCommand('set_valet_mode')!, { on: true }), /missing password param/);
    assert.deepEqual(validateParams(findCommand('set_valet_mode')!, { on: false }), { on: false });
    assert.throws(() => validateParams(findCommand('set_valet_mode')!, { on: true, password: '12a4' }), /4 digits/);
    assert.deepEqual(validateParams(findCommand('actuate_trunk')!, undefined), { which_trunk: 'rear' });
  });

  it('days_of_week text → mask', () => {
    assert.equal(daysOfWeekMask('All'), 127);
    assert.equal(daysOfWeekMask('Weekdays'), 62);
    assert.equal(daysOfWeekMask('Sun,Sat'), 65);
  });
});
