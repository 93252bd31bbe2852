import { strict as assert } from 'node:assert';
import { CLI_HINTS, describeError, mayHaveSucceeded } from '../../../core/errors/describe-error';
import {
  CommandParamError,
  KeyNotPairedError,
  MessageFault,
  ProtocolRequiredError,
  SessionAuthenticationError,
  VehicleFaultError,
} from '../../../core/command-protocol';
import {
  AsleepError,
  FleetApiError,
  PreconditionFailedError,
  RateLimitedError,
  ReauthRequiredError,
  ServerError,
  TransportError,
} from '../../../core/fleet-api/errors';
import { KeyFormatError } from '../../../core/keys';

const base = { method: 'GET', path: '/api/1/vehicles' };

describe('describeError: any Fleetkit error as user text and actions (tree, palette, push, CLI)', () => {
  it('412 unregistered partner → "Register your partner domain in the EU region" with a register button and the txid', () => {
    const d = describeError(
      new PreconditionFailedError({ ...base, status: 412, error: 'Account 42 must be registered in the current region', txid: 'tx-9' }, 'eu'),
    );
    assert.match(d.message, /^Register your partner domain in the EU region/);
    assert.match(d.message, /txid tx-9/);
    assert.deepEqual(d.actions, ['registerPartner', 'showLog']);
    assert.equal(d.txid, 'tx-9');
  });

  it('401 → sign in again; 408 → offer a wake; 429 → says how long Fleetkit waits', () => {
    assert.deepEqual(describeError(new ReauthRequiredError({ ...base, status: 401, error: 'login_required' })).actions, ['signIn', 'showLog']);
    const asleep = describeError(new AsleepError({ ...base, status: 408 }), { vehicle: 'Family Y' });
    assert.match(asleep.message, /^Family Y is asleep or offline/);
    assert.deepEqual(asleep.actions, ['wake']);
    assert.equal(describeError(new AsleepError({ ...base, status: 408 })).mayHaveSucceeded, undefined, 'asleep: the command did not run');
    const limited = describeError(new RateLimitedError({ ...base, status: 429 }, 42_500, 0, true));
    assert.match(limited.message, /43 s \(this call was not sent\)/);
  });

  it('other API errors keep Tesla’s text; transport errors say the API was unreachable', () => {
    assert.match(
      describeError(new FleetApiError({ ...base, status: 404, error: 'not_found', errorDescription: 'no such vehicle' })).message,
      /no such vehicle/,
    );
    assert.match(describeError(new TransportError('GET /x: connect ECONNREFUSED', 'GET', '/x', false)).message, /^Could not reach the Fleet API/);
  });

  it('command failures: pair with the link, fix parameters, signed transport, import a key', () => {
    const pair = describeError(new KeyNotPairedError('V', 'vcsec', 'fleet.example.com'));
    assert.deepEqual([pair.actions, pair.url], [['pair', 'copyPublicKey', 'showLog'], 'https://tesla.com/_ak/fleet.example.com']);
    assert.deepEqual(describeError(new CommandParamError('set_charge_limit', ['missing percent param'])).actions, ['fixParams']);
    assert.deepEqual(describeError(new ProtocolRequiredError('V', 'door_lock')).actions, ['useSignedTransport', 'showLog']);
    assert.deepEqual(describeError(new KeyFormatError('bad')).actions, ['importKey']);
    assert.deepEqual(describeError('weird'), { message: 'weird', actions: ['showLog'] });
  });

  it('vehicle faults: retry only what vehicle-command calls temporary (pkg/protocol/error.go RoutableMessageError)', () => {
    for (const f of [MessageFault.Busy, MessageFault.Timeout, MessageFault.Internal, MessageFault.IncorrectEpoch, MessageFault.TimeExpired]) {
      assert.deepEqual(describeError(new VehicleFaultError('V', 'infotainment', f)).actions, ['retry', 'showLog'], `fault ${f}`);
    }
    assert.deepEqual(describeError(new VehicleFaultError('V', 'infotainment', MessageFault.InsufficientPrivileges)).actions, ['showLog']);
    const mtu = describeError(new VehicleFaultError('V', 'infotainment', MessageFault.ResponseMtuExceeded));
    assert.deepEqual([mtu.mayHaveSucceeded, mtu.actions], [true, ['checkState', 'showLog']], 'a reply too large to return: the command may have run');
  });

  it('a command that may have run is never offered a Retry: check the vehicle state (5xx other than 503, an unanswered POST)', () => {
    const post = { method: 'POST', path: '/api/1/vehicles/V/command/actuate_trunk' };
    const d = describeError(new ServerError({ ...post, status: 500, error: 'internal error', txid: 'tx-5' }), { vehicle: 'Commuter' });
    assert.match(d.message, /^Commuter may already have carried out the command: Tesla answered 500 \(internal error\)\. Check the vehicle's state/);
    assert.deepEqual([d.actions, d.mayHaveSucceeded, d.txid], [['checkState', 'showLog'], true, 'tx-5']);
    assert.ok(!d.actions.includes('retry'));
    // 503 is the car asleep (inet.go), 4xx never ran: not "may have succeeded".
    assert.equal(mayHaveSucceeded(new ServerError({ ...post, status: 503 })), false);
    assert.equal(mayHaveSucceeded(new FleetApiError({ ...post, status: 404 })), false);
    assert.equal(mayHaveSucceeded(new ServerError({ method: 'GET', path: '/api/1/vehicles', status: 500 })), false, 'a GET changes nothing');
    const timeout = new TransportError('POST x: timed out after 30000 ms', 'POST', '/api/1/vehicles/V/signed_command', true);
    assert.equal(describeError(timeout).mayHaveSucceeded, true, 'no answer after sending');
    const refused = new TransportError('POST x: connect ECONNREFUSED', 'POST', '/x', false, {
      cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
    });
    assert.deepEqual(describeError(refused).actions, ['retry', 'showLog'], 'never sent: safe to send again');
    assert.deepEqual(describeError(refused, { simulator: true }), {
      message: 'The local simulator is not running: start it, then try again.',
      actions: ['startSimulator', 'showLog'],
    });
    assert.equal(describeError(new SessionAuthenticationError('reply failed authentication', true)).mayHaveSucceeded, true);
    assert.deepEqual(describeError(new SessionAuthenticationError('session info failed verification')).actions, ['retry', 'showLog']);
  });

  it('every action has CLI wording', () => {
    for (const [action, hint] of Object.entries(CLI_HINTS)) assert.ok(hint.length > 10, action);
  });
});
