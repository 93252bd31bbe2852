/**
 * The proxy transport (REST to a tesla-http-proxy) and waking a sleeping car before a command, against the
 * simulator over HTTPS. The proxy here is a stand-in that speaks tesla-http-proxy's documented REST contract
 * (reference §6.2/6.3) on loopback and signs with our client — what matters is our sender's side of that contract.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { Dispatcher } from 'undici';
import {
  AsleepError,
  commandClient,
  FleetApiCommandTransport,
  KeyNotPairedError,
  RestCommandSender,
  sendWaking,
  VehicleCommandClient,
  createCommandSender,
} from '../../../core/command-protocol';
import type { CallEvent } from '../../../core/fleet-api/client';
import { VehicleEndpoints } from '../../../core/fleet-api/vehicles';
import { wakeAndWait } from '../../../core/fleet-api/wake';
import { exportPrivateKeyPem, exportPublicKeyPem, generatePrivateKey } from '../../../core/keys';
import { defaultWorld } from '../../../simulator/index';
import { signIn, startHarness, type Harness } from '../simulator/helpers';
import { startProxyStandIn, type ProxyStandIn } from '../../support/proxy-stand-in';
import { runCli } from '../../support/cli';
import { issueServerCert } from '../../../core/certs';
import { FleetApiClient } from '../../../core/fleet-api/client';
import { staticTokenProvider } from '../../../core/fleet-api/token-provider';
import { ProxyTrust, proxyTrustProblem, untrustedCertificateCode } from '../../../client/proxy/proxy-trust';

const COMMUTER = '5YJ3E1EA8KF000001';
const FAMILY_Y = '7SAYGDEE1PF000002';
const LEGACY_S = '5YJSA1E24FF000003';

describe('proxy transport and wake-before-command (simulator over HTTPS)', function () {
  this.timeout(60_000);
  let h: Harness;
  let token: string;
  let key: KeyObject;
  let proxy: ProxyStandIn;

  const client = (baseUrl: string, dispatcher?: Dispatcher, onCall?: (e: CallEvent) => void) =>
    commandClient({ baseUrl, tokens: token, ...(dispatcher ? { dispatcher } : {}), ...(onCall ? { onCall } : {}) });

  before(async () => {
    const world = defaultWorld();
    for (const v of world.vehicles) v.wakeSeconds = 1;
    h = await startHarness({ world });
    token = (await signIn(h)).access_token;
    key = generatePrivateKey();
    proxy = await startProxyStandIn({ fleetUrl: h.sim.urls.fleet.na, dispatcher: h.agent, key });
  });
  after(async () => {
    await proxy?.close();
    await h?.close();
  });

  it('proxy: commands go as REST to the proxy, which signs them; refusals and unpaired keys map cleanly', async () => {
    const sender = createCommandSender({ kind: 'proxy', client: client(proxy.url), pairingDomain: 'fleetkit.example.com' });
    const lock = await sender.send(COMMUTER, 'door_lock');
    assert.deepEqual([lock.ok, lock.via], [true, 'proxy']);
    const state = await h.call('GET', `${h.sim.urls.fleet.na}/sim/vehicles/${COMMUTER}`);
    assert.equal(state.json.response.state.vehicle_state.locked, true);
    const refused = await sender.send(COMMUTER, 'charge_stop');
    assert.deepEqual([refused.ok, refused.reason], [false, 'not_charging']);
    await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${FAMILY_Y}/wake`);
    await assert.rejects(
      sender.send(FAMILY_Y, 'door_lock'),
      (e: unknown) => e instanceof KeyNotPairedError && e.pairingUrl === 'https://tesla.com/_ak/fleetkit.example.com',
    );
    await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${FAMILY_Y}/sleep`);
    await assert.rejects(new RestCommandSender(new FleetApiCommandTransport(client(proxy.url)), 'proxy').send(FAMILY_Y, 'flash_lights'), AsleepError);
  });

  it('sendWaking: asleep → wake_up until online → the command runs', async () => {
    const paired = await h.call('POST', `${h.sim.urls.auth}/_ak/fleetkit.example.com`, { json: { vin: FAMILY_Y, public_key: exportPublicKeyPem(key) } });
    assert.equal(paired.status, 200, paired.text);
    assert.equal(paired.json.response.paired, true);
    await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${FAMILY_Y}/sleep`);
    const calls: string[] = [];
    const api = client(h.sim.urls.fleet.na, h.agent, (e) => calls.push(`${e.method} ${e.path}`));
    const sender = new VehicleCommandClient({ privateKey: key, transport: new FleetApiCommandTransport(api) });
    const vehicles = new VehicleEndpoints(api);
    await assert.rejects(
      sendWaking(sender, vehicles, FAMILY_Y, 'door_unlock', {}, async () => false),
      AsleepError,
      'the user said no',
    );
    const states: string[] = [];
    calls.length = 0;
    const outcome = await sendWaking(sender, vehicles, FAMILY_Y, 'door_unlock', {}, async () => true, {
      firstDelayMs: 250,
      maxDelayMs: 500,
      onProgress: (p) => states.push(p.state),
    });
    assert.equal(outcome.ok, true);
    assert.equal(outcome.woke, true);
    assert.equal(states.at(-1), 'online');
    assert.equal(states[0], 'asleep', 'the first check finds the car still waking (wakeSeconds = 1)');
    assert.equal(calls.filter((c) => c.endsWith('/wake_up')).length, 1, `exactly one wake_up, then state checks: ${calls.join(', ')}`);
    assert.ok(calls.filter((c) => c === `GET /api/1/vehicles/${FAMILY_Y}`).length >= 2, calls.join(', '));
    await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/7G2CEHED4RA000004/offline`);
    const offline = await wakeAndWait(vehicles, '7G2CEHED4RA000004', { maxPolls: 2, firstDelayMs: 100 });
    assert.deepEqual([offline.online, offline.polls], [false, 2], 'an offline car does not wake; the checks are bounded');
  });

  it('CLI --wake wakes a sleeping legacy car and falls back to REST', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-wake-'));
    try {
      writeFileSync(join(dir, 'key.pem'), exportPrivateKeyPem(key));
      writeFileSync(join(dir, 'ca.pem'), h.sim.caPem as string);
      await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${LEGACY_S}/sleep`);
      const { code, out, err } = await runCli([
        'command',
        'door_lock',
        '--vin',
        LEGACY_S,
        '--token',
        token,
        '--key',
        join(dir, 'key.pem'),
        '--base-url',
        h.sim.urls.fleet.na,
        '--ca',
        join(dir, 'ca.pem'),
        '--no-session-cache',
        '--wake',
        '--json',
      ]);
      assert.equal(code, 0, err);
      const result = JSON.parse(out);
      assert.deepEqual([result.ok, result.via, result.woke], [true, 'rest', true]);
      assert.match(err, /wake_up sent: vehicle is (asleep|online) \(check 1\/8\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a TLS proxy with a self-signed certificate (as tesla-http-proxy serves): refused on the system roots with the fix, trusted through proxyCaFile', async () => {
    const self = issueServerCert(null, { hostnames: ['127.0.0.1', 'localhost'] });
    const tlsProxy = await startProxyStandIn({ fleetUrl: h.sim.urls.fleet.na, dispatcher: h.agent, key, tls: self });
    const dir = mkdtempSync(join(tmpdir(), 'fleetkit-proxy-trust-'));
    const trust = new ProxyTrust();
    try {
      assert.equal(await trust.dispatcher('  '), undefined, 'no file: the system roots');
      const refused: unknown = await createCommandSender({ kind: 'proxy', client: client(tlsProxy.url) })
        .send(COMMUTER, 'flash_lights')
        .then(
          () => assert.fail('a self-signed proxy must not be trusted by default'),
          (e: unknown) => e,
        );
      assert.equal(untrustedCertificateCode(refused), 'DEPTH_ZERO_SELF_SIGNED_CERT');
      assert.match(proxyTrustProblem(refused) ?? '', /not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\): set fleetkit\.commands\.proxyCaFile/);
      // Push Telemetry Config's route goes through FleetApiClient, which wraps transport errors: the code is still found.
      const api = new FleetApiClient({ baseUrl: tlsProxy.url, accountId: 'a', tokens: staticTokenProvider(token), maxServerRetries: 0 });
      const pushRefused: unknown = await api.post('/api/1/vehicles/fleet_telemetry_config', { vins: [COMMUTER], config: {} }).then(
        () => undefined,
        (e: unknown) => e,
      );
      await api.close();
      assert.equal(untrustedCertificateCode(pushRefused), 'DEPTH_ZERO_SELF_SIGNED_CERT', String(pushRefused));

      const caFile = join(dir, 'tls-cert.pem');
      writeFileSync(caFile, self.certPem);
      const dispatcher = await trust.dispatcher(caFile);
      assert.ok(dispatcher);
      assert.equal(await trust.dispatcher(caFile), dispatcher, 'the pool is kept while the file is unchanged');
      const sender = createCommandSender({ kind: 'proxy', client: client(tlsProxy.url, dispatcher) });
      const flashed = await sender.send(COMMUTER, 'flash_lights');
      assert.deepEqual([flashed.ok, flashed.via], [true, 'proxy']);

      // Another certificate in the file: a new pool, and the proxy is no longer trusted.
      writeFileSync(caFile, issueServerCert(null, { hostnames: ['127.0.0.1'] }).certPem + '\n');
      const other = await trust.dispatcher(caFile);
      assert.notEqual(other, dispatcher);
      const wrong: unknown = await createCommandSender({ kind: 'proxy', client: client(tlsProxy.url, other) })
        .send(COMMUTER, 'flash_lights')
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(untrustedCertificateCode(wrong), `expected a certificate error, got ${String(wrong)}`);

      writeFileSync(caFile, 'not a certificate');
      await assert.rejects(trust.dispatcher(caFile), /fleetkit\.commands\.proxyCaFile .*no PEM certificate found/);
      await assert.rejects(trust.dispatcher(join(dir, 'missing.pem')), /fleetkit\.commands\.proxyCaFile: cannot read .*missing\.pem/);
      await assert.rejects(trust.dispatcher('relative/cert.pem'), /must be an absolute path/);
    } finally {
      await trust.close();
      await tlsProxy.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
