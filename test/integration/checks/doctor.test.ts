import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { defaultWorld } from '../../../simulator/index';
import { createPartnerSurface } from '../../../simulator/partner/surface';
import { runDoctor, type DoctorInput } from '../../../core/checks/doctor/run';
import { describeKeyObject } from '../../../core/checks/pem/key-info';
import { summarize, type CheckReport, type CheckStatus } from '../../../core/checks/types';
import { TokenClient } from '../../../core/oauth/token-client';
import { PartnerTokenCache } from '../../../core/oauth/partner-token-cache';
import { registerPartnerDomain } from '../../../core/partner';
import { startHarness, signIn, NA_ACCOUNT, EU_ACCOUNT, type Harness } from '../simulator/helpers';
import { startPemFixture, type PemFixture } from './pem-fixture-server';
import { runCli, type CliResult } from '../../support/cli';
import { replaceSurfaces, writeReadyFile } from '../../support/simulator';

const statuses = (r: CheckReport): Record<string, CheckStatus> => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

describe('fleetkit doctor against the simulator and the HTTPS fixture', function () {
  let fx: PemFixture;
  let h: Harness;
  let agent: Agent;
  let naToken: string;
  let base: () => DoctorInput;

  before(async () => {
    fx = await startPemFixture();
    const world = defaultWorld();
    world.app.allowedOrigins = ['https://app.example.test'];
    const partner = createPartnerSurface({ download: { resolve: fx.resolve, ca: [fx.caPem], timeoutMs: 1000 } });
    h = await startHarness({ world, surfaces: replaceSurfaces(partner) });
    agent = new Agent({ connect: { ca: h.sim.caPem! } });
    naToken = (await signIn(h, { loginHint: NA_ACCOUNT })).access_token;
    base = () => ({
      clientId: h.sim.ready.clientId,
      clientSecret: h.sim.ready.clientSecret,
      accessToken: naToken,
      tokenUrl: `${h.sim.urls.auth}/oauth2/v3/token`,
      fleetUrls: { na: h.sim.urls.fleet.na, eu: h.sim.urls.fleet.eu },
      dispatcher: agent,
      domain: fx.host('good'),
      localKey: describeKeyObject(fx.keys.good.privateKey),
      pem: { ca: fx.caPem, resolve: fx.resolve, timeoutMs: 2000 },
    });
  });
  after(async () => {
    await agent.close();
    await h.close();
    await fx.close();
  });

  it('on a misconfigured setup shows the failing items in order', async () => {
    const r = await runDoctor(base());
    assert.deepEqual(
      r.checks.map((c) => c.id),
      [
        'app.credentials',
        'token.valid',
        'token.scopes',
        'region.match',
        'partner.registered',
        'pem.hosting',
        'partner.key-match',
        'vehicles.paired',
        'vehicles.signing',
        'telemetry.synced',
        'telemetry.server',
      ],
    );
    const s = statuses(r);
    assert.equal(s['app.credentials'], 'pass');
    assert.equal(s['token.valid'], 'pass');
    assert.equal(s['region.match'], 'pass');
    assert.equal(s['pem.hosting'], 'pass');
    assert.equal(s['partner.registered'], 'fail');
    assert.match(r.checks.find((c) => c.id === 'partner.registered')!.detail, /not registered in NA.*412/);
    assert.equal(r.checks.find((c) => c.id === 'partner.registered')!.action, 'fleetkit.registerPartnerDomain');
    assert.equal(s['partner.key-match'], 'skip');
    assert.equal(s['vehicles.paired'], 'fail');
    // The legacy Model S takes unsigned REST: it is named as needing no key, not as unpaired.
    assert.match(
      r.checks.find((c) => c.id === 'vehicles.paired')!.detail,
      /^Not paired: 7SAYGDEE1PF000002 \(2 paired\).*5YJSA1E24FF000003 takes unsigned REST commands and needs no key/,
    );
    assert.match(r.checks.find((c) => c.id === 'vehicles.paired')!.fix, /https:\/\/tesla\.com\/_ak\/good\.example\.test/);
    assert.equal(r.facts.region, 'NA');
    assert.equal(r.facts.billableCalls, '3');
    assert.equal(summarize(r.checks).ok, false);
  });

  it('reports bad hosting, a missing secret and a missing token', async () => {
    const r = await runDoctor({ ...base(), domain: fx.host('r301'), clientSecret: undefined, accessToken: undefined });
    const s = statuses(r);
    assert.equal(s['app.credentials'], 'fail');
    assert.equal(s['token.valid'], 'fail');
    assert.equal(s['pem.hosting'], 'fail');
    assert.match(r.checks.find((c) => c.id === 'pem.hosting')!.detail, /301 Moved Permanently/);
    assert.equal(s['vehicles.paired'], 'skip');
    assert.equal(r.facts.billableCalls, '0');
  });

  it('flags a published private key as critical', async () => {
    const r = await runDoctor({ ...base(), domain: fx.host('ecprivate') });
    const c = r.checks.find((x) => x.id === 'pem.hosting')!;
    assert.equal(c.status, 'fail');
    assert.equal(c.critical, true);
  });

  it('after registering and pairing, it is all green', async () => {
    const tokenClient = new TokenClient({ tokenUrl: `${h.sim.urls.auth}/oauth2/v3/token`, clientId: h.sim.ready.clientId, dispatcher: agent });
    const tokens = new PartnerTokenCache((audience) => tokenClient.clientCredentials({ clientSecret: h.sim.ready.clientSecret, audience }));
    const rows = await registerPartnerDomain({
      domain: fx.host('good'),
      regions: [{ region: 'na', baseUrl: h.sim.urls.fleet.na }],
      partnerToken: (a) => tokens.get(a),
      dispatcher: agent,
    });
    assert.equal(rows[0].state, 'registered');
    const point = describeKeyObject(fx.keys.good.privateKey).pointHex!;
    for (const vin of ['7SAYGDEE1PF000002', '5YJSA1E24FF000003']) {
      const res = await h.call('POST', `${h.sim.urls.fleet.na}/_ak/${fx.host('good')}`, { json: { vin, public_key: point } });
      assert.equal(res.status, 200, res.text);
    }
    const r = await runDoctor(base());
    assert.deepEqual(
      r.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => `${c.id}: ${c.detail}`),
      [],
    );
    assert.equal(statuses(r)['partner.key-match'], 'pass');
    assert.equal(summarize(r.checks).ok, true);
  });

  it('notices when the local key is not the key Tesla has on record', async () => {
    const other = generateOther();
    const r = await runDoctor({ ...base(), localKey: other });
    assert.equal(statuses(r)['partner.key-match'], 'fail');
    assert.equal(statuses(r)['pem.hosting'], 'fail', 'the hosted key is not the local key either');
  });

  it('an EU account is checked in EU, where the domain is not registered', async () => {
    const euToken = (await signIn(h, { loginHint: EU_ACCOUNT, audience: h.sim.urls.fleet.eu })).access_token;
    const r = await runDoctor({ ...base(), accessToken: euToken });
    assert.equal(r.facts.region, 'EU');
    assert.match(r.checks.find((c) => c.id === 'partner.registered')!.detail, /not registered in EU/);
  });

  it('fleetkit doctor --simulator READY --json exits 0 when all is green, 1 otherwise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetkit-doctor-'));
    try {
      const pemCa = join(dir, 'pem-ca.pem');
      const keyFile = join(dir, 'key.pem');
      const { readyFile } = await writeReadyFile(dir, h.sim);
      await writeFile(pemCa, fx.caPem);
      await writeFile(keyFile, fx.keys.good.publicPem);
      const resolveArgs = ['good', 'r301'].flatMap((s) => ['--resolve', `${fx.host(s)}=127.0.0.1:${fx.port}`]);
      const run = (domain: string): Promise<CliResult> =>
        runCli(['doctor', '--simulator', readyFile, '--domain', domain, '--key', keyFile, '--pem-ca', pemCa, ...resolveArgs, '--json'], {
          env: { FLEETKIT_ACCESS_TOKEN: naToken },
        });
      const good = await run(fx.host('good'));
      assert.equal(good.code, 0, good.out + good.err);
      const report = JSON.parse(good.out);
      assert.equal(report.summary.ok, true);
      assert.doesNotMatch(good.out + good.err, new RegExp(naToken.slice(-20)), 'the token never reaches the output');
      assert.doesNotMatch(good.out + good.err, new RegExp(h.sim.ready.clientSecret), 'the secret never reaches the output');
      const bad = await run(fx.host('r301'));
      assert.equal(bad.code, 1);
      assert.equal(JSON.parse(bad.out).checks.find((c: { id: string }) => c.id === 'pem.hosting').status, 'fail');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function generateOther() {
  return describeKeyObject(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey);
}
