import assert from 'node:assert/strict';
import { pushRouteFor } from '../../../../client/telemetry-config/push-route';

describe('telemetry config push: route by command transport', () => {
  it('signs here (fleet_telemetry_config_jws) for the native and rest transports', () => {
    assert.deepEqual(pushRouteFor('native', 'https://proxy.example:4443'), { kind: 'jws' });
    assert.deepEqual(pushRouteFor('rest', ''), { kind: 'jws' });
  });

  it('goes through the proxy origin with the proxy transport', () => {
    assert.deepEqual(pushRouteFor('proxy', ' https://localhost:4443/ '), { kind: 'proxy', url: 'https://localhost:4443' });
    assert.deepEqual(pushRouteFor('proxy', 'http://127.0.0.1:8080'), { kind: 'proxy', url: 'http://127.0.0.1:8080' });
    assert.deepEqual(pushRouteFor('proxy', 'http://[::1]:8080'), { kind: 'proxy', url: 'http://[::1]:8080' });
  });

  it('refuses an empty, unparsable or plain-http non-loopback proxy URL with the setting to fix', () => {
    for (const [url, re] of [
      ['', /proxyUrl is empty/],
      ['not a url', /is not a URL/],
      ['http://proxy.example.com', /must be https:\/\//],
      ['ftp://127.0.0.1', /must be https:\/\//],
    ] as const) {
      const route = pushRouteFor('proxy', url);
      assert.equal(route.kind, 'invalid', url);
      assert.match((route as { problem: string }).problem, re);
    }
  });
});
