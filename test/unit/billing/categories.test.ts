import { strict as assert } from 'node:assert';
import { classifyRequest, endpointLabel, isBillableStatus } from '../../../core/billing/categories';
import { estimateCost, formatUsd, emptyCounts } from '../../../core/billing/prices';

const VIN = '5YJ3E1EA8KF000001';

describe('billing classification', () => {
  it('puts reads in data, wake_up in wakes, commands in commands', () => {
    assert.equal(classifyRequest('GET', '/api/1/vehicles?page=1&per_page=100'), 'data');
    assert.equal(classifyRequest('GET', `/api/1/vehicles/${VIN}`), 'data');
    assert.equal(classifyRequest('GET', `/api/1/vehicles/${VIN}/vehicle_data?endpoints=charge_state`), 'data');
    assert.equal(classifyRequest('POST', '/api/1/vehicles/fleet_status'), 'data');
    assert.equal(classifyRequest('GET', '/api/1/users/me'), 'data');
    assert.equal(classifyRequest('POST', `/api/1/vehicles/${VIN}/wake_up`), 'wakes');
    assert.equal(classifyRequest('POST', `/api/1/vehicles/${VIN}/command/honk_horn`), 'commands');
    assert.equal(classifyRequest('POST', `/api/1/vehicles/${VIN}/signed_command`), 'commands');
    assert.equal(classifyRequest('POST', '/api/1/vehicles/fleet_telemetry_config'), 'commands');
    assert.equal(classifyRequest('GET', `/api/1/vehicles/${VIN}/fleet_telemetry_config`), 'data');
    assert.equal(classifyRequest('POST', '/api/1/energy_sites/42/backup'), 'commands');
    assert.equal(classifyRequest('GET', '/api/1/energy_sites/42/live_status'), 'data');
  });

  it('does not bill authentication, health or simulator control calls', () => {
    assert.equal(classifyRequest('POST', '/oauth2/v3/token'), undefined);
    assert.equal(classifyRequest('GET', '/status'), undefined);
    assert.equal(classifyRequest('GET', '/sim/usage'), undefined);
  });

  it('bills every status below 500, including 408 and 429', () => {
    for (const s of [200, 400, 401, 408, 412, 421, 429, 499]) assert.equal(isBillableStatus(s), true, String(s));
    for (const s of [0, 500, 503, 540]) assert.equal(isBillableStatus(s), false, String(s));
  });

  it('labels endpoints without VINs or ids', () => {
    assert.equal(endpointLabel('GET', `/api/1/vehicles/${VIN}/vehicle_data?endpoints=x`), 'GET /vehicles/{tag}/vehicle_data');
    assert.equal(endpointLabel('POST', '/api/1/vehicles/fleet_status'), 'POST /vehicles/fleet_status');
    assert.equal(endpointLabel('POST', `/api/1/vehicles/${VIN}/command/door_lock`), 'POST /vehicles/{tag}/command/door_lock');
  });

  it('estimates cost from the published rates, rounded to the cent', () => {
    const counts = { ...emptyCounts(), data: 500, wakes: 1, commands: 10, streaming: 150_000 };
    const e = estimateCost(counts);
    assert.equal(e.byCategory.data, 1);
    assert.equal(e.byCategory.wakes, 0.02);
    assert.equal(e.byCategory.commands, 0.01);
    assert.equal(e.byCategory.streaming, 1);
    assert.equal(e.grossUsd, 2.03);
    assert.equal(e.netUsd, 0);
    assert.equal(estimateCost({ ...emptyCounts(), wakes: 600 }).netUsd, 2);
    assert.equal(formatUsd(0.002), '<$0.01');
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(1.234), '$1.23');
  });
});
