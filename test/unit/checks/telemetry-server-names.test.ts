import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCa, splitPemCertificates } from '../../../core/certs';
import { certificateSubject, describeName, DerError, formatName } from '../../../core/checks/telemetry-server/der';
import { TESLA_PROD_VEHICLE_CA_SUBJECTS } from '../../../core/checks/telemetry-server/tesla-vehicle-cas';

// Tesla's bundles as the repository ships them (fleet-telemetry config/files/prod_ca.crt and eng_ca.crt).
const bundle = (name: string): X509Certificate[] =>
  splitPemCertificates(readFileSync(join(__dirname, '../../../telemetry-bridge/certs/tesla-vehicle-ca', name), 'utf8'), name).map(
    (p) => new X509Certificate(p),
  );

describe('checks: DER names and the Tesla vehicle CA subjects', () => {
  it('reads a certificate subject as the DER bytes and prints it in encoded order', () => {
    const ca = createCa({ commonName: 'Unit CA', organization: 'Fleetkit Ltd' });
    const x = new X509Certificate(ca.certPem);
    const subject = certificateSubject(x.raw);
    assert.equal(subject[0], 0x30, 'a SEQUENCE');
    // core/certs encodes the attributes in the order given: CN, then O; Node prints them the same way.
    assert.equal(formatName(subject), 'CN=Unit CA, O=Fleetkit Ltd');
    assert.equal(formatName(subject), x.subject.replace(/\n/g, ', '));
  });

  it('decodes UTF8, BMP and unknown attribute types, and multi-valued RDNs', () => {
    // SEQUENCE { SET { SEQ { OID 2.5.4.3, BMPString "Zé" }, SEQ { OID 1.2.3.4, UTF8String "x" } } }
    const cn = Buffer.from([0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x03, 0x1e, 0x04, 0x00, 0x5a, 0x00, 0xe9]);
    const other = Buffer.from([0x30, 0x08, 0x06, 0x03, 0x2a, 0x03, 0x04, 0x0c, 0x01, 0x78]);
    const set = Buffer.concat([Buffer.from([0x31, cn.length + other.length]), cn, other]);
    const name = Buffer.concat([Buffer.from([0x30, set.length]), set]);
    assert.equal(formatName(name), 'CN=Zé+1.2.3.4=x');
  });

  it('refuses bytes that are not a Name, and describeName never throws', () => {
    assert.throws(() => formatName(Buffer.from([0x04, 0x01, 0x00])), DerError);
    assert.throws(() => formatName(Buffer.from([0x30, 0x05, 0x31])), /runs past its container/);
    assert.throws(() => certificateSubject(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])), /no TBSCertificate/);
    assert.match(describeName(Buffer.from([0x30, 0x05, 0x31])), /^\(unreadable name 3005/);
    assert.equal(describeName(Buffer.from([0x30, 0x00])), '(empty name)');
  });

  it('pins the 14 prod subjects to the prod bundle, byte for byte and in order', () => {
    // fleet-telemetry config/config_test.go: the prod pool has 14 subjects, the eng pool 8.
    const prod = bundle('prod_ca.crt');
    assert.equal(prod.length, 14);
    assert.deepEqual(
      TESLA_PROD_VEHICLE_CA_SUBJECTS.map((s) => s.der),
      prod.map((c) => certificateSubject(c.raw).toString('base64')),
    );
    assert.deepEqual(
      TESLA_PROD_VEHICLE_CA_SUBJECTS.map((s) => s.name),
      prod.map((c) => c.subject.replace(/\n/g, ', ')),
    );
  });

  it('marks exactly the subjects the eng bundle also has', () => {
    const eng = new Set(bundle('eng_ca.crt').map((c) => certificateSubject(c.raw).toString('base64')));
    assert.equal(eng.size, 8);
    assert.deepEqual(
      TESLA_PROD_VEHICLE_CA_SUBJECTS.filter((s) => s.eng)
        .map((s) => s.der)
        .sort(),
      [...eng].sort(),
    );
  });
});
