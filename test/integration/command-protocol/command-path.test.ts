/**
 * One command path: signed and REST commands go through the Fleet API client, so against the simulator over HTTPS
 * they get what data calls get — an expired token is refreshed once (401), a user in another region is followed to
 * Tesla's region answer (421), and a 5xx other than 503 after the car acted is reported as "may have succeeded"
 * without a retry (teslamotors/vehicle-command pkg/connector/inet/inet.go HTTPError.MayHaveSucceeded).
 */
import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandClient, createCommandSender, FleetApiCommandTransport, VehicleCommandClient } from '../../../core/command-protocol';
import { describeError } from '../../../core/errors/describe-error';
import type { CallEvent } from '../../../core/fleet-api/client';
import { ServerError } from '../../../core/fleet-api/errors';
import type { TokenProvider } from '../../../core/fleet-api/token-provider';
import { exportPrivateKeyPem, generatePrivateKey } from '../../../core/keys';
import { advance, EU_ACCOUNT, signIn, startHarness, type Harness } from '../simulator/helpers';
import { runCli } from '../../support/cli';

const COMMUTER = '5YJ3E1EA8KF000001';
const BERLIN = 'LRW3E7FA7MC000005';

describe('one command path: commands through the Fleet API client (simulator over HTTPS)', function () {
  this.timeout(60_000);
  let h: Harness;
  let key: KeyObject;

  before(async () => {
    h = await startHarness();
    key = generatePrivateKey();
  });
  after(async () => h?.close());

  /** Refreshes against the simulator's token endpoint, as the sign-in layer does. */
  function refreshingTokens(tokens: { access_token: string; refresh_token: string }, refreshes: string[]): TokenProvider {
    let current = tokens;
    return {
      getAccessToken: async () => current.access_token,
      refreshAccessToken: async (rejected) => {
        refreshes.push(rejected);
        const r = await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/token`, {
          form: { grant_type: 'refresh_token', client_id: h.sim.ready.clientId, refresh_token: current.refresh_token },
        });
        if (r.status !== 200) throw new Error(`refresh answered ${r.status}`);
        current = r.json;
        return current.access_token;
      },
    };
  }

  it('an expired access token on signed_command is refreshed once and the command goes through', async () => {
    const tokens = await signIn(h);
    const refreshes: string[] = [];
    const calls: string[] = [];
    const client = commandClient({
      baseUrl: h.sim.urls.fleet.na,
      tokens: refreshingTokens(tokens, refreshes),
      dispatcher: h.agent,
      onCall: (e) => calls.push(`${e.path.split('/').pop()} ${e.status}`),
    });
    const sender = createCommandSender({ kind: 'native', client, privateKey: key });
    assert.equal((await sender.send(COMMUTER, 'flash_lights')).ok, true);
    await advance(h, tokens.expires_in + 60);
    await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${COMMUTER}/wake`); // the car slept meanwhile
    calls.length = 0;
    const outcome = await sender.send(COMMUTER, 'honk_horn');
    assert.equal(outcome.ok, true);
    assert.deepEqual(refreshes, [tokens.access_token], 'one refresh, of the token Tesla rejected');
    assert.equal(calls[0], 'signed_command 401', calls.join(', '));
    assert.ok(calls.length >= 2 && calls.slice(1).every((c) => c === 'signed_command 200'), `after the refresh every call succeeded: ${calls.join(', ')}`);
  });

  it("a command for an EU account sent to the NA host follows Tesla's 421 region answer", async () => {
    const tokens = await signIn(h, { loginHint: EU_ACCOUNT, audience: h.sim.urls.fleet.eu });
    const calls: CallEvent[] = [];
    const client = commandClient({
      baseUrl: h.sim.urls.fleet.na,
      tokens: tokens.access_token,
      dispatcher: h.agent,
      regionUrls: { na: h.sim.urls.fleet.na, eu: h.sim.urls.fleet.eu },
      onCall: (e) => calls.push(e),
    });
    const sender = new VehicleCommandClient({ privateKey: key, transport: new FleetApiCommandTransport(client) });
    await h.call('POST', `${h.sim.urls.fleet.eu}/sim/vehicles/${BERLIN}/wake`);
    const outcome = await sender.send(BERLIN, 'door_lock');
    assert.equal(outcome.ok, true);
    assert.equal(calls[0].status, 421);
    assert.equal(new URL(calls[0].baseUrl).origin, new URL(h.sim.urls.fleet.na).origin);
    assert.ok(
      calls.slice(1).every((c) => new URL(c.baseUrl).origin === new URL(h.sim.urls.fleet.eu).origin),
      'every later call went to the EU host',
    );
    assert.equal(client.baseUrl, new URL(h.sim.urls.fleet.eu).origin);
    const state = await h.call('GET', `${h.sim.urls.fleet.eu}/sim/vehicles/${BERLIN}`);
    assert.equal(state.json.response.state.vehicle_state.locked, true);
  });

  it('a 500 after the car acted: "may have succeeded", sent once, never retried — the car did open the trunk', async () => {
    const tokens = await signIn(h);
    const calls: string[] = [];
    const client = commandClient({
      baseUrl: h.sim.urls.fleet.na,
      tokens: tokens.access_token,
      dispatcher: h.agent,
      onCall: (e) => calls.push(`${e.path} ${e.status}`),
    });
    const sender = createCommandSender({ kind: 'native', client, privateKey: key });
    await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${COMMUTER}/wake`);
    await sender.send(COMMUTER, 'flash_lights'); // warm both domains' sessions: only the command itself is counted below
    await sender.send(COMMUTER, 'door_unlock');
    const before = await h.call('GET', `${h.sim.urls.fleet.na}/sim/vehicles/${COMMUTER}`);
    const rearBefore = before.json.response.state.vehicle_state.rt;
    const lost = await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${COMMUTER}/protocol`, { json: { lostReplies: { status: 500 } } });
    assert.equal(lost.status, 200, lost.text);
    calls.length = 0;
    const err: unknown = await sender.send(COMMUTER, 'actuate_trunk', { which_trunk: 'rear' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof ServerError, String(err));
    assert.equal(err.mayHaveSucceeded, true);
    assert.equal(calls.length, 1, `sent once: ${calls.join(', ')}`);
    const d = describeError(err, { vehicle: 'Commuter' });
    assert.deepEqual(d.actions, ['checkState', 'showLog'], 'no Retry: retrying actuate_trunk would close it again');
    const after = await h.call('GET', `${h.sim.urls.fleet.na}/sim/vehicles/${COMMUTER}`);
    assert.notEqual(after.json.response.state.vehicle_state.rt, rearBefore, 'the car did act on the command');
    // 503 is "asleep" to a command and cannot be injected as a lost reply.
    const refused = await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${COMMUTER}/protocol`, { json: { lostReplies: { status: 503 } } });
    assert.equal(refused.status, 400);
  });

  it('the CLI exits 5 with a "check the state" hint, not a retry, when a REST command may have run', async () => {
    const tokens = await signIn(h);
    const dir = mkdtempSync(join(tmpdir(), 'fk-maybe-'));
    try {
      writeFileSync(join(dir, 'key.pem'), exportPrivateKeyPem(key));
      writeFileSync(join(dir, 'ca.pem'), h.sim.caPem as string);
      await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${COMMUTER}/wake`);
      await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${COMMUTER}/protocol`, { json: { lostReplies: { status: 502 } } });
      const { code, out, err } = await runCli([
        'command',
        'flash_lights',
        '--vin',
        COMMUTER,
        '--token',
        tokens.access_token,
        '--key',
        join(dir, 'key.pem'),
        '--base-url',
        h.sim.urls.fleet.na,
        '--ca',
        join(dir, 'ca.pem'),
        '--no-session-cache',
        '--json',
      ]);
      assert.equal(code, 5, err);
      const result = JSON.parse(out);
      assert.equal(result.may_have_succeeded, true);
      assert.match(result.message, /may already have carried out the command: Tesla answered 502/);
      assert.match(err, /→ read the vehicle's state before sending the command again/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
