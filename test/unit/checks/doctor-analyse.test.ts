import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { checkCommandKey } from '../../../core/checks/keys/command-key';
import { analyseDoctor } from '../../../core/checks/doctor/analyse';
import type { DoctorFacts } from '../../../core/checks/doctor/facts';
import { describeKeyObject } from '../../../core/checks/pem/key-info';
import { check, summarize } from '../../../core/checks/types';
import type { AccessTokenClaims } from '../../../core/oauth/jwt';
import { find } from './helpers';

const now = new Date('2026-06-01T12:00:00Z');
const key = describeKeyObject(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey);
const claims = (over: Partial<AccessTokenClaims> = {}): AccessTokenClaims => ({
  sub: 'u1',
  scopes: ['openid', 'offline_access', 'user_data', 'vehicle_device_data', 'vehicle_location', 'vehicle_cmds', 'vehicle_charging_cmds'],
  audiences: [],
  ouCode: 'NA',
  exp: now.getTime() / 1000 + 3600,
  iat: undefined,
  iss: undefined,
  raw: {},
  ...over,
});
const green = (): DoctorFacts => ({
  now,
  clientId: 'cid',
  hasClientSecret: true,
  token: { claims: claims() },
  wantedScopes: ['openid', 'offline_access', 'user_data', 'vehicle_device_data', 'vehicle_cmds'],
  userRegion: { region: 'na', baseUrl: 'https://na.test' },
  configuredRegions: ['na', 'eu'],
  domain: 'fleet.example.test',
  partner: [
    { region: 'na', baseUrl: 'https://na.test', state: 'registered', publicKeyHex: key.pointHex, matchesLocal: true },
    { region: 'eu', baseUrl: 'https://eu.test', state: 'not-registered' },
  ],
  pem: { kind: 'pem', target: 'https://fleet.example.test/x', checkedAt: now.toISOString(), checks: [check.pass('a', 'A', 'ok')], facts: {} },
  localKey: key,
  fleetStatus: { paired: ['VIN1', 'VIN2'], unpaired: [], protocolRequired: { VIN1: true, VIN2: false } },
  billableCalls: 3,
});

describe('checks: doctor analysis (pure)', () => {
  it('is green for a healthy setup (EU not registered does not matter for an NA account)', () => {
    const r = analyseDoctor(green());
    assert.deepEqual(
      r.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => c.id),
      [],
    );
    assert.equal(summarize(r.checks).ok, true);
    assert.match(find(r, 'partner.registered').detail, /EU: not-registered/);
    assert.match(find(r, 'vehicles.signing').detail, /1 vehicle\(s\) need signed commands.*1 accept unsigned REST commands \(VIN2\)/);
    assert.equal(r.facts.pairingLink, 'https://tesla.com/_ak/fleet.example.test');
  });

  it('fails an expired token and offers sign-in', () => {
    const c = find(analyseDoctor({ ...green(), token: { claims: claims({ exp: now.getTime() / 1000 - 1 }) } }), 'token.valid');
    assert.equal(c.status, 'fail');
    assert.match(c.detail, /expired at/);
    assert.equal(c.action, 'fleetkit.signIn');
  });

  it('fails an unreadable token and skips what depends on it', () => {
    const r = analyseDoctor({ ...green(), token: { error: 'not a JWT' }, fleetStatus: undefined, userRegion: undefined });
    assert.match(find(r, 'token.valid').detail, /cannot be read: not a JWT/);
    assert.equal(find(r, 'token.scopes').status, 'skip');
    assert.equal(find(r, 'vehicles.paired').status, 'skip');
  });

  it('warns missing scopes, ignoring openid/offline_access which Tesla may omit from scp', () => {
    const c = find(analyseDoctor({ ...green(), token: { claims: claims({ scopes: ['user_data'] }) } }), 'token.scopes');
    assert.equal(c.status, 'warn');
    assert.match(c.detail, /lacks vehicle_device_data, vehicle_cmds \(/);
  });

  it('fails a region disagreement between the token and Tesla', () => {
    const c = find(analyseDoctor({ ...green(), token: { claims: claims({ ouCode: 'EU' }) } }), 'region.match');
    assert.equal(c.status, 'fail');
    assert.match(c.detail, /token says EU but Tesla says NA/);
  });

  it('fails a region Fleetkit has no URL for', () => {
    assert.match(find(analyseDoctor({ ...green(), configuredRegions: ['eu'] }), 'region.match').detail, /no Fleet API URL for NA/);
  });

  it('explains an unregistered region with the 412 it causes', () => {
    const f = green();
    const r = analyseDoctor({ ...f, userRegion: { region: 'eu', baseUrl: 'https://eu.test' }, token: { claims: claims({ ouCode: 'EU' }) } });
    assert.match(find(r, 'partner.registered').detail, /not registered in EU.*412/);
    assert.equal(find(r, 'partner.key-match').status, 'skip');
  });

  it('fails a key mismatch and a failing PEM report, marking a published private key critical', () => {
    const other = describeKeyObject(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey);
    const f = green();
    const r = analyseDoctor({
      ...f,
      localKey: other,
      pem: { ...f.pem!, checks: [{ ...check.fail('body.private-key', 'No private key published', 'CRITICAL: …', 'Rotate now.'), critical: true }] },
    });
    assert.equal(find(r, 'partner.key-match').status, 'fail');
    const pem = find(r, 'pem.hosting');
    assert.equal(pem.critical, true);
    assert.equal(pem.fix, 'Rotate now.');
  });

  it('shows the one-command-key verdict beside the key items, with Import Command Key when it fails', () => {
    const f = green();
    const other = describeKeyObject(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey);
    const verdict = checkCommandKey({ stored: f.localKey!, keyFile: { path: '/old.pem', setting: 'fleetkit.partner.keyFile', info: other } });
    const r = analyseDoctor({ ...f, localKey: verdict.key, commandKey: verdict.check });
    const ids = r.checks.map((c) => c.id);
    assert.equal(ids.indexOf('key.command') + 1, ids.indexOf('partner.key-match'), 'right before the partner key match');
    assert.deepEqual([find(r, 'key.command').status, find(r, 'key.command').action], ['fail', 'fleetkit.importCommandKey']);
    assert.equal(find(r, 'partner.key-match').status, 'pass', 'Tesla is compared with the signing key, not the file');
    assert.equal(
      analyseDoctor(f).checks.some((c) => c.id === 'key.command'),
      false,
      'no verdict given (CLI --key): no item',
    );
  });

  it('lists unpaired vehicles with the pairing link', () => {
    const c = find(analyseDoctor({ ...green(), fleetStatus: { paired: ['A'], unpaired: ['B', 'C'], protocolRequired: {} } }), 'vehicles.paired');
    assert.match(c.detail, /Not paired: B, C \(1 paired\)/);
    assert.match(c.fix, /https:\/\/tesla\.com\/_ak\/fleet\.example\.test/);
  });

  it('a car that takes unsigned REST (no protocol required) is not "not paired"; against the simulator the fix is its pairing page', () => {
    const legacyOnly = find(
      analyseDoctor({ ...green(), fleetStatus: { paired: ['A'], unpaired: ['LEGACY'], protocolRequired: { A: true, LEGACY: false } } }),
      'vehicles.paired',
    );
    assert.equal(legacyOnly.status, 'pass');
    assert.match(legacyOnly.detail, /LEGACY takes unsigned REST commands and needs no key/);
    const sim = find(
      analyseDoctor({
        ...green(),
        pairingPage: 'https://127.0.0.1:4431/_ak/fleetkit.local',
        fleetStatus: { paired: [], unpaired: ['B', 'LEGACY'], protocolRequired: { B: true, LEGACY: false } },
      }),
      'vehicles.paired',
    );
    assert.equal(sim.status, 'fail');
    assert.match(sim.detail, /^Not paired: B \(0 paired\)/);
    assert.match(sim.fix, /Open the simulator's pairing page https:\/\/127\.0\.0\.1:4431\/_ak\/fleetkit\.local/);
    assert.doesNotMatch(sim.fix, /tesla\.com\/_ak/);
  });

  it('fails missing credentials and a missing domain with their actions', () => {
    const r = analyseDoctor({ ...green(), clientId: undefined, hasClientSecret: false, domain: undefined, pem: undefined, partner: undefined });
    assert.match(find(r, 'app.credentials').detail, /Missing client id and client secret/);
    assert.equal(find(r, 'partner.registered').action, 'fleetkit.registerPartnerDomain');
    assert.equal(find(r, 'pem.hosting').status, 'skip');
  });
});

describe('checks: doctor fixes in the words of where they are read (surface)', () => {
  const failing = (): DoctorFacts => ({
    ...green(),
    clientId: undefined,
    hasClientSecret: false,
    token: undefined,
    domain: undefined,
    partner: undefined,
    pem: undefined,
    fleetStatus: undefined,
  });
  const editorWords = /Sign in to Tesla|secure storage|fleetkit\.partner\.domain|Fleetkit: |Pair with Simulated Vehicle|Fleetkit asks/;

  it('CLI: fixes name fleetkit commands and flags, never the editor’s, and carry no editor command ids', () => {
    const r = analyseDoctor({ ...failing(), surface: 'cli' });
    assert.match(find(r, 'app.credentials').fix, /FLEETKIT_CLIENT_ID and FLEETKIT_CLIENT_SECRET.*fleetkit auth login --save-secret/);
    assert.match(find(r, 'token.valid').fix, /^Sign in: run fleetkit auth login/);
    assert.match(find(r, 'partner.registered').fix, /^Pass --domain DOMAIN/);
    for (const c of r.checks) {
      assert.doesNotMatch(c.fix ?? '', editorWords, c.id);
      assert.equal(c.action, undefined, c.id);
    }
    const expired = analyseDoctor({ ...green(), surface: 'cli', token: { claims: claims({ exp: now.getTime() / 1000 - 1 }) } });
    assert.match(find(expired, 'token.valid').fix, /fleetkit auth login/);
    const scopes = analyseDoctor({ ...green(), surface: 'cli', token: { claims: claims({ scopes: ['user_data'] }) } });
    assert.match(find(scopes, 'token.scopes').fix, /run fleetkit auth login again/);
    const unregistered = analyseDoctor({ ...green(), surface: 'cli', partner: [{ region: 'na', baseUrl: 'https://na.test', state: 'not-registered' }] });
    assert.equal(find(unregistered, 'partner.registered').fix, 'Run fleetkit partner register fleet.example.test --region na.');
    const otherKey = analyseDoctor({
      ...green(),
      surface: 'cli',
      partner: [{ region: 'na', baseUrl: 'https://na.test', state: 'registered', publicKeyHex: '04ab' }],
    });
    assert.match(find(otherKey, 'partner.key-match').fix, /fleetkit partner register fleet\.example\.test/);
    const sim = analyseDoctor({
      ...green(),
      surface: 'cli',
      pairingPage: 'http://127.0.0.1:1/_ak/x',
      fleetStatus: { paired: [], unpaired: ['VIN1'], protocolRequired: { VIN1: true } },
    });
    assert.equal(find(sim, 'vehicles.paired').fix, "Open the simulator's pairing page http://127.0.0.1:1/_ak/x and approve the key.");
  });

  it('editor (the default): the editor’s words and command ids, as before', () => {
    const r = analyseDoctor(failing());
    assert.match(find(r, 'app.credentials').fix, /into Fleetkit \(the secret is kept in secure storage\)/);
    assert.equal(find(r, 'token.valid').fix, 'Sign in to Tesla.');
    assert.equal(find(r, 'token.valid').action, 'fleetkit.signIn');
    assert.match(find(r, 'partner.registered').fix, /fleetkit\.partner\.domain/);
    assert.doesNotMatch(JSON.stringify(r.checks.map((c) => c.fix)), /fleetkit auth login|--domain/);
  });
});
