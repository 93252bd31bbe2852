/**
 * Certificates for running a bridge locally: a server CA + server certificate (the vehicle config's `ca` is the
 * server CA certificate), and vehicle client certificates (CN = VIN) from a local vehicle CA, which the bridge.json
 * written here trusts besides Tesla's vehicle CAs. CAs are kept in the output directory and reused, so configs
 * already pushed to vehicles stay valid.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { issueClientCert, issueServerCert, loadOrCreateCa } from '../../core/certs';

export interface BridgeCertsResult {
  hostname: string;
  serverCa: string;
  serverCert: string;
  serverKey: string;
  vehicleCa: string;
  bridgeConfig: string;
  /** Exactly what goes into the vehicle telemetry config's `ca` field. */
  ca: string;
}

const VIN_LIKE = /^[A-Za-z0-9_-]{1,64}$/;

export async function initBridgeCerts(hostname: string, outDir: string): Promise<BridgeCertsResult> {
  if (!hostname || (/[/:\s]/.test(hostname) && !isIP(hostname))) {
    throw new Error(`--hostname must be a host name or IP without scheme, port or path: ${hostname}`);
  }
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const serverCa = await loadOrCreateCa(outDir, 'server-ca', { commonName: 'Fleetkit Telemetry Server CA' });
  const vehicleCa = await loadOrCreateCa(outDir, 'vehicle-ca', { commonName: 'Fleetkit Vehicle CA' });
  const hostnames = [...new Set([hostname, 'localhost', '127.0.0.1', '::1'])];
  const leaf = issueServerCert(serverCa, { hostnames, commonName: hostname, validityDays: 825 });
  const serverCert = join(outDir, 'server.pem');
  const serverKey = join(outDir, 'server-key.pem');
  // The chain (leaf + CA) so vehicles that were given only the root still verify.
  await writeFile(serverCert, leaf.certPem.trim() + '\n' + serverCa.certPem.trim() + '\n', { mode: 0o644 });
  await writeFile(serverKey, leaf.keyPem, { mode: 0o600 });
  const bridgeConfig = join(outDir, 'bridge.json');
  const config = {
    host: '127.0.0.1',
    port: 4443,
    // Tesla's vehicle CAs are always trusted; ca_file adds the local vehicle CA (more files: an array).
    tls: { server_cert: 'server.pem', server_key: 'server-key.pem', ca_file: 'vehicle-ca.pem' },
    use_default_eng_ca: false,
    reliable_ack: false,
    feed: { port: 0 },
  };
  await writeFile(bridgeConfig, JSON.stringify(config, null, 2) + '\n');
  return {
    hostname,
    serverCa: serverCa.certPath,
    serverCert,
    serverKey,
    vehicleCa: vehicleCa.certPath,
    bridgeConfig,
    ca: serverCa.certPem.trim() + '\n',
  };
}

export interface VehicleCertResult {
  vin: string;
  cert: string;
  key: string;
  vehicleCa: string;
}

export async function issueVehicleCert(vin: string, outDir: string, options: { expired?: boolean } = {}): Promise<VehicleCertResult> {
  if (!VIN_LIKE.test(vin)) throw new Error(`--vin must be letters, digits, '-' or '_' (got ${JSON.stringify(vin)})`);
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const ca = await loadOrCreateCa(outDir, 'vehicle-ca', { commonName: 'Fleetkit Vehicle CA' });
  const now = Date.now();
  const validity = options.expired ? { notBefore: new Date(now - 30 * 864e5), notAfter: new Date(now - 864e5) } : { validityDays: 825 };
  const leaf = issueClientCert(ca, { commonName: vin, ...validity });
  const cert = join(outDir, `vehicle-${vin}.pem`);
  const key = join(outDir, `vehicle-${vin}-key.pem`);
  await writeFile(cert, leaf.certPem, { mode: 0o644 });
  await writeFile(key, leaf.keyPem, { mode: 0o600 });
  return { vin, cert, key, vehicleCa: ca.certPath };
}
