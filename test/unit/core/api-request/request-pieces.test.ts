import { strict as assert } from 'node:assert';
import { billingOf, fillVariables, isMethod, pathVariables, toCurl, variableKind } from '../../../../core/api-request';

describe('api-request pieces', () => {
  it('fills {vin} and {site} and their Tesla names, URL-encoded, and names what is missing', () => {
    assert.deepEqual(fillVariables('/api/1/vehicles/{vin}/vehicle_data', { vin: '5YJ3E1EA8KF000001' }), {
      path: '/api/1/vehicles/5YJ3E1EA8KF000001/vehicle_data',
      missing: [],
    });
    assert.equal(fillVariables('/api/1/vehicles/{vehicle_tag}', { vin: 'a b' }).path, '/api/1/vehicles/a%20b');
    assert.equal(fillVariables('/api/1/energy_sites/{energy_site_id}/backup', { site: '42' }).path, '/api/1/energy_sites/42/backup');
    assert.deepEqual(fillVariables('/api/1/energy_sites/{site}/x/{vin}', {}).missing, ['site', 'vin']);
    assert.deepEqual(pathVariables('/a/{vin}/b/{site}'), ['vin', 'site']);
    assert.equal(variableKind('vehicle_tag'), 'vin');
    assert.equal(variableKind('energy_site_id'), 'site');
    assert.equal(variableKind('id'), undefined);
  });

  it('prices a call by the table: data $0.002, commands $0.001, wakes $0.02; nothing outside /api/1', () => {
    assert.deepEqual(billingOf('GET', '/api/1/vehicles'), { category: 'data', usd: 0.002 });
    assert.deepEqual(billingOf('POST', '/api/1/vehicles/X/command/door_lock'), { category: 'commands', usd: 0.001 });
    assert.deepEqual(billingOf('POST', '/api/1/vehicles/X/wake_up'), { category: 'wakes', usd: 0.02 });
    assert.equal(billingOf('GET', '/status'), undefined);
    assert.ok(isMethod('DELETE'));
    assert.ok(!isMethod('get'));
  });

  it('copies as curl with $TESLA_TOKEN, never a token of the request, quoting what the shell would break', () => {
    const curl = toCurl(
      {
        method: 'POST',
        path: '/api/1/vehicles/X/command/set_vehicle_name',
        headers: { Authorization: 'Bearer real-secret', 'X-Note': "it's" },
        body: { vehicle_name: "Ada's" },
      },
      'https://fleet-api.prd.na.vn.cloud.tesla.com/',
    );
    assert.doesNotMatch(curl, /real-secret/);
    assert.match(curl, /^curl -X POST 'https:\/\/fleet-api\.prd\.na\.vn\.cloud\.tesla\.com\/api\/1\/vehicles\/X\/command\/set_vehicle_name'/);
    assert.match(curl, /-H "Authorization: Bearer \$TESLA_TOKEN"/);
    assert.match(curl, /-H 'X-Note: it'\\''s'/);
    assert.match(curl, /--data '\{"vehicle_name":"Ada'\\''s"\}'/);
  });
});
