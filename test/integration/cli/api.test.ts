import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from '../simulator/helpers';
import { runCli } from '../../support/cli';
import { worldWithLoopbackRedirect, writeReadyFile } from '../../support/simulator';
import { loginThroughBrowser } from './helpers';

const ONLINE = '5YJ3E1EA8KF000001'; // the default world's online car (protocol required)
const ASLEEP = '7SAYGDEE1PF000002';

describe('fleetkit api METHOD PATH against the simulator, signed in with fleetkit auth login', function () {
  this.timeout(60_000);
  let h: Harness;
  let dir: string;
  let readyFile: string;
  let caFile: string;
  const env = () => ({ FLEETKIT_CONFIG_DIR: join(dir, 'config') });
  const api = (...args: string[]) => runCli(['api', ...args], { env: env() });

  before(async () => {
    const loopback = await worldWithLoopbackRedirect();
    h = await startHarness({ world: loopback.world });
    dir = await mkdtemp(join(tmpdir(), 'fleetkit-cli-api-'));
    ({ readyFile, caFile } = await writeReadyFile(dir, h.sim));
    const login = await loginThroughBrowser(
      ['auth', 'login', '--simulator', readyFile, '--redirect-uri', loopback.redirectUri, '--no-browser'],
      { env: env() },
      h.agent,
    );
    assert.equal(login.code, 0, login.err);
  });
  after(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('GET /api/1/vehicles: the account’s region and CA by default, the body pretty on stdout, the billing on stderr, exit 0', async () => {
    const r = await api('GET', '/api/1/vehicles');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^\{\n {2}"response": \[/, 'pretty JSON');
    const body = JSON.parse(r.out) as { response: Array<{ vin: string }> };
    assert.ok(body.response.some((v) => v.vin === ONLINE));
    assert.match(r.err, /billed as data \(\$0\.002 at Tesla's rates/);
    assert.match(r.err, /^200 txid \S+/m);
  });

  it('{vin} from --vin, --json: the envelope with status, txid and body', async () => {
    const r = await api('GET', '/api/1/vehicles/{vin}/vehicle_data?endpoints=charge_state', '--vin', ONLINE, '--json');
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as {
      ok: boolean;
      status: number;
      txid: string;
      body: { response: { vin: string; charge_state: { battery_level: number } } };
    };
    assert.equal(out.ok, true);
    assert.equal(out.status, 200);
    assert.match(out.txid, /\S{8,}/);
    assert.equal(out.body.response.vin, ONLINE);
    assert.equal(typeof out.body.response.charge_state.battery_level, 'number');
  });

  it('a car asleep: exit 1, Tesla’s 408 parsed on stderr with its txid, never a wake', async () => {
    const r = await api('GET', `/api/1/vehicles/${ASLEEP}/vehicle_data`);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /fleetkit api: 408: .*asleep/i);
    assert.match(r.err, /txid \S+/);
    const state = await api('GET', '/api/1/vehicles/{vin}', '--vin', ASLEEP);
    assert.equal((JSON.parse(state.out) as { response: { state: string } }).response.state, 'asleep', 'still asleep');
    const json = await api('GET', `/api/1/vehicles/${ASLEEP}/vehicle_data`, '--json');
    const out = JSON.parse(json.out) as { ok: boolean; status: number; body: { error: string }; hints: string[] };
    assert.deepEqual([out.ok, out.status], [false, 408]);
    assert.ok(out.body.error, 'Tesla’s body as received');
    assert.ok(out.hints.length > 0);
  });

  it('a REST command to a car that requires signing: the 403 explained, billed as a command', async () => {
    const r = await api('POST', '/api/1/vehicles/{vin}/command/honk_horn', '--vin', ONLINE);
    assert.equal(r.code, 1);
    assert.match(r.err, /billed as commands \(\$0\.001/);
    assert.match(r.err, /403/);
    assert.match(r.err, /Vehicle Command Protocol/i);
  });

  it('--data @file: the JSON body from a file (fleet_status)', async () => {
    const file = join(dir, 'vins.json');
    await writeFile(file, JSON.stringify({ vins: [ONLINE] }));
    const r = await api('POST', '/api/1/vehicles/fleet_status', '--data', `@${file}`, '--ca', caFile);
    assert.equal(r.code, 0, r.err);
    const body = JSON.parse(r.out) as { response: { key_paired_vins: string[]; unpaired_vins: string[] } };
    assert.deepEqual([...body.response.key_paired_vins, ...body.response.unpaired_vins], [ONLINE]);
  });

  it('says so for a path the table does not know, and for the wrong method', async () => {
    const unknown = await api('GET', '/api/1/not_an_endpoint');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /not in Fleetkit's endpoint table/);
    assert.match(unknown.err, /404/);
    const wrong = await api('GET', `/api/1/vehicles/${ONLINE}/wake_up`);
    assert.match(wrong.err, /takes POST, not GET/);
  });

  it('bad input: a clear error naming the fix, exit 2, nothing sent', async () => {
    const noVin = await api('GET', '/api/1/vehicles/{vin}/vehicle_data');
    assert.equal(noVin.code, 2);
    assert.match(noVin.err, /PATH has \{vin\}: pass --vin VIN/);
    const badJson = await api('POST', '/api/1/vehicles/fleet_status', '--data', '{vins:');
    assert.equal(badJson.code, 2);
    assert.match(badJson.err, /--data is not JSON .*@file\.json/);
    const badMethod = await api('FETCH', '/api/1/vehicles');
    assert.match(badMethod.err, /METHOD must be one of GET, POST, PUT, DELETE/);
    const noSlash = await api('GET', 'api/1/vehicles');
    assert.match(noSlash.err, /PATH must start with \//);
  });

  it('--list: every endpoint of the table', async () => {
    const r = await api('--list', '--json');
    const rows = JSON.parse(r.out) as Array<{ id: string }>;
    assert.ok(rows.length >= 139);
    assert.ok(rows.some((e) => e.id === 'energy.backup'));
  });
});
