/**
 * Commands over the Fleet API client: one request pipeline for data calls and commands. Against real loopback
 * servers: the mapping particular to commands (422, 403 protocol required, 400 parameters, 503 asleep), and what the
 * pipeline adds — a 401 refreshes the token once, a 421 follows the region answer, a 5xx other than 503 is never
 * retried and "may have succeeded".
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AsleepError,
  CommandParamError,
  commandClient,
  FleetApiCommandTransport,
  ProtocolNotSupportedError,
  ProtocolRequiredError,
} from '../../../core/command-protocol';
import type { CallEvent } from '../../../core/fleet-api/client';
import { FleetApiError, ServerError, TransportError } from '../../../core/fleet-api/errors';
import type { TokenProvider } from '../../../core/fleet-api/token-provider';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

interface Loopback {
  url: string;
  server: Server;
  handler: Handler;
  seen: Array<{ method: string; path: string; auth?: string; body: string }>;
}

async function loopback(): Promise<Loopback> {
  const lb = { handler: (() => undefined) as Handler, seen: [] } as unknown as Loopback;
  lb.server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      lb.seen.push({ method: req.method ?? '', path: req.url ?? '', ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), body });
      lb.handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => lb.server.listen(0, '127.0.0.1', () => resolve()));
  lb.url = `http://127.0.0.1:${(lb.server.address() as AddressInfo).port}`;
  return lb;
}

const reply =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, _b, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

const VIN = '5YJ3E1EA8KF000001';

describe('FleetApiCommandTransport (commands through the Fleet API client)', () => {
  let na: Loopback;
  let eu: Loopback;
  before(async () => {
    na = await loopback();
    eu = await loopback();
  });
  beforeEach(() => {
    na.seen.length = 0;
    eu.seen.length = 0;
  });
  after(async () => {
    await new Promise<void>((r) => na.server.close(() => r()));
    await new Promise<void>((r) => eu.server.close(() => r()));
  });

  const transport = (tokens: TokenProvider | string = 'tok-1', onCall?: (e: CallEvent) => void) =>
    new FleetApiCommandTransport(commandClient({ baseUrl: na.url, tokens, regionUrls: { na: na.url, eu: eu.url }, ...(onCall ? { onCall } : {}) }));

  it('posts {"routable_message": base64} with the bearer token and decodes {"response": base64} with its txid', async () => {
    na.handler = reply(200, { response: Buffer.from([1, 2, 3]).toString('base64') }, { 'x-txid': 'tx-signed-1' });
    const out = await transport().signedCommand(VIN, Uint8Array.of(9, 8, 7));
    assert.deepEqual([...out.message], [1, 2, 3]);
    assert.equal(out.txid, 'tx-signed-1');
    assert.deepEqual(na.seen[0], { method: 'POST', path: `/api/1/vehicles/${VIN}/signed_command`, auth: 'Bearer tok-1', body: '{"routable_message":"CQgH"}' });
  });

  it('maps what is particular to commands: 422 → protocol not supported, 403 → protocol required, 400 → parameters', async () => {
    const t = transport();
    // teslamotors/vehicle-command pkg/connector/inet/inet.go: 422 on signed_command = ErrProtocolNotSupported.
    na.handler = reply(422, { response: null, error: 'vehicle does not support signed commands' });
    await assert.rejects(t.signedCommand(VIN, Uint8Array.of(1)), ProtocolNotSupportedError);
    na.handler = reply(403, { response: null, error: 'Tesla Vehicle Command Protocol required, please refer to the documentation here: …' });
    await assert.rejects(t.restCommand(VIN, 'door_lock', {}), ProtocolRequiredError);
    // pkg/proxy/proxy.go writeJSONError: tesla-http-proxy answers bad parameters 400 {"response":null,"error":"<why>"}.
    na.handler = reply(400, { response: null, error: 'invalid percent param', error_description: '' });
    await assert.rejects(
      t.restCommand(VIN, 'set_charge_limit', { percent: 'x' }),
      (e: unknown) => e instanceof CommandParamError && /invalid percent param/.test(e.message),
    );
  });

  it('asleep: 408 "vehicle is offline" and 503 to a command (inet.go: ErrVehicleNotAwake) are AsleepError, temporary, not run', async () => {
    const t = transport();
    na.handler = reply(408, { response: null, error: 'vehicle unavailable: vehicle is offline or asleep' });
    await assert.rejects(
      t.signedCommand(VIN, Uint8Array.of(1)),
      (e: unknown) => e instanceof AsleepError && e.status === 408 && e.temporary && !e.mayHaveSucceeded,
    );
    na.handler = reply(503, 'busy');
    await assert.rejects(
      t.restCommand(VIN, 'door_lock', {}),
      (e: unknown) => e instanceof AsleepError && e.status === 503 && e.temporary && !e.mayHaveSucceeded,
    );
  });

  it('a 5xx other than 503 is sent once and "may have succeeded" (inet.go HTTPError.MayHaveSucceeded), with its txid', async () => {
    for (const status of [500, 502, 504]) {
      na.seen.length = 0;
      na.handler = reply(status, { response: null, error: 'upstream trouble', txid: `tx-${status}` });
      const err: unknown = await transport()
        .restCommand(VIN, 'actuate_trunk', { which_trunk: 'rear' })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(err instanceof ServerError, String(err));
      assert.equal(err.mayHaveSucceeded, true, `${status} may have run on the car`);
      assert.equal(err.temporary, status === 504, 'inet.go HTTPError.Temporary: 408, 421, 503, 504');
      assert.equal(err.txid, `tx-${status}`);
      assert.equal(na.seen.length, 1, `a command is never retried after a ${status}`);
    }
  });

  it('a 401 refreshes the token once and sends again (as data calls do); a failed refresh means sign in again', async () => {
    let refreshes = 0;
    const tokens: TokenProvider = {
      getAccessToken: async () => 'old-token',
      refreshAccessToken: async (rejected) => {
        assert.equal(rejected, 'old-token');
        refreshes++;
        return 'new-token';
      },
    };
    na.handler = (req, body, res) =>
      req.headers.authorization === 'Bearer new-token'
        ? reply(200, { response: { result: true, reason: '' } })(req, body, res)
        : reply(401, { error: 'invalid_token' })(req, body, res);
    const result = await transport(tokens).restCommand(VIN, 'honk_horn', {});
    assert.deepEqual([result.result, refreshes], [true, 1]);
    assert.deepEqual(
      na.seen.map((s) => s.auth),
      ['Bearer old-token', 'Bearer new-token'],
    );
    na.handler = reply(401, { error: 'invalid_token' });
    await assert.rejects(
      transport('fixed-token').signedCommand(VIN, Uint8Array.of(1)),
      (e: unknown) => e instanceof FleetApiError && e.name === 'ReauthRequiredError',
    );
  });

  it("a 421 follows Tesla's region answer and sends the command there (once)", async () => {
    na.handler = reply(421, {
      response: null,
      error: `user out of region, use base URL: ${eu.url}, see https://developer.tesla.com/docs/fleet-api#regional-requirements`,
    });
    eu.handler = reply(200, { response: Buffer.from([7]).toString('base64') });
    const calls: string[] = [];
    const t = transport('tok', (e) => calls.push(`${e.baseUrl} ${e.status}`));
    const out = await t.signedCommand(VIN, Uint8Array.of(1));
    assert.deepEqual([...out.message], [7]);
    assert.deepEqual(calls, [`${na.url} 421`, `${eu.url} 200`], 'both calls reach the ledger through the pipeline');
    assert.equal(t.client.baseUrl, eu.url, 'later commands start in the right region');
  });

  it('REST result/reason and txid; wake_up and the state poll', async () => {
    const t = transport();
    na.handler = reply(200, { response: { result: false, reason: 'not_charging' } });
    assert.deepEqual(await t.restCommand(VIN, 'charge_stop', {}), { result: false, reason: 'not_charging' });
    na.handler = reply(200, { response: { result: true, reason: '' }, txid: 'tx-body-7' }, { 'x-txid': 'tx-header-7' });
    assert.deepEqual(await t.restCommand(VIN, 'honk_horn', {}), { result: true, reason: '', txid: 'tx-body-7' }, "the body's txid wins over the header's");
    na.handler = (req, body, res) => reply(200, { response: { state: req.method === 'GET' ? 'online' : 'asleep' } })(req, body, res);
    assert.equal(await t.wakeUp(VIN), 'asleep');
    assert.equal(await t.vehicleState(VIN), 'online');
  });

  it('rejects malformed replies without crashing', async () => {
    const t = transport();
    na.handler = reply(200, 'not json');
    await assert.rejects(t.signedCommand(VIN, Uint8Array.of(1)), /not JSON/);
    na.handler = reply(200, { response: { result: true } });
    await assert.rejects(t.signedCommand(VIN, Uint8Array.of(1)), /no base64 "response"/);
    na.handler = reply(200, { weird: 1 });
    await assert.rejects(t.restCommand(VIN, 'door_lock', {}), /unexpected command reply/);
  });

  it('a refused connection never left this machine: temporary, not "may have succeeded"', async () => {
    const closed = await loopback();
    const url = closed.url;
    await new Promise<void>((r) => closed.server.close(() => r()));
    const err: unknown = await new FleetApiCommandTransport(commandClient({ baseUrl: url, tokens: 't' })).restCommand(VIN, 'door_lock', {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof TransportError, String(err));
    assert.deepEqual([err.notSent, err.temporary, err.mayHaveSucceeded], [true, true, false]);
  });

  it('refuses http:// to non-loopback hosts', () => {
    assert.throws(() => commandClient({ baseUrl: 'http://fleet-api.example.com', tokens: 't' }), /only accepted for loopback/);
  });
});
