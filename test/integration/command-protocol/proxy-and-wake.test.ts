/**
 * The proxy transport (REST to a tesla-http-proxy) and waking a sleeping car before a command, against the
 * simulator over HTTPS. The proxy here is a stand-in that speaks tesla-http-proxy's documented REST contract
 * (reference §6.2/6.3) on loopback and signs with our client — what matters is our sender's side of that contract.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import {
  AsleepError,
  CommandParamError,
  FleetHttpTransport,
  findCommand,
  KeyNotPairedError,
  RestCommandSender,
  sendWaking,
  VehicleCommandClient,
  wakeUntilOnline,
  createCommandSender,
} from '../../../core/command-protocol';
import { exportPrivateKeyPem, exportPublicKeyPem, generatePrivateKey } from '../../../core/keys';
import { main } from '../../../cli/main';
import { defaultWorld } from '../../../simulator/index';
import { signIn, startHarness, type Harness } from '../simulator/helpers';

const COMMUTER = '5YJ3E1EA7KF000001';
const FAMILY_Y = '7SAYGDEE1PF000002';
const LEGACY_S = '5YJSA1E26FF000003';

/** tesla-http-proxy's REST contract, signing with our client (one per bearer token, like the proxy's per-token accounts). */
function startProxyStandIn(h: Harness, key: KeyObject): Promise<{ url: string; server: Server }> {
  const clients = new Map<string, VehicleCommandClient>();
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body) + '\n');
    };
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      void (async () => {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!token) return send(403, { response: null, error: 'client did not provide an OAuth token', error_description: '' });
        const m = /^\/api\/1\/vehicles\/([^/]+)\/(command\/([^/]+)|wake_up)$/.exec(req.url ?? '');
        if (!m || req.method !== 'POST') return send(404, { response: null, error: 'not found', error_description: '' });
        const transport = new FleetHttpTransport({ baseUrl: h.sim.urls.fleet.na, token, dispatcher: h.agent });
        if (m[2] === 'wake_up') return send(200, { response: { state: await transport.wakeUp(m[1]) } });
        const name = m[3];
        if (!findCommand(name)) return send(400, { response: null, error: 'invalid_command', error_description: '' });
        let client = clients.get(token);
        if (!client) clients.set(token, (client = new VehicleCommandClient({ privateKey: key, transport, retryDelayMs: 10 })));
        try {
          const outcome = await client.send(m[1], name, raw ? JSON.parse(raw) : {});
          send(200, outcome.ok ? { response: { result: true, reason: '' } } : { response: { result: false, reason: outcome.reason }, error: '', error_description: '' });
        } catch (err) {
          if (err instanceof CommandParamError) return send(400, { response: { result: false, reason: err.problems.join('; ') }, error: '', error_description: '' });
          if (err instanceof AsleepError) return send(408, { response: null, error: 'vehicle unavailable: vehicle is offline or asleep', error_description: '' });
          if (err instanceof KeyNotPairedError) return send(500, { response: null, error: 'vehicle rejected request: your public key has not been paired with the vehicle', error_description: '' });
          send(500, { response: null, error: (err as Error).message, error_description: '' });
        }
      })();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

describe('proxy transport and wake-before-command (simulator over HTTPS)', function () {
  this.timeout(60_000);
  let h: Harness;
  let token: string;
  let key: KeyObject;
  let proxy: { url: string; server: Server };

  before(async () => {
    const world = defaultWorld();
    for (const v of world.vehicles) v.wakeSeconds = 1;
    h = await startHarness({ world });
    token = (await signIn(h)).access_token;
    key = generatePrivateKey();
    proxy = await startProxyStandIn(h, key);
  });
  after(async () => {
    await new Promise<void>((resolve) => proxy?.server.close(() => resolve()));
    await h?.close();
  });

  it('proxy: commands go as REST to the proxy, which signs them; refusals and unpaired keys map cleanly', async () => {
    const sender = createCommandSender({ kind: 'proxy', baseUrl: proxy.url, token, pairingDomain: 'fleetkit.example.com' });
    const lock = await sender.send(COMMUTER, 'door_lock');
    assert.deepEqual([lock.ok, lock.via], [true, 'proxy']);
    const state = await h.call('GET', `${h.sim.urls.fleet.na}/sim/vehicles/${COMMUTER}`);
    assert.equal(state.json.response.state.vehicle_state.locked, true);
    const refused = await sender.send(COMMUTER, 'charge_stop');
    assert.deepEqual([refused.ok, refused.reason], [false, 'not_charging']);
    await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${FAMILY_Y}/wake`);
    await assert.rejects(sender.send(FAMILY_Y, 'door_lock'), (e: unknown) => e instanceof KeyNotPairedError && e.pairingUrl === 'https://tesla.com/_ak/fleetkit.example.com');
    await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${FAMILY_Y}/sleep`);
    await assert.rejects(new RestCommandSender(new FleetHttpTransport({ baseUrl: proxy.url, token }), 'proxy').send(FAMILY_Y, 'flash_lights'), AsleepError);
  });

  it('sendWaking: asleep → wake_up until online → the command runs', async () => {
    const paired = await h.call('POST', `${h.sim.urls.auth}/_ak/fleetkit.example.com`, { json: { vin: FAMILY_Y, public_key: exportPublicKeyPem(key) } });
    assert.equal(paired.status, 200, paired.text);
    assert.equal(paired.json.response.paired, true);
    await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${FAMILY_Y}/sleep`);
    const transport = new FleetHttpTransport({ baseUrl: h.sim.urls.fleet.na, token, dispatcher: h.agent });
    const sender = new VehicleCommandClient({ privateKey: key, transport });
    await assert.rejects(sendWaking(sender, transport, FAMILY_Y, 'door_unlock', {}, async () => false), AsleepError, 'the user said no');
    const states: string[] = [];
    const outcome = await sendWaking(sender, transport, FAMILY_Y, 'door_unlock', {}, async () => true, { intervalMs: 250, onState: (s) => states.push(s) });
    assert.equal(outcome.ok, true);
    assert.equal(outcome.woke, true);
    assert.equal(states.at(-1), 'online');
    assert.ok(states.length >= 2, `online after ${states.length} polls (wakeSeconds = 1)`);
    assert.equal(states[0], 'asleep', 'the first wake_up answers while the car is still waking');
    await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/7G2CEHED5RA000004/offline`);
    await assert.rejects(wakeUntilOnline(transport, '7G2CEHED5RA000004', { intervalMs: 100 }), AsleepError, 'an offline car does not wake');
  });

  it('CLI --wake wakes a sleeping legacy car and falls back to REST', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-wake-'));
    try {
      writeFileSync(join(dir, 'key.pem'), exportPrivateKeyPem(key));
      writeFileSync(join(dir, 'ca.pem'), h.sim.caPem as string);
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      let err = '';
      stdout.on('data', (d: Buffer) => (out += d.toString()));
      stderr.on('data', (d: Buffer) => (err += d.toString()));
      await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${LEGACY_S}/sleep`);
      const code = await main(
        ['command', 'door_lock', '--vin', LEGACY_S, '--token', token, '--key', join(dir, 'key.pem'), '--base-url', h.sim.urls.fleet.na, '--ca', join(dir, 'ca.pem'), '--no-session-cache', '--wake', '--json'],
        { stdout, stderr, env: {}, signal: new AbortController().signal },
      );
      assert.equal(code, 0, err);
      const result = JSON.parse(out);
      assert.deepEqual([result.ok, result.via, result.woke], [true, 'rest', true]);
      assert.match(err, /wake_up: vehicle is (asleep|online)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
