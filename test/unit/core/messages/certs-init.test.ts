import assert from 'node:assert/strict';
import { parseCertsInit, type CertsInitOutput } from '../../../../core/messages/certs-init';

const PRINTED: CertsInitOutput = {
  hostname: 'localhost',
  server_cert: '/b/server.pem',
  server_key: '/b/server-key.pem',
  server_ca: '/b/server-ca.pem',
  vehicle_ca: '/b/vehicle-ca.pem',
  bridge_config: '/b/bridge.json',
  ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
};

describe('core/messages/certs-init', () => {
  it('reads what fleetkit certs init prints, ignoring keys it does not know', () => {
    assert.deepEqual(parseCertsInit(JSON.stringify({ ...PRINTED, later: 1 }) + '\n'), PRINTED);
  });

  it('names what is missing or malformed', () => {
    assert.throws(() => parseCertsInit('Wrote the bridge certificates'), /certs init is not JSON/);
    assert.throws(() => parseCertsInit('[1]'), /not a JSON object/);
    assert.throws(() => parseCertsInit('null'), /not a JSON object/);
    const { server_key: _k, ca: _c, ...partial } = PRINTED;
    assert.throws(() => parseCertsInit(JSON.stringify(partial)), /has no "server_key", "ca"$/);
    assert.throws(() => parseCertsInit(JSON.stringify({ ...PRINTED, vehicle_ca: 7 })), /has no "vehicle_ca"$/);
    assert.throws(() => parseCertsInit(JSON.stringify({ ...PRINTED, ca: '' })), /has no "ca"$/);
  });
});
