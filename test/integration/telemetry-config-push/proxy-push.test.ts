/**
 * Pushing a telemetry config with the proxy transport: core calls the plain `fleet_telemetry_config` endpoint on a
 * tesla-http-proxy. The proxy here is a stand-in on loopback HTTPS that checks the request against the documented
 * contract (vehicle-command-protocol.md §6.2, fleet-telemetry.md §4.1), signs the config with its own key like the
 * real proxy, and forwards `{vins, token}` to the simulator's `fleet_telemetry_config_jws`, passing the answer through.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { issueServerCert } from '../../../core/certs';
import { FleetApiClient } from '../../../core/fleet-api/client';
import { FleetApiError } from '../../../core/fleet-api/errors';
import { pushTelemetryConfigViaProxy, signTelemetryConfig } from '../../../core/telemetry-config-push/index';
import { telemetryConfigsOf } from '../../../simulator/telemetry-config/store';
import { NA_EMAIL, signIn, startSim, type SignedIn, type SimHandle } from '../fleet-api/sim-fixture';

const PAIRED_3 = '5YJ3E1EA8KF000001';
const UNPAIRED_Y = '7SAYGDEE1PF000002';

const CONFIG = {
  hostname: 'telemetry.example.com',
  port: 443,
  ca: null,
  fields: { VehicleSpeed: { interval_seconds: 10 } },
  prefer_typed: true,
};

interface SeenRequest {
  method: string;
  path: string;
  authorization?: string;
  contentType?: string;
  body: unknown;
}

interface StandIn {
  url: string;
  caPem: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

function envelope(error: string): string {
  return `${JSON.stringify({ response: null, error, error_description: '' })}\n`;
}

/** The proxy's telemetry-config route: checks the shape, signs with `key`, forwards to the simulator. */
async function startProxyStandIn(h: SimHandle, key: KeyObject): Promise<StandIn> {
  const tls = issueServerCert(null, { hostnames: ['127.0.0.1'] });
  const seen: SeenRequest[] = [];
  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const reply = (status: number, text: string): void => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(text);
        };
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          return reply(400, envelope('invalid JSON body'));
        }
        seen.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
        if (req.method === 'GET' && req.url === '/health') return reply(200, 'OK');
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!bearer) return reply(403, envelope('client did not provide an OAuth token'));
        if (req.url !== '/api/1/vehicles/fleet_telemetry_config') return reply(404, envelope('not handled by the stand-in'));
        if (req.method !== 'POST') return reply(405, envelope('method not allowed'));
        const b = body as { vins?: unknown; config?: unknown } | undefined;
        if (
          !b ||
          !Array.isArray(b.vins) ||
          !b.vins.every((v) => typeof v === 'string') ||
          !b.config ||
          typeof b.config !== 'object' ||
          Array.isArray(b.config)
        ) {
          return reply(400, envelope('expected {"vins":[…],"config":{…}}'));
        }
        const { token } = signTelemetryConfig(b.config as Record<string, unknown>, key);
        const upstream = await request(`${h.sim.urls.fleet.na}/api/1/vehicles/fleet_telemetry_config_jws`, {
          method: 'POST',
          dispatcher: h.dispatcher,
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          body: JSON.stringify({ vins: b.vins, token }),
        });
        reply(upstream.statusCode, await upstream.body.text());
      })().catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(envelope(err instanceof Error ? err.message : String(err)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    caPem: tls.certPem,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('telemetry config push through a tesla-http-proxy (proxy transport)', function () {
  this.timeout(60_000);
  let h: SimHandle;
  let user: SignedIn;
  let proxy: StandIn;
  let client: FleetApiClient;
  const { privateKey: proxyKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  before(async () => {
    h = await startSim();
    user = await signIn(h, NA_EMAIL);
    proxy = await startProxyStandIn(h, proxyKey);
    client = new FleetApiClient({ baseUrl: proxy.url, accountId: user.accountId, tokens: user.tokens, ca: proxy.caPem, maxServerRetries: 0 });
  });
  after(async () => {
    await client?.close();
    await proxy?.close();
    await h?.close();
  });

  it('posts {vins, config} to the plain endpoint with the bearer token; the proxy-signed config lands on the vehicle', async () => {
    proxy.seen.length = 0;
    const result = await pushTelemetryConfigViaProxy(client, [PAIRED_3, UNPAIRED_Y], { ...CONFIG, iss: 'caller-iss', aud: 'caller-aud' });

    assert.equal(proxy.seen.length, 1);
    const [req] = proxy.seen;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/api/1/vehicles/fleet_telemetry_config');
    assert.equal(req.authorization, `Bearer ${user.tokens.current()}`);
    assert.match(req.contentType ?? '', /^application\/json/);
    assert.deepEqual(req.body, { vins: [PAIRED_3, UNPAIRED_Y], config: CONFIG }, 'no token, and no iss/aud: the proxy sets those');

    assert.equal(result.updatedVehicles, 1);
    assert.deepEqual(
      result.skipped.map((s) => [s.vin, s.reason]),
      [[UNPAIRED_Y, 'missing_key']],
    );
    assert.match(result.skipped[0].fix, /Pair your virtual key/);

    const recorded = telemetryConfigsOf(h.sim.world).of(PAIRED_3);
    assert.equal(recorded.length, 1);
    const stored = recorded[0].config;
    assert.equal(stored.iss, signTelemetryConfig({}, proxyKey).iss, "signed with the proxy's key, not ours");
    assert.equal(stored.aud, 'com.tesla.fleet.TelemetryClient');
    assert.deepEqual(stored.fields, CONFIG.fields);
  });

  it("passes Tesla's error through the proxy as a FleetApiError (first unknown field)", async () => {
    await assert.rejects(
      pushTelemetryConfigViaProxy(client, [PAIRED_3], { ...CONFIG, fields: { Sooc: { interval_seconds: 5 } } }),
      (err: unknown) => err instanceof FleetApiError && err.status === 400 && /Unknown field Sooc/.test(err.message),
    );
  });

  it('refuses an empty VIN list before any request', async () => {
    proxy.seen.length = 0;
    await assert.rejects(pushTelemetryConfigViaProxy(client, [], CONFIG), /no VINs/);
    assert.equal(proxy.seen.length, 0);
  });
});
