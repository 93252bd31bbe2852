import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTeslaVehicleCas, teslaVehicleCaFile, type TeslaCaEnv } from '../../../telemetry-bridge/certs/tesla-vehicle-cas';

function bundle(env: TeslaCaEnv): X509Certificate[] {
  const pem = readFileSync(teslaVehicleCaFile(env), 'utf8');
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((c) => new X509Certificate(c));
}

const cn = (dn: string): string => /^CN=(.*)$/m.exec(dn)?.[1] ?? '';

/** Each certificate's issuer is in the bundle and its signature verifies with that issuer's key (the file is intact). */
function assertChainsWithin(certs: X509Certificate[]): void {
  for (const c of certs) {
    const issuer = certs.find((i) => i.subject === c.issuer && c.checkIssued(i) && c.verify(i.publicKey));
    assert.ok(issuer, `${cn(c.subject)}: its issuer ${cn(c.issuer)} is in the bundle and signed it`);
  }
}

// Facts from teslamotors/fleet-telemetry: config/files/prod_ca.crt and config/files/eng_ca.crt (embedded by
// config/config.go as defaultProdCA / defaultEngCA); config/config_test.go "uses prod CA" expects 14 subjects in the
// client-CA pool, "uses eng CA" 8.
describe("telemetry bridge: Tesla's vehicle CA bundles shipped with Fleetkit", () => {
  it('are read from telemetry-bridge/certs/tesla-vehicle-ca/ (in dist/: tesla-vehicle-ca/ beside the bundle)', () => {
    assert.equal(teslaVehicleCaFile('prod'), join(__dirname, '..', '..', '..', 'telemetry-bridge', 'certs', 'tesla-vehicle-ca', 'prod_ca.crt'));
    assert.equal(teslaVehicleCaFile('eng'), join(__dirname, '..', '..', '..', 'telemetry-bridge', 'certs', 'tesla-vehicle-ca', 'eng_ca.crt'));
  });

  it('prod_ca.crt: the 14 CA certificates of fleet-telemetry config/files/prod_ca.crt, each parsing and marked CA', () => {
    const certs = bundle('prod');
    assert.equal(certs.length, 14);
    for (const c of certs) assert.equal(c.ca, true, `${cn(c.subject)} is a CA certificate (basicConstraints cA)`);
    assert.deepEqual(
      certs.map((c) => cn(c.subject)),
      [
        'Tesla Issuing CA',
        'Tesla Motors GF Austin Product Issuing CA',
        'Tesla Motors GF Berlin Product Issuing CA',
        'Tesla Motors GF0 Product Issuing CA',
        'Tesla Motors GF3 Product Issuing CA',
        'Tesla Motors GF3 Product RSA Issuing CA',
        'Tesla Motors Product Issuing CA',
        'Tesla Motors Product RSA Issuing CA',
        'Tesla Motors Products CA',
        'Tesla Motors Root CA',
        'Tesla Policy CA',
        'Tesla Product RSA Root CA',
        'Tesla Product Root CA',
        'Tesla Root CA',
      ],
    );
    assert.equal(new Set(certs.map((c) => c.subject)).size, 14, 'fourteen distinct subjects, as config_test.go counts');
    assert.equal(certs[0]!.subject, 'CN=Tesla Issuing CA\nO=Tesla Motors\nL=Palo Alto\nST=California\nC=US');
    assert.equal(certs.find((c) => cn(c.subject) === 'Tesla Product Root CA')!.subject, 'CN=Tesla Product Root CA\nOU=PKI\nO=Tesla\nC=US');
    // Kept as Tesla ships it, though it expired in May 2025.
    assert.ok(Date.parse(certs[0]!.validTo) < Date.parse('2025-06-01T00:00:00Z'));
    assertChainsWithin(certs);
  });

  it('eng_ca.crt: the 8 CA certificates of fleet-telemetry config/files/eng_ca.crt, two of them differing from prod', () => {
    const certs = bundle('eng');
    assert.equal(certs.length, 8);
    for (const c of certs) assert.equal(c.ca, true, `${cn(c.subject)} is a CA certificate`);
    assert.deepEqual(
      certs.map((c) => cn(c.subject)),
      [
        'Tesla Motors GF3 Product Issuing CA',
        'Tesla Motors GF3 Product RSA Issuing CA',
        'Tesla Motors Product Issuing CA',
        'Tesla Motors Product RSA Issuing CA',
        'Tesla Motors Products CA',
        'Tesla Motors Root CA',
        'Tesla Product RSA Root CA',
        'Tesla Product Root CA',
      ],
    );
    assertChainsWithin(certs);
    const prod = new Set(bundle('prod').map((c) => c.fingerprint256));
    assert.deepEqual(
      certs.filter((c) => !prod.has(c.fingerprint256)).map((c) => cn(c.subject)),
      ['Tesla Motors Products CA', 'Tesla Motors Root CA'],
    );
  });

  it('loadTeslaVehicleCas gives one PEM per certificate, as the vehicle server takes them', async () => {
    const prod = await loadTeslaVehicleCas('prod');
    const eng = await loadTeslaVehicleCas('eng');
    assert.equal(prod.length, 14);
    assert.equal(eng.length, 8);
    assert.deepEqual(
      prod.map((p) => new X509Certificate(p).fingerprint256),
      bundle('prod').map((c) => c.fingerprint256),
    );
    assert.deepEqual(
      eng.map((p) => new X509Certificate(p).fingerprint256),
      bundle('eng').map((c) => c.fingerprint256),
    );
  });
});
