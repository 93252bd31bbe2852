import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import type * as net from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { createCa, expiredValidity, issueIntermediateCa, issueServerCert, splitPemCertificates, type CertAndKey } from '../../../core/certs';
import type { ResolveMap } from '../../../core/checks/pem/fetch';
import { freePort } from '../../support/net';

/**
 * Real TLS telemetry servers on 127.0.0.1, one per way a server can be wrong for vehicles, each with the
 * fleet_telemetry_config that points at it. Vehicles would connect to HOSTNAME:443; tests reach each server with a
 * resolve map. PKI: a root CA → an issuing CA → the server leaf (the usual public-CA shape), a vehicle CA for
 * client certificates, and Tesla's production vehicle CAs (the bundle the bridge ships).
 */

export const HOSTNAME = 'telemetry.fleetkit.test';
export const PARTNER_DOMAIN = 'fleetkit.test';

/** Tesla's prod bundle as the repository ships it (fleet-telemetry config/files/prod_ca.crt, 14 certificates). */
export const TESLA_PROD_CAS = splitPemCertificates(
  readFileSync(join(__dirname, '../../../telemetry-bridge/certs/tesla-vehicle-ca/prod_ca.crt'), 'utf8'),
  'prod_ca.crt',
);

export type CaseName =
  | 'good'
  | 'noClientCertRequest'
  | 'optionalClientCert'
  | 'ownCaOnly'
  | 'missingIntermediate'
  | 'hostnameMismatch'
  | 'expiredLeaf'
  | 'caMismatch'
  | 'tls13Only'
  | 'closedPort';

export interface FixtureCase {
  readonly port: number;
  /** The fleet_telemetry_config document for this server. */
  readonly configText: string;
  readonly resolve: ResolveMap;
  /** `--resolve` argument for the CLI. */
  readonly resolveArg: string;
}

export interface TelemetryServerFixture {
  readonly cases: Readonly<Record<CaseName, FixtureCase>>;
  close(): Promise<void>;
}

export function configText(ca: string | null, extra: Record<string, unknown> = {}): string {
  const config = {
    hostname: HOSTNAME,
    port: 443,
    ca,
    fields: { VehicleSpeed: { interval_seconds: 10 }, Location: { interval_seconds: 30 } },
    alert_types: ['service'],
    ...extra,
  };
  return `${JSON.stringify({ vins: ['5YJ3E1EA8KF000001'], config }, null, 2)}\n`;
}

interface ServerSpec {
  readonly cert: string;
  readonly key: string;
  /** CAs the server accepts client certificates from (named in its CertificateRequest). */
  readonly clientCas?: readonly string[];
  readonly requestCert: boolean;
  readonly rejectUnauthorized: boolean;
  readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
}

async function listen(spec: ServerSpec, sockets: Set<net.Socket>): Promise<https.Server> {
  const server = https.createServer(
    {
      cert: spec.cert,
      key: spec.key,
      ...(spec.clientCas ? { ca: [...spec.clientCas] } : {}),
      requestCert: spec.requestCert,
      rejectUnauthorized: spec.rejectUnauthorized,
      minVersion: spec.minVersion ?? 'TLSv1.2',
    },
    (_req, res) => res.end('mtls ok\n'),
  );
  // Vehicles stream over a WebSocket on any path, as fleet-telemetry serves them.
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => ws.on('error', () => undefined));
  server.on('tlsClientError', () => undefined);
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

function caseFor(port: number, text: string): FixtureCase {
  return { port, configText: text, resolve: { [HOSTNAME]: { address: '127.0.0.1', port } }, resolveArg: `${HOSTNAME}=127.0.0.1:${port}` };
}

export async function startTelemetryServerFixture(): Promise<TelemetryServerFixture> {
  const root = createCa({ commonName: 'Fleetkit Fixture Root CA' });
  const issuing = issueIntermediateCa(root, { commonName: 'Fleetkit Fixture Issuing CA' });
  const otherRoot = createCa({ commonName: 'Some Other Root CA' });
  const vehicleCa = createCa({ commonName: 'Fleetkit Fixture Vehicle CA' });
  const leafFor = (extra: Partial<Parameters<typeof issueServerCert>[1]> = {}): CertAndKey => issueServerCert(issuing, { hostnames: [HOSTNAME], ...extra });
  const good = leafFor();
  const expired = leafFor(expiredValidity());
  const wrongName = issueServerCert(issuing, { hostnames: ['other.fleetkit.test'] });

  const fullChain = (leaf: CertAndKey): string => leaf.certPem + issuing.certPem;
  const caFull = issuing.certPem + root.certPem;
  const clientCas = [...TESLA_PROD_CAS, vehicleCa.certPem];
  const strict = { requestCert: true, rejectUnauthorized: true, clientCas };

  const sockets = new Set<net.Socket>();
  const specs: Record<Exclude<CaseName, 'closedPort'>, { spec: ServerSpec; ca: string }> = {
    good: { spec: { cert: fullChain(good), key: good.keyPem, ...strict }, ca: caFull },
    noClientCertRequest: { spec: { cert: fullChain(good), key: good.keyPem, requestCert: false, rejectUnauthorized: false }, ca: caFull },
    optionalClientCert: { spec: { cert: fullChain(good), key: good.keyPem, requestCert: true, rejectUnauthorized: false, clientCas }, ca: caFull },
    ownCaOnly: { spec: { cert: fullChain(good), key: good.keyPem, requestCert: true, rejectUnauthorized: true, clientCas: [vehicleCa.certPem] }, ca: caFull },
    missingIntermediate: { spec: { cert: good.certPem, key: good.keyPem, ...strict }, ca: root.certPem },
    hostnameMismatch: { spec: { cert: fullChain(wrongName), key: wrongName.keyPem, ...strict }, ca: caFull },
    expiredLeaf: { spec: { cert: fullChain(expired), key: expired.keyPem, ...strict }, ca: caFull },
    caMismatch: { spec: { cert: fullChain(good), key: good.keyPem, ...strict }, ca: otherRoot.certPem },
    tls13Only: { spec: { cert: fullChain(good), key: good.keyPem, ...strict, minVersion: 'TLSv1.3' }, ca: caFull },
  };
  const servers: https.Server[] = [];
  const cases: Partial<Record<CaseName, FixtureCase>> = {};
  for (const [name, { spec, ca }] of Object.entries(specs)) {
    const server = await listen(spec, sockets);
    servers.push(server);
    cases[name as CaseName] = caseFor((server.address() as net.AddressInfo).port, configText(ca));
  }
  const closedPort = await freePort();
  cases.closedPort = caseFor(closedPort, configText(caFull));

  return {
    cases: cases as Record<CaseName, FixtureCase>,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
