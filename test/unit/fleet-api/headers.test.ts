import { strict as assert } from 'node:assert';
import { altSvcOrigin, baseUrlFromMessage, rateLimitInfo, retryDelayMs } from '../../../core/fleet-api/headers';
import { RegionDirectory, teslaRegionOf } from '../../../core/fleet-api/region';

const NOW = 1_800_000_000_000;

describe('fleet-api headers and regions', () => {
  it('parses Retry-After and RateLimit-Reset forms', () => {
    assert.equal(retryDelayMs({ 'retry-after': '2.5' }, NOW), 2500);
    assert.equal(retryDelayMs({ 'retry-after': 'garbage' }, NOW), undefined);
    assert.equal(retryDelayMs({ 'ratelimit-reset': String(NOW / 1000 + 30) }, NOW), 30_000);
    assert.equal(retryDelayMs({ ratelimit: 'limit=300, remaining=0, reset=12' }, NOW), 12_000);
    assert.equal(retryDelayMs({ 'retry-after': new Date(NOW - 5000).toUTCString() }, NOW), 0);
    assert.equal(retryDelayMs({}, NOW), undefined);
  });

  it('reads the RateLimit-* counters', () => {
    assert.deepEqual(rateLimitInfo({ 'ratelimit-limit': '300', 'ratelimit-remaining': '7', 'ratelimit-reset': '40' }, NOW), {
      limit: 300,
      remaining: 7,
      resetMs: 40_000,
    });
    assert.equal(rateLimitInfo({}, NOW), undefined);
  });

  it('resolves Alt-Svc entries, including same-host other-port ones', () => {
    const current = new URL('https://127.0.0.1:4431');
    assert.equal(altSvcOrigin('h2=":4432"; ma=60', current), 'https://127.0.0.1:4432');
    assert.equal(altSvcOrigin('h2="eu.example:443"', current), 'https://eu.example');
    assert.equal(altSvcOrigin('clear', current), undefined);
    assert.equal(altSvcOrigin('h2="host:notaport"', current), undefined);
  });

  it('reads "use base URL" from 421 messages', () => {
    assert.equal(
      baseUrlFromMessage('user out of region, use base URL: https://fleet-api.prd.eu.vn.cloud.tesla.com'),
      'https://fleet-api.prd.eu.vn.cloud.tesla.com',
    );
    assert.equal(baseUrlFromMessage('no url here'), undefined);
  });

  it('trusts Tesla hosts and explicitly configured ones only', () => {
    assert.equal(teslaRegionOf('https://fleet-api.prd.eu.vn.cloud.tesla.com'), 'eu');
    assert.equal(teslaRegionOf('http://fleet-api.prd.eu.vn.cloud.tesla.com'), undefined);
    assert.equal(teslaRegionOf('https://fleet-api.prd.eu.vn.cloud.tesla.com.evil.test'), undefined);
    const dir = new RegionDirectory({ na: 'https://127.0.0.1:4431', eu: 'https://127.0.0.1:4432/' });
    assert.equal(dir.regionOf('https://127.0.0.1:4432/api/1/vehicles'), 'eu');
    assert.equal(dir.isTrusted('https://127.0.0.1:9999'), false);
    assert.equal(dir.baseUrlFor('eu'), 'https://127.0.0.1:4432');
    assert.equal(dir.baseUrlFor('cn'), 'https://fleet-api.prd.cn.vn.cloud.tesla.cn');
  });
});
