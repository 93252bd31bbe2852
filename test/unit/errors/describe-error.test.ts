import { strict as assert } from 'node:assert';
import { describeError } from '../../../client/vehicles/error-text';
import { costReport } from '../../../client/vehicles/cost-report';
import { AsleepError, FleetApiError, PreconditionFailedError, RateLimitedError, ReauthRequiredError, TransportError } from '../../../core/fleet-api/errors';
import { UsageLedger } from '../../../core/billing/ledger';

const base = { method: 'GET', path: '/api/1/vehicles' };

describe('vehicles: error notifications and cost report', () => {
  it('412 unregistered partner → "Register your partner domain in the EU region" with a register button and the txid', () => {
    const d = describeError(new PreconditionFailedError({ ...base, status: 412, error: 'Account 42 must be registered in the current region', txid: 'tx-9' }, 'eu'));
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
    const limited = describeError(new RateLimitedError({ ...base, status: 429 }, 42_500, 0, true));
    assert.match(limited.message, /43 s \(this call was not sent\)/);
  });

  it('other API errors keep Tesla’s text; transport errors say the API was unreachable', () => {
    assert.match(describeError(new FleetApiError({ ...base, status: 404, error: 'not_found', errorDescription: 'no such vehicle' })).message, /no such vehicle/);
    assert.match(describeError(new TransportError('GET /x: connect ECONNREFUSED', 'GET', '/x', false)).message, /^Could not reach the Fleet API/);
  });

  it('the cost report lists categories, totals and endpoints', () => {
    const ledger = new UsageLedger();
    const at = Date.UTC(2026, 10, 5);
    ledger.record({ accountId: 'a', method: 'GET', path: '/api/1/vehicles', status: 200, at });
    ledger.record({ accountId: 'a', method: 'POST', path: '/api/1/vehicles/5YJ3E1EA7KF000001/wake_up', status: 200, at });
    const md = costReport('dev@example.com', 'na', ledger.summary('a', at));
    assert.match(md, /# Fleet API cost estimate — dev@example.com \(NA\), 2026-11/);
    assert.match(md, /\| wakes \| 1 \| 50 per \$1 \| \$0\.02 \|/);
    assert.match(md, /\| `POST \/vehicles\/\{tag\}\/wake_up` \| wakes \| 1 \| 0 \|/);
    assert.match(md, /\*\*\$0\.02\*\*/);
  });
});
