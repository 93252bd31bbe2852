import { strict as assert } from 'node:assert';
import { parseHttpFile } from '../../../../core/api-request/http-file';
import type { ApiExchange } from '../../../../core/api-request/send';
import { FleetApiError } from '../../../../core/fleet-api/errors';
import { endpoint } from '../../../../core/fleet-api/endpoints';
import { workbenchAccountOf } from '../../../../client/workbench/account-sync';
import { sendLensTitle } from '../../../../client/workbench/lens-title';
import { neededChoices, prepareRequest } from '../../../../client/workbench/prepare';
import { renderResponseBody } from '../../../../client/workbench/response-html';
import { resultOfExchange, resultOfOutcome } from '../../../../client/workbench/result';

const VIN = '5YJ3E1EA8KF000001';

describe('request workbench (client, pure parts)', () => {
  it('the Send lens previews the cost, a wake and signing before anything is sent', () => {
    assert.equal(sendLensTitle('GET', '/api/1/vehicles/{vin}/vehicle_data?endpoints=charge_state'), '$(play) Send · data $0.002');
    assert.equal(sendLensTitle('POST', '/api/1/vehicles/{vin}/wake_up'), '$(play) Send · wakes the car · wakes $0.02');
    assert.equal(sendLensTitle('POST', '/api/1/vehicles/{vin}/command/door_lock'), '$(play) Send · signed · commands $0.001');
    assert.equal(sendLensTitle('GET', '/status'), '$(play) Send');
  });

  it('prepares a request: @variables and picked values filled, the body parsed, an Authorization header of the file dropped', () => {
    const file = parseHttpFile(`POST /api/1/vehicles/{vin}/command/set_charge_limit\nAuthorization: Bearer pasted-token\nX-Trace: 1\n\n{"percent": 80}\n`);
    const block = file.requests[0];
    assert.deepEqual(neededChoices(block, file.variables), ['vin']);
    const prepared = prepareRequest(block, { vin: VIN });
    assert.ok(prepared.ok);
    assert.deepEqual(prepared.request, {
      method: 'POST',
      path: `/api/1/vehicles/${VIN}/command/set_charge_limit`,
      headers: { 'X-Trace': '1' },
      body: { percent: 80 },
    });
    assert.equal(prepared.vin, VIN);
    assert.equal(prepared.endpoint?.signedCommand, 'set_charge_limit');
    assert.deepEqual(neededChoices(block, { vin: VIN }), []);
  });

  it('refuses what cannot be sent with a sentence naming the fix', () => {
    const bad = (text: string, values: Record<string, string> = {}) => {
      const p = prepareRequest(parseHttpFile(text).requests[0], values);
      return p.ok ? '' : p.problem;
    };
    assert.match(bad('GET https://fleet-api.prd.na.vn.cloud.tesla.com/api/1/vehicles'), /Write the path only/);
    assert.match(bad('POST /api/1/vehicles/fleet_status\n\n{ "vins": '), /The body is not JSON/);
    assert.match(bad('GET /api/1/energy_sites/{site}/live_status'), /\{site\} has no value: add @site = …/);
    assert.match(bad('FETCH /api/1/vehicles'), /FETCH is not a method Fleetkit sends/);
  });

  it('renders a response: status, txid, time, cost, headers and body escaped, and the history newest first', () => {
    const error = new FleetApiError({ status: 408, method: 'GET', path: '/x', error: 'vehicle unavailable', txid: 'tx408' });
    const failed: ApiExchange = {
      request: { method: 'GET', path: `/api/1/vehicles/${VIN}/vehicle_data` },
      status: 408,
      ok: false,
      txid: 'tx408',
      headers: { 'x-txid': 'tx408' },
      raw: '{"response":null,"error":"vehicle unavailable"}',
      json: { response: null, error: 'vehicle unavailable' },
      durationMs: 12.4,
      baseUrl: 'https://127.0.0.1:1',
      endpoint: endpoint('vehicle.vehicle_data'),
      billing: 'data',
      error,
    };
    const first = resultOfExchange(1, Date.UTC(2026, 11, 7, 15, 0, 0), 'ada@example.com', failed);
    assert.equal(first.summary, '408 vehicle unavailable');
    assert.deepEqual(first.billed, { category: 'data', usd: 0.002 }, '408 is billed');
    const second = resultOfOutcome(
      2,
      Date.UTC(2026, 11, 7, 15, 1, 0),
      { method: 'POST', path: `/api/1/vehicles/${VIN}/command/door_lock`, account: 'ada@example.com', baseUrl: 'https://127.0.0.1:1' },
      { command: 'door_lock', vin: VIN, ok: true, reason: '', via: 'signed', domain: 'vcsec', handshakes: 1, attempts: 1, txid: 'txlock' },
      30,
    );
    const html = renderResponseBody([second, first]);
    assert.match(html, /<span class="status" data-ok="true" data-field="status">done: signed \(vcsec\), 1 handshake\(s\), 1 attempt\(s\)<\/span>/);
    assert.match(html, /data-field="txid">txlock</);
    assert.match(html, /data-field="billed">commands, \$0\.001</);
    assert.match(html, /<tr data-id="2">.*<tr data-id="1">/s);
    assert.match(
      html,
      /<td>15:00:00<\/td><td><code>GET \/api\/1\/vehicles\/5YJ3E1EA8KF000001\/vehicle_data<\/code><\/td><td data-ok="false">408<\/td><td><code>tx408<\/code><\/td>/,
    );
    const only = renderResponseBody([first]);
    assert.match(only, /&quot;error&quot;: &quot;vehicle unavailable&quot;/, 'the body escaped');
    assert.match(only, /data-field="explanation"/);
    assert.match(renderResponseBody([]), /id="empty"/);
  });
});

describe('request workbench: what completion gets from the signed-in accounts', () => {
  it('the listed vehicles and energy sites, with their names (no call of its own)', () => {
    const vehicles = {
      accounts: () => [{ id: 'acc', label: 'ada@example.com' }],
      cache: { list: () => [{ vin: VIN, summary: { vin: VIN, display_name: 'Commuter', state: 'online' } }] },
    } as unknown as Parameters<typeof workbenchAccountOf>[0];
    const energy = { allSites: () => [{ accountId: 'acc', record: { product: { energy_site_id: 42, site_name: 'Home' } } }] } as unknown as Parameters<
      typeof workbenchAccountOf
    >[1];
    const account = workbenchAccountOf(vehicles, energy);
    assert.equal(account.vehicles.length, 1);
    assert.equal(account.vehicles[0].id, VIN);
    assert.deepEqual(account.sites, [{ id: '42', name: 'Home' }]);
  });
});
