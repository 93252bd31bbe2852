/** Shared fixtures for the bridge tests: a PKI made with core/certs, a bridge on loopback, streaming vehicles, a feed client. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createCa, issueClientCert, issueServerCert, type CertAndKey } from '../../../core/certs';
import { createVehicleStreamer, type VehicleStreamer, type VehicleStreamerOptions } from '../../../core/telemetry-wire';
import { startBridge, type BridgeOptions, type RunningBridge } from '../../../telemetry-bridge';

export interface Pki {
  serverCa: CertAndKey;
  server: CertAndKey;
  vehicleCa: CertAndKey;
  otherCa: CertAndKey;
  vehicle(vin: string, opts?: { ca?: CertAndKey | null; expired?: boolean }): CertAndKey;
}

export function makePki(): Pki {
  const serverCa = createCa({ commonName: 'Test Telemetry Server CA' });
  const server = issueServerCert(serverCa, { hostnames: ['localhost', '127.0.0.1'] });
  const vehicleCa = createCa({ commonName: 'Tesla Motors Products CA' });
  const otherCa = createCa({ commonName: 'Tesla Motors Products CA' }); // same name, different key: must not be trusted
  return {
    serverCa,
    server,
    vehicleCa,
    otherCa,
    vehicle(vin, opts = {}) {
      const now = Date.now();
      const validity = opts.expired ? { notBefore: new Date(now - 30 * 864e5), notAfter: new Date(now - 864e5) } : {};
      return issueClientCert(opts.ca === undefined ? vehicleCa : opts.ca, { commonName: vin, ...validity });
    },
  };
}

const tempDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `fleetkit-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

// A root-level hook (this module is loaded once): remove the temp directories after the whole run.
after(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function startTestBridge(pki: Pki, extra: Partial<BridgeOptions> = {}): Promise<RunningBridge> {
  return startBridge({ port: 0, certPem: pki.server.certPem, keyPem: pki.server.keyPem, vehicleCas: [pki.vehicleCa.certPem], feed: { port: 0 }, ...extra });
}

export function vehicleFor(bridge: { port: number }, pki: Pki, cert: CertAndKey, extra: Partial<VehicleStreamerOptions> = {}): VehicleStreamer {
  return createVehicleStreamer({
    url: `wss://localhost:${bridge.port}/`,
    certPem: cert.certPem,
    keyPem: cert.keyPem,
    ca: pki.serverCa.certPem,
    reconnect: false,
    ...extra,
  });
}

/** Resolves with the DisconnectedEvent when the vehicle's first connection attempt fails. */
export function expectRefused(v: VehicleStreamer): Promise<{ refused: boolean; reason: string }> {
  return new Promise((resolve, reject) => {
    v.on('connected', () => reject(new Error('the bridge accepted a vehicle it should refuse')));
    v.on('disconnected', (e) => resolve(e));
  });
}

export interface FeedMessage {
  type: string;
  records?: Array<Record<string, unknown> & { txtype: string; vin: string; txid: string; record: Record<string, unknown> }>;
  count?: number;
  total?: number;
  [k: string]: unknown;
}

export class FeedClient {
  readonly messages: FeedMessage[] = [];
  readonly ws: WebSocket;
  private waiters: Array<() => void> = [];

  constructor(url: string, token: string | undefined) {
    this.ws = new WebSocket(token === undefined ? url : `${url}?token=${token}`);
    this.ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as FeedMessage);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  records(): NonNullable<FeedMessage['records']> {
    return this.messages.flatMap((m) => (m.type === 'records' ? (m.records ?? []) : []));
  }

  /** Waits until `pred` holds over the received messages (checked on each message). */
  async until(pred: () => boolean, what: string, timeoutMs = 20000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`feed: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

export async function waitFor(pred: () => boolean, what: string, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
