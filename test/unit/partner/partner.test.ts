import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { explainRegistrationError, pairingLink } from '../../../core/partner';
import { domainProblem, originProblem } from '../../../simulator/partner/domain';
import { PartnerRegistry } from '../../../simulator/partner/registry';
import { readP256Point } from '../../../simulator/partner/key-download';

describe('partner: pure parts (client and simulator)', () => {
  it('builds the pairing link', () => assert.equal(pairingLink('fleet.example.com'), 'https://tesla.com/_ak/fleet.example.com'));

  it("builds the simulator's pairing page link, and a placeholder when no domain is known", () => {
    assert.equal(pairingLink('fleet.example.com', 'http://127.0.0.1:4434'), 'http://127.0.0.1:4434/_ak/fleet.example.com');
    assert.equal(pairingLink(undefined, 'https://127.0.0.1:4431/api'), 'https://127.0.0.1:4431/_ak/fleetkit.local');
    assert.equal(pairingLink(undefined), 'https://tesla.com/_ak/<your-domain>');
    assert.equal(pairingLink(''), 'https://tesla.com/_ak/<your-domain>');
  });

  it('explains registration errors by status', () => {
    assert.match(explainRegistrationError(424, 'Public key download failed for https://x, error: too large'), /fleetkit check pem/);
    assert.match(explainRegistrationError(400, 'Invalid domain X'), /lower case/);
    assert.match(explainRegistrationError(422, 'Public key hash has already been taken'), /own key pair/);
    assert.match(explainRegistrationError(undefined, 'ECONNREFUSED'), /could not be reached/);
  });

  it('simulator: validates the domain like Tesla', () => {
    assert.equal(domainProblem('fleet.example.com'), undefined);
    assert.match(domainProblem('https://fleet.example.com')!, /without https/);
    assert.match(domainProblem('Fleet.example.com')!, /lowercase/);
    assert.match(domainProblem('fleet.example.com/path')!, /only the host name/);
    assert.match(domainProblem('localhost')!, /Invalid domain/);
    assert.match(domainProblem(42)!, /required/);
  });

  it('simulator: the domain must share the root domain of an allowed origin', () => {
    assert.equal(originProblem('keys.example.com', ['https://app.example.com']), undefined);
    assert.match(originProblem('keys.example.org', ['https://app.example.com'])!, /root domain/);
    assert.equal(originProblem('anything.test', undefined), undefined);
  });

  it('simulator: keeps registrations per region, one domain per client, and refuses a key another client holds', () => {
    const r = new PartnerRegistry();
    const at = new Date('2026-01-01T00:00:00Z');
    r.upsert('NA', 'c1', 'a.example.com', '04aa', at);
    assert.equal(r.isRegistered('NA', 'c1'), true);
    assert.equal(r.isRegistered('EU', 'c1'), false);
    assert.equal(r.byDomain('NA', 'a.example.com')?.publicKeyHex, '04aa');
    assert.equal(r.keyTakenByOther('NA', 'c2', '04aa'), true);
    assert.equal(r.keyTakenByOther('NA', 'c1', '04aa'), false);
    assert.equal(r.keyTakenByOther('EU', 'c2', '04aa'), false);
    const later = new Date('2026-02-01T00:00:00Z');
    const updated = r.upsert('NA', 'c1', 'b.example.com', '04bb', later);
    assert.equal(updated.createdAt, at.toISOString());
    assert.equal(updated.updatedAt, later.toISOString());
    assert.equal(r.byDomain('NA', 'a.example.com'), undefined);
  });

  it("simulator: reads a P-256 point the way Tesla's parser would, and refuses other keys", () => {
    const k = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = k.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const got = readP256Point(`junk before\n${pem}`);
    assert.ok('point' in got && got.point.length === 65 && got.point[0] === 4);
    assert.match(
      (readP256Point(generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString()) as { error: string }).error,
      /EC prime256v1, got ed25519/,
    );
    assert.match((readP256Point('<html></html>') as { error: string }).error, /no PEM PUBLIC KEY/);
  });
});
