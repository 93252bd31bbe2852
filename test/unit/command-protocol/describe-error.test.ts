import assert from 'node:assert/strict';
import {
  AsleepError,
  CommandHttpError,
  CommandParamError,
  describeCommandError,
  KeyNotPairedError,
  ProtocolRequiredError,
  VehicleFaultError,
} from '../../../core/command-protocol';
import { KeyFormatError } from '../../../core/keys';

describe('describeCommandError', () => {
  it('maps each failure to a message and the action a UI should offer', () => {
    assert.equal(describeCommandError(new AsleepError('V', 408)).action, 'wake');
    const pair = describeCommandError(new KeyNotPairedError('V', 'vcsec', 'fleet.example.com'));
    assert.deepEqual([pair.action, pair.url], ['pair', 'https://tesla.com/_ak/fleet.example.com']);
    assert.equal(describeCommandError(new CommandParamError('set_charge_limit', ['missing percent param'])).action, 'fixParams');
    assert.equal(describeCommandError(new ProtocolRequiredError('V', 'door_lock')).action, 'useSignedTransport');
    assert.equal(describeCommandError(new KeyFormatError('bad')).action, 'importKey');
    assert.equal(describeCommandError(new VehicleFaultError('V', 'infotainment', 1)).action, 'retry');
    assert.equal(describeCommandError(new VehicleFaultError('V', 'infotainment', 7)).action, 'none');
    const unauthorized = describeCommandError(new CommandHttpError(401, '{"error":"invalid_token"}', 'tx1'));
    assert.deepEqual([unauthorized.action, unauthorized.txid], ['signIn', 'tx1']);
    assert.equal(describeCommandError(new CommandHttpError(429, '')).action, 'retry');
    assert.equal(describeCommandError(new CommandHttpError(500, 'x')).action, 'retry');
    assert.deepEqual(describeCommandError('weird'), { message: 'weird', action: 'none' });
  });
});
