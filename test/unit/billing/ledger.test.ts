import { strict as assert } from 'node:assert';
import { UsageLedger, monthKey } from '../../../core/billing/ledger';

const NOV = Date.UTC(2026, 10, 23, 12);
const DEC = Date.UTC(2026, 11, 1, 0, 0, 1);
const VIN = '5YJ3E1EA8KF000001';

describe('usage ledger', () => {
  it('counts billable calls per account and month, 4xx included, 5xx excluded', () => {
    const ledger = new UsageLedger();
    ledger.record({ accountId: 'a', method: 'GET', path: '/api/1/vehicles', status: 200, at: NOV });
    ledger.record({ accountId: 'a', method: 'GET', path: `/api/1/vehicles/${VIN}/vehicle_data`, status: 408, at: NOV });
    ledger.record({ accountId: 'a', method: 'POST', path: `/api/1/vehicles/${VIN}/wake_up`, status: 200, at: NOV });
    ledger.record({ accountId: 'a', method: 'GET', path: '/api/1/vehicles', status: 503, at: NOV });
    ledger.record({ accountId: 'a', method: 'GET', path: '/api/1/vehicles', status: 0, at: NOV });
    ledger.record({ accountId: 'b', method: 'GET', path: '/api/1/vehicles', status: 429, at: NOV });
    ledger.record({ accountId: 'a', method: 'GET', path: '/api/1/vehicles', status: 200, at: DEC });
    const a = ledger.summary('a', NOV);
    assert.deepEqual(a.counts, { data: 2, commands: 0, wakes: 1, streaming: 0 });
    assert.equal(a.month, '2026-11');
    assert.deepEqual(a.byEndpoint['GET /vehicles/{tag}/vehicle_data'], { category: 'data', count: 1, errors: 1 });
    assert.equal(a.estimate.grossUsd, 0.02); // 2 data ($0.004) + 1 wake ($0.02) → $0.024 → rounded
    assert.equal(ledger.summary('b', NOV).counts.data, 1);
    assert.equal(ledger.summary('a', DEC).counts.data, 1);
    assert.equal(ledger.summary('nobody', NOV).counts.data, 0);
  });

  it('survives a snapshot round trip and ignores malformed snapshot parts', () => {
    const ledger = new UsageLedger();
    ledger.record({ accountId: 'a', method: 'POST', path: `/api/1/vehicles/${VIN}/wake_up`, status: 200, at: NOV });
    ledger.recordStreaming('a', 1234, NOV);
    const copy = new UsageLedger(JSON.parse(JSON.stringify(ledger.snapshot())));
    assert.deepEqual(copy.summary('a', NOV), ledger.summary('a', NOV));
    const broken = new UsageLedger({
      a: { 'not-a-month': { counts: { data: 5 } } as never, '2026-11': { counts: { data: -3, wakes: 'x' } as never, byEndpoint: {} } },
    });
    assert.deepEqual(broken.summary('a', NOV).counts, { data: 0, commands: 0, wakes: 0, streaming: 0 });
  });

  it('notifies listeners on every billable change and prunes old months', () => {
    const ledger = new UsageLedger();
    const seen: string[] = [];
    const sub = ledger.onDidChange((id) => seen.push(id));
    ledger.record({ accountId: 'x', method: 'GET', path: '/api/1/users/me', status: 200, at: NOV });
    ledger.record({ accountId: 'x', method: 'GET', path: '/status', status: 200, at: NOV });
    sub.dispose();
    ledger.record({ accountId: 'x', method: 'GET', path: '/api/1/users/me', status: 200, at: DEC });
    assert.deepEqual(seen, ['x']);
    ledger.prune(1);
    assert.equal(ledger.summary('x', NOV).counts.data, 0);
    assert.equal(ledger.summary('x', DEC).counts.data, 1);
    assert.equal(monthKey(Date.UTC(2027, 0, 1)), '2027-01');
  });
});
