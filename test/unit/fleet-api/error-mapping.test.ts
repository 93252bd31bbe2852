import { strict as assert } from 'node:assert';
import { mapError, redirectTarget, vehicleTagOf, type FailedResponse, DEFAULT_RATE_LIMIT_WAIT_MS } from '../../../core/fleet-api/error-mapping';
import {
  AsleepError,
  FleetApiError,
  ForbiddenError,
  PreconditionFailedError,
  RateLimitedError,
  ReauthRequiredError,
  ServerError,
  WrongRegionError,
} from '../../../core/fleet-api/errors';
import { parseEnvelope } from '../../../core/fleet-api/envelope';

const NOW = Date.UTC(2026, 10, 23, 4, 0, 0);

function failed(status: number, body: unknown, headers: Record<string, string> = {}, path = '/api/1/vehicles/5YJ3E1EA8KF000001/vehicle_data'): FailedResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    status,
    headers,
    envelope: parseEnvelope(text).envelope,
    method: 'GET',
    path,
    baseUrl: 'https://fleet-api.prd.na.vn.cloud.tesla.com',
    region: 'na',
    now: NOW,
  };
}

describe('fleet-api error mapping', () => {
  it('carries status, error, error_description and txid from the envelope', () => {
    const err = mapError(failed(400, { response: null, error: 'invalid_field', error_description: 'vin is malformed', txid: 'tx-123' }));
    assert.ok(err instanceof FleetApiError);
    assert.equal(err.status, 400);
    assert.equal(err.error, 'invalid_field');
    assert.equal(err.errorDescription, 'vin is malformed');
    assert.equal(err.txid, 'tx-123');
    assert.equal(err.billable, true);
    assert.match(err.message, /vin is malformed/);
  });

  it('takes the txid from the x-txid header when the body has none', () => {
    const err = mapError(failed(404, { error: 'not_found' }, { 'x-txid': 'hdr-tx' }));
    assert.equal(err.txid, 'hdr-tx');
  });

  it('maps 408 to AsleepError with the vehicle tag', () => {
    const err = mapError(failed(408, { response: null, error: 'vehicle unavailable: vehicle is offline or asleep', error_description: '' }));
    assert.ok(err instanceof AsleepError);
    assert.equal(err.vehicleTag, '5YJ3E1EA8KF000001');
    assert.equal(err.billable, true);
  });

  it('maps an "offline or asleep" text on another status to AsleepError too', () => {
    assert.ok(mapError(failed(400, { error: 'vehicle is offline or asleep' })) instanceof AsleepError);
  });

  it('maps 401 to ReauthRequiredError, 403 to ForbiddenError, 5xx and 540 to ServerError (not billable)', () => {
    assert.ok(mapError(failed(401, '')) instanceof ReauthRequiredError);
    assert.ok(mapError(failed(403, { error: 'Unauthorized missing scopes' })) instanceof ForbiddenError);
    const s = mapError(failed(503, { error: 'upstream timeout' }));
    assert.ok(s instanceof ServerError);
    assert.equal(s.billable, false);
    assert.ok(mapError(failed(540, { error: 'device unexpected response' })) instanceof ServerError);
  });

  it('recognises 412 partner-registration failures', () => {
    const err = mapError(failed(412, { error: 'Account abc must be registered in the current region' }));
    assert.ok(err instanceof PreconditionFailedError);
    assert.equal(err.needsPartnerRegistration, true);
    assert.equal(err.region, 'na');
    const other = mapError(failed(412, { error: 'precondition failed' }));
    assert.ok(other instanceof PreconditionFailedError);
    assert.equal(other.needsPartnerRegistration, false);
  });

  it('maps 429 with Retry-After seconds, an HTTP date, RateLimit-Reset, or nothing', () => {
    const a = mapError(failed(429, { error: 'rate limited' }, { 'retry-after': '17' }));
    assert.ok(a instanceof RateLimitedError);
    assert.equal(a.retryAfterMs, 17_000);
    assert.equal(a.retryAt, NOW + 17_000);
    const b = mapError(failed(429, '', { 'retry-after': new Date(NOW + 60_000).toUTCString() })) as RateLimitedError;
    assert.equal(b.retryAfterMs, 60_000);
    const c = mapError(failed(429, '', { 'ratelimit-reset': '5' })) as RateLimitedError;
    assert.equal(c.retryAfterMs, 5_000);
    const d = mapError(failed(429, '')) as RateLimitedError;
    assert.equal(d.retryAfterMs, DEFAULT_RATE_LIMIT_WAIT_MS);
  });

  it('finds the 421 target in the message or in Alt-Svc', () => {
    const msg = failed(421, {
      response: null,
      error: 'user out of region, use base URL: https://fleet-api.prd.eu.vn.cloud.tesla.com/api/1',
      error_description: '',
    });
    assert.equal(redirectTarget(msg), 'https://fleet-api.prd.eu.vn.cloud.tesla.com');
    const alt = failed(421, { error: 'This user is not present in the current region' }, { 'alt-svc': 'h2="fleet-api.prd.eu.vn.cloud.tesla.com:443"; ma=60' });
    assert.equal(redirectTarget(alt), 'https://fleet-api.prd.eu.vn.cloud.tesla.com');
    const err = mapError(alt);
    assert.ok(err instanceof WrongRegionError);
    assert.equal(err.suggestedBaseUrl, 'https://fleet-api.prd.eu.vn.cloud.tesla.com');
    assert.equal(redirectTarget(failed(421, { error: 'wrong region' })), undefined);
  });

  it('keeps a non-JSON error body as the error text', () => {
    const err = mapError(failed(502, '<html>Bad gateway</html>'));
    assert.equal(err.error, '<html>Bad gateway</html>');
  });

  it('extracts vehicle tags but not the fleet-wide endpoints', () => {
    assert.equal(vehicleTagOf('/api/1/vehicles/123/wake_up'), '123');
    assert.equal(vehicleTagOf('/api/1/vehicles/fleet_status'), undefined);
    assert.equal(vehicleTagOf('/api/1/users/me'), undefined);
  });
});
