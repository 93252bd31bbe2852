import { strict as assert } from 'node:assert';
import { errorEnvelope, readErrorEnvelope } from '../../../core/fleet-api/envelope';

describe('core/fleet-api envelope: the error form', () => {
  it('builds Tesla’s envelope with optional txid and messages', () => {
    assert.deepEqual(errorEnvelope('invalid_field', 'vins must be an array'), {
      response: null,
      error: 'invalid_field',
      error_description: 'vins must be an array',
    });
    assert.deepEqual(errorEnvelope('x', '', { txid: 'abc', messages: { vin: ['bad'] } }), {
      response: null,
      error: 'x',
      error_description: '',
      messages: { vin: ['bad'] },
      txid: 'abc',
    });
  });

  it('reads envelopes back and rejects non-envelopes', () => {
    assert.deepEqual(readErrorEnvelope({ response: null, error: 'login_required', txid: 't' }), {
      response: null,
      error: 'login_required',
      error_description: '',
      txid: 't',
    });
    for (const v of [null, 'x', [], { response: {} }, { error: 5 }]) assert.equal(readErrorEnvelope(v), undefined);
  });
});
