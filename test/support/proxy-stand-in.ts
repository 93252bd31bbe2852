/**
 * A tesla-http-proxy stand-in for tests: its documented REST contract (reference §6.2/6.3) on loopback, signing each
 * command with our VehicleCommandClient and its own key (one client per bearer token, like the proxy's per-token
 * accounts) and sending it to the simulator. The real proxy serves only TLS: pass `tls` for that; plain HTTP keeps
 * contract tests short. What the tests check is our side of the contract, not the proxy.
 */
import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Dispatcher } from 'undici';
import {
  AsleepError,
  CommandParamError,
  commandClient,
  FleetApiCommandTransport,
  findCommand,
  KeyNotPairedError,
  VehicleCommandClient,
} from '../../core/command-protocol';

export interface ProxyStandIn {
  url: string;
  server: Server;
  /** `METHOD path` of every request that reached the proxy. */
  calls: string[];
  close(): Promise<void>;
}

export interface ProxyStandInOptions {
  /** The simulator's Fleet API origin the proxy forwards to, and the pool that trusts it. */
  fleetUrl: string;
  dispatcher: Dispatcher;
  /** The proxy's command key (paired with the vehicles it should reach). */
  key: KeyObject;
  tls?: { certPem: string; keyPem: string };
}

export function startProxyStandIn(options: ProxyStandInOptions): Promise<ProxyStandIn> {
  const clients = new Map<string, VehicleCommandClient>();
  const calls: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    calls.push(`${req.method ?? '?'} ${req.url ?? ''}`);
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body) + '\n');
    };
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      void (async () => {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!token) return send(403, { response: null, error: 'client did not provide an OAuth token', error_description: '' });
        const m = /^\/api\/1\/vehicles\/([^/]+)\/(command\/([^/]+)|wake_up)$/.exec(req.url ?? '');
        if (!m || req.method !== 'POST') return send(404, { response: null, error: 'not found', error_description: '' });
        const transport = new FleetApiCommandTransport(commandClient({ baseUrl: options.fleetUrl, tokens: token, dispatcher: options.dispatcher }));
        if (m[2] === 'wake_up') return send(200, { response: { state: await transport.wakeUp(m[1]) } });
        const name = m[3];
        if (!findCommand(name)) return send(400, { response: null, error: 'invalid_command', error_description: '' });
        let client = clients.get(token);
        if (!client) clients.set(token, (client = new VehicleCommandClient({ privateKey: options.key, transport, retryDelayMs: 10 })));
        try {
          const outcome = await client.send(m[1], name, raw ? JSON.parse(raw) : {});
          send(
            200,
            outcome.ok ? { response: { result: true, reason: '' } } : { response: { result: false, reason: outcome.reason }, error: '', error_description: '' },
          );
        } catch (err) {
          // teslamotors/vehicle-command pkg/proxy/proxy.go writeJSONError: bad parameters are 400 with the reason in "error".
          if (err instanceof CommandParamError) return send(400, { response: null, error: err.problems.join('; '), error_description: '' });
          if (err instanceof AsleepError) {
            return send(408, { response: null, error: 'vehicle unavailable: vehicle is offline or asleep', error_description: '' });
          }
          if (err instanceof KeyNotPairedError) {
            return send(500, {
              response: null,
              error: 'vehicle rejected request: your public key has not been paired with the vehicle',
              error_description: '',
            });
          }
          send(500, { response: null, error: (err as Error).message, error_description: '' });
        }
      })();
    });
  };
  const tls = options.tls;
  const server: Server = tls ? createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, handler) : createServer(handler);
  const scheme = tls ? 'https' : 'http';
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`,
        server,
        calls,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}
