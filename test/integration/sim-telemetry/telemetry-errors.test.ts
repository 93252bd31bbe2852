import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { request, type Dispatcher } from 'undici';
import { createCa, issueServerCert } from '../../../core/certs';
import { FleetApi } from '../../../core/fleet-api/api';
import { ForbiddenError } from '../../../core/fleet-api/errors';
import { staticTokenProvider } from '../../../core/fleet-api/token-provider';
import type { TelemetryError } from '../../../core/fleet-api/telemetry-errors';
import { PartnerTokenCache } from '../../../core/oauth/partner-token-cache';
import { TokenClient } from '../../../core/oauth/token-client';
import { registerPartnerDomain } from '../../../core/partner';
import { pushTelemetryConfig } from '../../../core/telemetry-config-push';
import { defaultWorld } from '../../../simulator/index';
import { createPartnerSurface } from '../../../simulator/partner/surface';
import { createTelemetrySurface } from '../../../simulator/telemetry/surface';
import { startBridge, type RunningBridge } from '../../../telemetry-bridge';
import { startPemFixture, type PemFixture } from '../checks/pem-fixture-server';
import { NA_EMAIL, control, signIn, startSimOn, type SignedIn, type SimHandle } from '../fleet-api/sim-fixture';
import { freePort } from '../../support/net';
import { replaceSurfaces } from '../../support/simulator';

const MODEL_3 = '5YJ3E1EA8KF000001'; // NA, online, key paired
const CYBERTRUCK = '7G2CEHED4RA000004'; // NA, offline, key paired (brought online here)

/**
 * The simulated cars report what keeps them from streaming the way Tesla's do, through Tesla's three endpoints:
 * a server that cannot be reached, a certificate the config's `ca` does not sign, a server that does not ask for the
 * car's certificate, and a config signed by a key other than the one registered for the app.
 */
describe('simulated cars report telemetry errors (fleet_telemetry_errors)', function () {
  this.timeout(120_000);
  let fx: PemFixture;
  let h: SimHandle;
  let me: SignedIn;
  let api: FleetApi;
  let partnerNa: FleetApi;
  let partnerEu: FleetApi;
  let bridge: RunningBridge;
  let noClientCert: TlsServer;
  let closedPort: number;
  const serverCa = createCa({ commonName: 'Telemetry errors test server CA' });
  const otherCa = createCa({ commonName: 'A CA the server does not use' });
  const server = issueServerCert(serverCa, { hostnames: ['localhost', '127.0.0.1'] });
  const fields = { Soc: { interval_seconds: 1 } };
  const config = (port: number, ca = serverCa.certPem) => ({ hostname: 'localhost', port, ca, fields, prefer_typed: true });
  let partnerTokens: PartnerTokenCache;
  const partnerApi = async (dispatcher: Dispatcher, baseUrl: string): Promise<FleetApi> =>
    FleetApi.create({ baseUrl, accountId: 'partner', tokens: staticTokenProvider(await partnerTokens.get(baseUrl)), dispatcher, maxServerRetries: 0 });
  /** The command key whose public half the partner domain hosts (registered with Tesla, here the simulator). */
  const registeredKey = (): KeyObject => fx.keys.good.privateKey;
  /** Polls the partner endpoint (not billed, not rate limited per vehicle) until `vin` reports what `ok` accepts. */
  const errorsOf = async (vin: string, ok: (e: TelemetryError[]) => boolean, what: string): Promise<TelemetryError[]> => {
    const deadline = Date.now() + 30_000;
    let last: TelemetryError[] = [];
    while (Date.now() < deadline) {
      last = (await partnerNa.partner.fleetTelemetryErrors()).errors.filter((e) => e.vin === vin);
      if (ok(last)) return last;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${vin}: no ${what} within 30 s; errors: ${JSON.stringify(last)}`);
  };

  before(async () => {
    fx = await startPemFixture();
    const world = defaultWorld();
    world.app.allowedOrigins = ['https://app.example.test'];
    const partner = createPartnerSurface({ download: { resolve: fx.resolve, ca: [fx.caPem], timeoutMs: 2000 } });
    const telemetry = createTelemetrySurface({ reconnect: { initialMs: 200, maxMs: 1000 } });
    h = await startSimOn(world, replaceSurfaces(partner, telemetry));
    const { sim, dispatcher } = h;
    me = await signIn(h, NA_EMAIL);
    const tokenClient = new TokenClient({ tokenUrl: `${sim.urls.auth}/oauth2/v3/token`, clientId: sim.ready.clientId, dispatcher });
    partnerTokens = new PartnerTokenCache((audience) => tokenClient.clientCredentials({ clientSecret: sim.ready.clientSecret, audience }));
    api = FleetApi.create({ baseUrl: sim.urls.fleet.na, accountId: me.accountId, tokens: me.tokens, dispatcher, maxServerRetries: 0 });
    partnerNa = await partnerApi(dispatcher, sim.urls.fleet.na);
    partnerEu = await partnerApi(dispatcher, sim.urls.fleet.eu);
    const rows = await registerPartnerDomain({
      domain: fx.host('good'),
      regions: [{ region: 'na', baseUrl: sim.urls.fleet.na }],
      partnerToken: (audience) => partnerTokens.get(audience),
      dispatcher,
    });
    assert.equal(rows[0]!.state, 'registered', JSON.stringify(rows));
    await control(h, `/sim/vehicles/${CYBERTRUCK}/state`, { connectivity: 'online' });

    const vehicleCa = await (await request(`${sim.urls.fleet.na}/sim/telemetry/vehicle-ca`, { dispatcher })).body.text();
    bridge = await startBridge({ port: 0, certPem: server.certPem, keyPem: server.keyPem, vehicleCas: [vehicleCa] });
    noClientCert = createTlsServer({ cert: server.certPem, key: server.keyPem }, (socket) => socket.end());
    await new Promise<void>((resolve) => noClientCert.listen(0, '127.0.0.1', resolve));
    closedPort = await freePort();
  });
  after(async () => {
    await api?.close();
    await partnerNa?.close();
    await partnerEu?.close();
    await bridge?.close();
    await new Promise<void>((resolve) => (noClientCert ? noClientCert.close(() => resolve()) : resolve()));
    await h?.close();
    await fx?.close();
  });

  it('an unreachable server and an untrusted certificate: one error per VIN, through all three endpoints', async () => {
    assert.equal((await pushTelemetryConfig(api.client, [MODEL_3], config(closedPort), registeredKey())).updatedVehicles, 1);
    assert.equal((await pushTelemetryConfig(api.client, [CYBERTRUCK], config(bridge.port, otherCa.certPem), registeredKey())).updatedVehicles, 1);

    const unreachable = (await errorsOf(MODEL_3, (e) => e.length > 0, 'connection error'))[0]!;
    assert.equal(unreachable.errorName, 'connection_error');
    assert.equal(unreachable.error, `dial tcp 127.0.0.1:${closedPort}: connect: connection refused`);
    assert.equal(unreachable.name, h.sim.ready.clientId, "Tesla's name is the app's client id");
    assert.ok(unreachable.createdAt && Math.abs(unreachable.createdAt - Date.now()) < 60_000, `created_at is now: ${unreachable.createdAt}`);
    assert.match(unreachable.txid ?? '', /^[0-9a-f-]{36}$/);

    const untrusted = (await errorsOf(CYBERTRUCK, (e) => e.length > 0, 'TLS error'))[0]!;
    assert.equal(untrusted.errorName, 'tls_error');
    assert.match(untrusted.error, /^tls: failed to verify certificate: x509: certificate signed by unknown authority/);

    assert.deepEqual((await partnerNa.partner.fleetTelemetryErrorVins()).vins.sort(), [MODEL_3, CYBERTRUCK].sort());
    const one = await api.vehicles.fleetTelemetryErrors(MODEL_3);
    assert.deepEqual(
      one.errors.map((e) => [e.vin, e.errorName]),
      [[MODEL_3, 'connection_error']],
      'the vehicle endpoint lists only its own errors',
    );
    assert.match(one.raw, /"created_at":"\d{4}-\d\d-\d\dT[\d:.]+Z"/);
    assert.deepEqual((await partnerEu.partner.fleetTelemetryErrors()).errors, [], 'the EU host lists the EU vehicles only');

    // The car keeps retrying: the same error is listed once, with the time of its latest occurrence.
    const first = unreachable.createdAt!;
    const again = await errorsOf(MODEL_3, (e) => (e[0]?.createdAt ?? 0) > first, 'a later occurrence');
    assert.equal(again.length, 1);
  });

  it('a server that does not ask for the vehicle certificate (no mutual TLS)', async () => {
    const port = (noClientCert.address() as AddressInfo).port;
    await pushTelemetryConfig(api.client, [MODEL_3], config(port), registeredKey());
    const errors = await errorsOf(MODEL_3, (e) => e.some((x) => x.errorName === 'tls_error'), 'mTLS error');
    assert.deepEqual(
      errors.map((e) => e.errorName),
      ['tls_error'],
      'the new config started a clean list (the connection error is gone)',
    );
    assert.match(errors[0]!.error, /did not request a client certificate/);
  });

  it('a config signed by a key other than the registered one: config_manager_error, and the car does not stream', async () => {
    const { privateKey: stranger } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await pushTelemetryConfig(api.client, [MODEL_3], config(bridge.port), stranger);
    const errors = await errorsOf(MODEL_3, (e) => e.some((x) => x.errorName === 'config_manager_error'), 'config_manager_error');
    // The error Tesla's cars report for a signature they cannot verify (fleet-telemetry issue #406).
    assert.deepEqual(
      errors.map((e) => [e.errorName, e.error]),
      [['config_manager_error', 'error loading config file: crypto/ecdsa: verification error']],
    );
    const streams = (await (await request(`${h.sim.urls.fleet.na}/sim/telemetry`, { dispatcher: h.dispatcher })).body.json()) as {
      response: { streams: Array<{ vin: string; connected: boolean; error: string | null }> };
    };
    const s = streams.response.streams.find((x) => x.vin === MODEL_3)!;
    assert.equal(s.connected, false);
    assert.equal(s.error, 'error loading config file: crypto/ecdsa: verification error');
  });

  it('with the registered key and a proper mTLS server the car streams and no error is listed', async () => {
    await pushTelemetryConfig(api.client, [MODEL_3, CYBERTRUCK], config(bridge.port), registeredKey());
    const deadline = Date.now() + 30_000;
    let connected: string[] = [];
    while (Date.now() < deadline) {
      const body = (await (await request(`${h.sim.urls.fleet.na}/sim/telemetry`, { dispatcher: h.dispatcher })).body.json()) as {
        response: { streams: Array<{ vin: string; connected: boolean }> };
      };
      connected = body.response.streams.filter((s) => s.connected).map((s) => s.vin);
      if (connected.includes(MODEL_3) && connected.includes(CYBERTRUCK)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.deepEqual(connected.sort(), [MODEL_3, CYBERTRUCK].sort());
    assert.deepEqual((await partnerNa.partner.fleetTelemetryErrors()).errors, []);
    assert.deepEqual((await partnerNa.partner.fleetTelemetryErrorVins()).vins, []);
  });

  it('token kinds: the partner endpoints refuse a user token, the vehicle endpoint a partner token', async () => {
    await assert.rejects(api.partner.fleetTelemetryErrors(), ForbiddenError);
    await assert.rejects(partnerNa.vehicles.fleetTelemetryErrors(MODEL_3), ForbiddenError);
  });
});
