import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCa } from '../../../core/certs';
import { verifyTelemetryJws } from '../../../simulator/telemetry-config/verify-jws';
import { createTelemetrySurface } from '../../../simulator/telemetry/surface';
import { NA_EMAIL, signIn, startSim, type SignedIn, type SimHandle } from '../fleet-api/sim-fixture';
import { runCli } from '../../support/cli';
import { freePort } from '../../support/net';
import { replaceSurfaces, writeReadyFile } from '../../support/simulator';

const MODEL_3 = '5YJ3E1EA8KF000001'; // NA, online, key paired
const MODEL_Y = '7SAYGDEE1PF000002'; // NA, asleep, key not paired

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** `fleetkit telemetry …` end to end against the simulator: exit codes, --json results and failures. */
describe('fleetkit telemetry push | status | remove | errors | sign (CLI against the simulator)', function () {
  this.timeout(120_000);
  let h: SimHandle;
  let me: SignedIn;
  let dir: string;
  let key: KeyObject;
  let closedPort: number;
  const files: Record<string, string> = {};
  const serverCa = createCa({ commonName: 'CLI telemetry test server CA' });
  const config = () => ({ hostname: 'localhost', port: closedPort, ca: serverCa.certPem, fields: { Soc: { interval_seconds: 60 } }, prefer_typed: true });

  async function fleetkit(args: string[], env: Record<string, string> = {}): Promise<Run> {
    // FLEETKIT_CONFIG_DIR: no store of whoever runs the tests is read.
    const { code, out, err } = await runCli(['telemetry', ...args], { env: { FLEETKIT_CONFIG_DIR: dir, ...env } });
    let json: unknown;
    try {
      json = out.trim() ? JSON.parse(out) : undefined;
    } catch {
      json = undefined;
    }
    return { code, stdout: out, stderr: err, json };
  }
  const fleet = (): string[] => ['--base-url', h.sim.urls.fleet.na, '--ca', files.ca!];
  const asUser = (): Record<string, string> => ({ FLEETKIT_ACCESS_TOKEN: me.accessToken });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetkit-cli-telemetry-'));
    h = await startSim(undefined, replaceSurfaces(createTelemetrySurface({ reconnect: { initialMs: 200, maxMs: 1000 } })));
    me = await signIn(h, NA_EMAIL);
    closedPort = await freePort();

    key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    files.key = join(dir, 'command-key.pem');
    files.config = join(dir, 'fleet_telemetry_config.json');
    files.request = join(dir, 'request.json');
    files.broken = join(dir, 'broken.json');
    files.invalid = join(dir, 'invalid.json');
    await writeFile(files.key, key.export({ type: 'sec1', format: 'pem' }).toString(), { mode: 0o600 });
    ({ caFile: files.ca, readyFile: files.ready } = await writeReadyFile(dir, h.sim));
    await writeFile(files.config, `// pushed by the CLI test\n${JSON.stringify(config(), null, 2)}\n`);
    await writeFile(files.request, JSON.stringify({ vins: [MODEL_3, MODEL_Y], config: config() }));
    await writeFile(files.broken, JSON.stringify({ ...config(), port: '4443', fields: { Soc: { interval_seconds: 60 } } }));
    await writeFile(files.invalid, '{"hostname": "localhost",');
  });
  after(async () => {
    await h?.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('sign', () => {
    it("prints the Tesla.SS256 JWS that Tesla's verifier (the simulator's) accepts, claims = config + iss + aud", async () => {
      const r = await fleetkit(['sign', files.config!, '--key', files.key!]);
      assert.equal(r.code, 0, r.stderr);
      const token = r.stdout.trim();
      assert.equal(r.stdout, `${token}\n`, 'one line: the token, as tesla-jws prints it');
      const [header] = token.split('.');
      // vehicle-command internal/authentication/jwt.go: alg "Tesla.SS256" (golang-jwt adds typ JWT); pkg/sign/sign.go:
      // aud "com.tesla.fleet." + app, with app "TelemetryClient" (cmd/tesla-jws/README.md), iss = base64 public key.
      assert.deepEqual(JSON.parse(Buffer.from(header!, 'base64url').toString()), { alg: 'Tesla.SS256', typ: 'JWT' });
      const { claims, publicKey } = verifyTelemetryJws(token);
      const point = Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');
      assert.equal(publicKey.length, 65);
      assert.deepEqual(publicKey.subarray(1, 33), point);
      assert.deepEqual(claims, { ...config(), iss: publicKey.toString('base64'), aud: 'com.tesla.fleet.TelemetryClient' });
    });

    it('--json: {ok, token, iss, aud}; a {"vins","config"} request signs only its config', async () => {
      const r = await fleetkit(['sign', files.request!, '--key', files.key!, '--json']);
      assert.equal(r.code, 0);
      assert.equal(r.json.ok, true);
      assert.equal(r.json.aud, 'com.tesla.fleet.TelemetryClient');
      const { claims } = verifyTelemetryJws(r.json.token);
      assert.equal(claims.vins, undefined);
      assert.equal(claims.hostname, 'localhost');
      assert.equal(claims.iss, r.json.iss);
    });

    it('usage errors exit 2, in JSON on stdout with --json', async () => {
      const noKey = await fleetkit(['sign', files.config!, '--json']);
      assert.equal(noKey.code, 2);
      assert.deepEqual(Object.keys(noKey.json).sort(), ['error', 'hints', 'message', 'ok']);
      assert.equal(noKey.json.ok, false);
      assert.equal(noKey.json.error, 'UsageError');
      assert.match(noKey.json.message, /--key FILE is required/);
      assert.deepEqual(noKey.json.hints, ['fleetkit telemetry --help shows the options']);
      const invalid = await fleetkit(['sign', files.invalid!, '--key', files.key!, '--json']);
      assert.equal(invalid.code, 2);
      assert.match(invalid.json.message, /is not valid JSON: .* on line 1/);
      const unknown = await fleetkit(['sign', files.config!, '--key', files.key!, '--bogus', '--json']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.json.message, /--bogus/);
      const text = await fleetkit(['sign', files.config!]);
      assert.equal(text.code, 2);
      assert.equal(text.stdout, '', 'without --json, failures go to stderr only');
      assert.match(text.stderr, /--key FILE is required/);
    });
  });

  describe('push, status, errors, remove', () => {
    it('push: a config with errors is refused before any call (exit 1, the diagnostics in the JSON)', async () => {
      const r = await fleetkit(['push', files.broken!, '--vin', MODEL_3, '--key', files.key!, '--json', ...fleet()], asUser());
      assert.equal(r.code, 1);
      assert.equal(r.json.ok, false);
      assert.equal(r.json.error, 'ConfigError');
      assert.match(r.json.message, /error\(s\) in .*broken\.json stop the push/);
      assert.ok(
        r.json.diagnostics.some((d: { message: string }) => /port/.test(d.message)),
        JSON.stringify(r.json.diagnostics),
      );
      assert.match(r.json.hints[0], /fleetkit lint/);
    });

    it('push to the VINs of a request: the paired car is updated, the unpaired one skipped with the fix (exit 1)', async () => {
      const r = await fleetkit(['push', files.request!, '--key', files.key!, '--json', ...fleet()], asUser());
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.json.ok, false);
      assert.equal(r.json.error, 'VehiclesSkipped');
      assert.equal(r.json.updated_vehicles, 1);
      assert.deepEqual(
        r.json.skipped.map((s: { vin: string; reason: string }) => [s.vin, s.reason]),
        [[MODEL_Y, 'missing_key']],
      );
      assert.match(r.json.hints[0], /Pair your virtual key/);
      assert.match(r.stderr, /7SAYGDEE1PF000002 skipped: missing_key/);
    });

    it('push with --vin (overriding the file) and the text report: exit 0', async () => {
      const r = await fleetkit(['push', files.config!, '--vin', MODEL_3, '--key', files.key!, ...fleet()], asUser());
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /Telemetry config sent to 1 vehicle\(s\): 1 updated/);
      assert.match(r.stderr, /warning FT211 "hostname" "localhost" is a single label/, 'warnings are shown, they do not stop the push');
    });

    it('status reads every VIN given', async () => {
      const r = await fleetkit(['status', '--vin', MODEL_3, '--vin', MODEL_Y, '--json', ...fleet()], asUser());
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.json.ok, true);
      assert.deepEqual(
        r.json.vehicles.map((v: { vin: string; state: string }) => [v.vin, v.state]),
        [
          [MODEL_3, 'synced'],
          [MODEL_Y, 'none'],
        ],
      );
      assert.equal(r.json.vehicles[0].config.hostname, 'localhost');
      assert.equal(r.json.vehicles[1].key_paired, false);
      const text = await fleetkit(['status', '--vin', `${MODEL_3},${MODEL_Y}`, ...fleet()], asUser());
      assert.match(
        text.stderr,
        new RegExp(`${MODEL_3}  synced: the vehicle runs this app's config\\n${MODEL_Y}  none: no config from this app \\(key not paired\\)`),
      );
    });

    it('errors: the car cannot reach the server; listed by the partner endpoint (--simulator) and the vehicle endpoint (--token)', async () => {
      let r: Run | undefined;
      for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((res) => setTimeout(res, 300))) {
        r = await fleetkit(['errors', '--simulator', files.ready!, '--json']);
        if (r.json?.errors?.length) break;
      }
      assert.equal(r!.code, 0, r!.stderr);
      assert.equal(r!.json.source, 'partner');
      assert.deepEqual(r!.json.vins, [MODEL_3]);
      const e = r!.json.errors[0];
      assert.equal(e.error_name, 'connection_error');
      assert.equal(e.error, `dial tcp 127.0.0.1:${closedPort}: connect: connection refused`);
      assert.equal(e.name, h.sim.ready.clientId);
      assert.match(e.created_at, /^\d{4}-\d\d-\d\dT/);
      assert.match(e.fix, /listen on the config's port/);

      const text = await fleetkit(['errors', '--simulator', files.ready!, '--vin', MODEL_3]);
      assert.equal(text.code, 0);
      assert.match(text.stderr, new RegExp(`${MODEL_3}  1 error\\(s\\)\\n  (just now|\\d+ s ago) +connection_error: dial tcp`));
      assert.match(text.stderr, /fix: Make the config's hostname resolve/);
      const other = await fleetkit(['errors', '--simulator', files.ready!, '--vin', MODEL_Y, '--json']);
      assert.deepEqual(other.json.errors, [], '--vin narrows the partner list');

      const viaUser = await fleetkit(['errors', '--vin', MODEL_3, '--token', me.accessToken, '--json', ...fleet()]);
      assert.equal(viaUser.code, 0, viaUser.stderr);
      assert.equal(viaUser.json.source, 'vehicle');
      assert.deepEqual(
        viaUser.json.errors.map((x: { vin: string; error_name: string }) => [x.vin, x.error_name]),
        [[MODEL_3, 'connection_error']],
      );
    });

    it('errors without a client secret or a VIN is a usage error naming both ways', async () => {
      const r = await fleetkit(['errors', '--json', ...fleet()], asUser());
      assert.equal(r.code, 2);
      assert.equal(r.json.error, 'UsageError');
      assert.match(r.json.message, /FLEETKIT_CLIENT_SECRET.*--vin VIN/);
    });

    it('remove acts on every VIN given; the removed config takes its errors with it', async () => {
      const r = await fleetkit(['remove', '--vin', MODEL_3, '--vin', MODEL_Y, '--json', ...fleet()], asUser());
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.json.vehicles, [
        { vin: MODEL_3, ok: true, removed: true },
        { vin: MODEL_Y, ok: true, removed: false },
      ]);
      const after = await fleetkit(['errors', '--simulator', files.ready!, '--json']);
      assert.deepEqual(after.json.errors, []);
      const status = await fleetkit(['status', '--vin', MODEL_3, '--json', ...fleet()], asUser());
      assert.equal(status.json.vehicles[0].state, 'none');
    });
  });

  describe('failures', () => {
    it('a rejected token: exit 1, JSON failure per vehicle and on top, with the sign-in hint', async () => {
      const r = await fleetkit(['status', '--vin', MODEL_3, '--vin', MODEL_Y, '--token', 'not-a-token', '--json', ...fleet()]);
      assert.equal(r.code, 1);
      assert.equal(r.json.ok, false);
      assert.match(r.json.message, /^2 of 2 vehicle\(s\) failed; 5YJ3E1EA8KF000001: /);
      assert.ok(
        r.json.hints.some((x: string) => /sign in again/.test(x)),
        JSON.stringify(r.json.hints),
      );
      assert.deepEqual(
        r.json.vehicles.map((v: { vin: string; ok: boolean }) => [v.vin, v.ok]),
        [
          [MODEL_3, false],
          [MODEL_Y, false],
        ],
      );
    });

    it('a Fleet API that cannot be reached: exit 1 with a JSON failure', async () => {
      const r = await fleetkit(['remove', '--vin', MODEL_3, '--json', '--base-url', `https://127.0.0.1:${closedPort}`, '--ca', files.ca!], asUser());
      assert.equal(r.code, 1);
      assert.equal(r.json.ok, false);
      assert.equal(r.json.error, 'TransportError');
      assert.match(r.json.message, /Could not reach the Fleet API/);
    });

    it('usage: a bad VIN, no VIN, no token, a bad --base-url — exit 2, JSON with --json', async () => {
      for (const [args, env, message] of [
        [['status', '--vin', 'ABC', '--json'], asUser(), /--vin "ABC" is not a VIN: a VIN has 17 characters/],
        [['remove', '--vin', '5YJ3E1EA7KF00000O', '--json'], asUser(), /"O" cannot appear in a VIN/],
        [['remove', '--json'], asUser(), /remove needs at least one --vin VIN/],
        [['status', '--vin', MODEL_3, '--json', ...fleet()], {}, /no access token: sign in with `fleetkit auth login`/],
        [
          ['push', files.config!, '--vin', MODEL_3, '--key', files.key!, '--base-url', 'http://fleet.example.com', '--json'],
          asUser(),
          /--base-url: http:\/\/ is only accepted for loopback hosts/,
        ],
        [['push', files.config!, '--key', files.key!, '--json'], asUser(), /no vehicles to configure/],
      ] as const) {
        const r = await fleetkit([...args], { ...env });
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.equal(r.json?.ok, false, args.join(' '));
        assert.match(r.json.message, message);
      }
    });

    it('--help of each subcommand, and the subcommand table', async () => {
      for (const sub of ['push', 'status', 'remove', 'errors', 'sign']) {
        const r = await fleetkit([sub, '--help']);
        assert.equal(r.code, 0);
        assert.match(r.stdout, new RegExp(`^Usage: fleetkit telemetry ${sub} `));
      }
      const table = await fleetkit(['--help']);
      for (const sub of ['push', 'status', 'remove', 'errors', 'sign', 'check-server']) assert.match(table.stdout, new RegExp(`\\n  ${sub} +\\S`));
    });
  });
});
