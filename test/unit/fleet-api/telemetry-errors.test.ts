import { strict as assert } from 'node:assert';
import { FleetApi } from '../../../core/fleet-api/api';
import { ForbiddenError } from '../../../core/fleet-api/errors';
import { staticTokenProvider } from '../../../core/fleet-api/token-provider';
import { parseTelemetryErrors, parseTelemetryErrorVins, telemetryErrorFix, telemetryErrorsByVin } from '../../../core/fleet-api/telemetry-errors';
import { LoopbackFleet } from './loopback-fleet';

const VIN_A = '5YJ3E1EA8KF000001';
const VIN_B = '7SAYGDEE1PF000002';

// The documented example (developer.tesla.com partner endpoints, quoted in the Fleet Telemetry reference §5):
// {"response":{"fleet_telemetry_errors":[{"name":"client-id","error":"msg","vin":"vin"}]}}.
// A real answer (fleet-telemetry issue #406) adds created_at with nanoseconds, error_name and txID:
const REAL = {
  created_at: '2025-08-22T15:41:25.11121814Z',
  error: 'error loading config file: crypto/ecdsa: verification error',
  error_name: 'config_manager_error',
  name: '0b1c2d3e-client-uuid',
  txID: '4f9e2a10-0000-4000-8000-000000000001',
  vin: VIN_A,
};

describe('telemetry error endpoints: parsing', () => {
  it('reads the documented shape and the real one (created_at with nanoseconds, error_name, txID)', () => {
    const errors = parseTelemetryErrors({ fleet_telemetry_errors: [{ name: 'client-id', error: 'msg', vin: VIN_B }, REAL] });
    assert.deepEqual(errors, [
      { vin: VIN_A, name: REAL.name, error: REAL.error, errorName: 'config_manager_error', createdAt: Date.parse('2025-08-22T15:41:25.111Z'), txid: REAL.txID },
      { vin: VIN_B, name: 'client-id', error: 'msg' },
    ]);
  });

  it('orders newest first, drops entries without a VIN, accepts a bare array and tolerates junk', () => {
    const older = { ...REAL, created_at: '2025-08-22T15:00:00Z', error: 'older' };
    const errors = parseTelemetryErrors([older, { error: 'no vin' }, 42, null, REAL, { vin: VIN_B, error: { code: 1 }, created_at: 'yesterday' }]);
    assert.deepEqual(
      errors.map((e) => e.error),
      [REAL.error, 'older', '{"code":1}'],
    );
    assert.equal(errors[2].createdAt, undefined);
    assert.deepEqual(parseTelemetryErrors(null), []);
    assert.deepEqual(parseTelemetryErrors({ fleet_telemetry_errors: 'nope' }), []);
  });

  it('reads the error VINs (documented object or a bare array), once each', () => {
    assert.deepEqual(parseTelemetryErrorVins({ fleet_telemetry_error_vins: [VIN_A, VIN_B, VIN_A, 7] }), [VIN_A, VIN_B]);
    assert.deepEqual(parseTelemetryErrorVins([VIN_B]), [VIN_B]);
    assert.deepEqual(parseTelemetryErrorVins({}), []);
  });

  it('groups per VIN with the VIN of the newest error first', () => {
    const errors = parseTelemetryErrors([
      { vin: VIN_B, error: 'b1', created_at: '2025-01-01T00:00:01Z' },
      { vin: VIN_A, error: 'a1', created_at: '2025-01-01T00:00:03Z' },
      { vin: VIN_B, error: 'b2', created_at: '2025-01-01T00:00:05Z' },
    ]);
    const grouped = telemetryErrorsByVin(errors);
    assert.deepEqual([...grouped.keys()], [VIN_B, VIN_A]);
    assert.deepEqual(
      grouped.get(VIN_B)!.map((e) => e.error),
      ['b2', 'b1'],
    );
  });

  it('names a fix for the signing-key, TLS, mTLS and reachability failures', () => {
    assert.match(telemetryErrorFix(REAL)!, /registered for your partner domain/);
    assert.match(telemetryErrorFix({ error: 'tls: failed to verify certificate: x509: certificate signed by unknown authority' })!, /"ca"/);
    assert.match(telemetryErrorFix({ error: 'remote error: tls: bad certificate' })!, /client certificates/);
    assert.match(telemetryErrorFix({ error: 'tls: the server did not request a client certificate' })!, /mutual TLS/);
    assert.match(telemetryErrorFix({ error: 'dial tcp 127.0.0.1:4443: connect: connection refused' })!, /listen on the config's port/);
    assert.equal(telemetryErrorFix({ error: 'something else' }), undefined);
  });
});

describe('telemetry error endpoints over a loopback Fleet API', () => {
  let fleet: LoopbackFleet;
  let api: FleetApi;

  before(async () => {
    fleet = await LoopbackFleet.start();
    api = FleetApi.create({ baseUrl: fleet.url, accountId: 'acct', tokens: staticTokenProvider('tok'), maxServerRetries: 0 });
  });
  after(async () => {
    await api.close();
    await fleet.close();
  });

  it('GET partner_accounts/fleet_telemetry_errors and …/fleet_telemetry_error_vins', async () => {
    fleet.route('GET /api/1/partner_accounts/fleet_telemetry_errors', { status: 200, body: { response: { fleet_telemetry_errors: [REAL] }, txid: 'tx-1' } });
    fleet.route('GET /api/1/partner_accounts/fleet_telemetry_error_vins', { status: 200, body: { response: { fleet_telemetry_error_vins: [VIN_A] } } });
    const errors = await api.partner.fleetTelemetryErrors();
    assert.equal(errors.errors.length, 1);
    assert.equal(errors.errors[0].errorName, 'config_manager_error');
    assert.equal(errors.txid, 'tx-1');
    assert.match(errors.raw, /crypto\/ecdsa/);
    assert.deepEqual((await api.partner.fleetTelemetryErrorVins()).vins, [VIN_A]);
    assert.equal(fleet.requests.at(-1)!.authorization, 'Bearer tok');
  });

  it('GET vehicles/{vin}/fleet_telemetry_errors, with the VIN in the path', async () => {
    fleet.route(`GET /api/1/vehicles/${VIN_B}/fleet_telemetry_errors`, {
      status: 200,
      body: { response: { fleet_telemetry_errors: [{ ...REAL, vin: VIN_B }] } },
    });
    const res = await api.vehicles.fleetTelemetryErrors(VIN_B);
    assert.deepEqual(
      res.errors.map((e) => e.vin),
      [VIN_B],
    );
  });

  it("a user token on the partner endpoint: Tesla's 403 becomes a ForbiddenError", async () => {
    fleet.route('GET /api/1/partner_accounts/fleet_telemetry_errors', {
      status: 403,
      body: { response: null, error: 'Unauthorized missing scopes', error_description: '' },
    });
    await assert.rejects(api.partner.fleetTelemetryErrors(), ForbiddenError);
  });
});
