import assert from 'node:assert/strict';
import { baseUrlFromMisdirected, detectRegion } from '../../../core/oauth/region';
import { DEFAULT_SCOPES, missingScopes, normalizeScopes, scopeReport, unknownScopes } from '../../../core/oauth/scopes';
import { TESLA_ENDPOINTS } from '../../../core/config/environments';

const NA = 'https://fleet-api.prd.na.vn.cloud.tesla.com';
const EU = 'https://fleet-api.prd.eu.vn.cloud.tesla.com';
const tesla = TESLA_ENDPOINTS.fleetUrls;

describe('oauth/region', () => {
  it('uses ou_code with the matching audience', () => {
    const r = detectRegion({ ouCode: 'EU', audiences: [NA, EU, 'https://auth.tesla.com/oauth2/v3/clientinfo'] }, tesla);
    assert.deepEqual(r, { region: 'eu', fleetBaseUrl: EU, source: 'ou_code+aud' });
  });

  it('trusts a single fleet audience when ou_code is missing or contradicts it', () => {
    assert.deepEqual(detectRegion({ ouCode: undefined, audiences: [`${EU}/`] }, tesla), { region: 'eu', fleetBaseUrl: EU, source: 'aud' });
    assert.equal(detectRegion({ ouCode: 'NA', audiences: [EU] }, tesla).region, 'eu');
  });

  it("recognises the simulator's fleet URLs through the environment map", () => {
    const sim = { na: 'https://127.0.0.1:4431', eu: 'https://127.0.0.1:4432' };
    const r = detectRegion({ ouCode: 'eu', audiences: ['https://127.0.0.1:4431', 'https://127.0.0.1:4432'] }, sim);
    assert.deepEqual(r, { region: 'eu', fleetBaseUrl: 'https://127.0.0.1:4432', source: 'ou_code+aud' });
  });

  it('falls back to ou_code, then to NA', () => {
    assert.deepEqual(detectRegion({ ouCode: 'EU', audiences: ['https://auth.tesla.com'] }, tesla), { region: 'eu', fleetBaseUrl: EU, source: 'ou_code' });
    assert.deepEqual(detectRegion({ ouCode: 'XX', audiences: [] }, tesla), { region: 'na', fleetBaseUrl: NA, source: 'default' });
  });

  it('parses the base URL out of a 421 body', () => {
    assert.equal(baseUrlFromMisdirected('user out of region, use base URL: https://fleet-api.prd.eu.vn.cloud.tesla.com/'), EU);
    assert.equal(baseUrlFromMisdirected('{"error":"user out of region, use base URL: https://127.0.0.1:9/"}'), 'https://127.0.0.1:9');
    assert.equal(baseUrlFromMisdirected('nothing here'), undefined);
  });
});

describe('oauth/scopes', () => {
  it('always requests openid and offline_access, deduplicated and sorted', () => {
    assert.deepEqual(normalizeScopes([' vehicle_cmds', 'user_data', 'vehicle_cmds', '']), ['offline_access', 'openid', 'user_data', 'vehicle_cmds']);
  });

  it("lists what is missing for Fleetkit's features", () => {
    const granted = ['openid', 'offline_access', 'user_data', 'vehicle_device_data'];
    assert.deepEqual(missingScopes(granted, DEFAULT_SCOPES), ['vehicle_location', 'vehicle_cmds', 'vehicle_charging_cmds']);
    const report = scopeReport(granted, ['openid', 'offline_access']);
    assert.equal(report.find((f) => f.scope === 'vehicle_cmds')?.granted, false);
    assert.equal(report.find((f) => f.scope === 'user_data')?.granted, true);
    assert.equal(
      report.some((f) => f.scope === 'openid'),
      false,
    );
    assert.ok(report.every((f) => f.features.length > 0));
  });

  it('flags scopes Tesla does not document', () => {
    assert.deepEqual(unknownScopes(['vehicle_cmds', 'vehicle_commands']), ['vehicle_commands']);
  });
});
