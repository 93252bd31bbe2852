/** FleetHttpTransport's mapping of HTTP outcomes, against a real loopback server. */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AsleepError, CommandHttpError, FleetHttpTransport, ProtocolNotSupportedError, ProtocolRequiredError } from '../../../core/command-protocol';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

describe('FleetHttpTransport', () => {
  let server: Server;
  let handler: Handler;
  let base: string;
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => handler(req, body, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const reply = (status: number, body: string, headers: Record<string, string> = {}): Handler => (_req, _b, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

  it('posts {"routable_message": base64} with the bearer token and decodes {"response": base64}', async () => {
    let seen: { path?: string; auth?: string; body?: string } = {};
    handler = (req, body, res) => {
      seen = { path: req.url, auth: req.headers.authorization, body };
      reply(200, JSON.stringify({ response: Buffer.from([1, 2, 3]).toString('base64') }), { 'x-txid': 'tx-signed-1' })(req, body, res);
    };
    const t = new FleetHttpTransport({ baseUrl: base, token: async () => 'tok-123' });
    const out = await t.signedCommand('5YJ3E1EA7KF000001', Uint8Array.of(9, 8, 7));
    assert.deepEqual([...out.message], [1, 2, 3]);
    assert.equal(out.txid, 'tx-signed-1', "Tesla's txid from the x-txid header");
    assert.equal(seen.path, '/api/1/vehicles/5YJ3E1EA7KF000001/signed_command');
    assert.equal(seen.auth, 'Bearer tok-123');
    assert.deepEqual(JSON.parse(seen.body as string), { routable_message: 'CQgH' });
  });

  it('maps 422, 408, 503, 403-protocol-required and other statuses (with txid)', async () => {
    const t = new FleetHttpTransport({ baseUrl: base, token: 't' });
    handler = reply(422, '{"response":null,"error":"vehicle does not support signed commands"}');
    await assert.rejects(t.signedCommand('V', Uint8Array.of(1)), ProtocolNotSupportedError);
    handler = reply(408, '{"response":null,"error":"vehicle unavailable: vehicle is offline or asleep"}');
    await assert.rejects(t.signedCommand('V', Uint8Array.of(1)), (e: unknown) => e instanceof AsleepError && e.status === 408);
    handler = reply(503, 'busy');
    await assert.rejects(t.restCommand('V', 'door_lock', {}), AsleepError);
    handler = reply(403, '{"response":null,"error":"Tesla Vehicle Command Protocol required"}');
    await assert.rejects(t.restCommand('V', 'door_lock', {}), ProtocolRequiredError);
    handler = reply(500, '{"response":null,"error":"boom","txid":"abc123"}');
    await assert.rejects(t.signedCommand('V', Uint8Array.of(1)), (e: unknown) => e instanceof CommandHttpError && e.status === 500 && e.txid === 'abc123');
  });

  it('rejects malformed or oversized replies without crashing', async () => {
    const t = new FleetHttpTransport({ baseUrl: base, token: 't' });
    handler = reply(200, 'not json');
    await assert.rejects(t.signedCommand('V', Uint8Array.of(1)), /not JSON/);
    handler = reply(200, '{"response":{"result":true}}');
    await assert.rejects(t.signedCommand('V', Uint8Array.of(1)), /no base64 "response"/);
    handler = reply(200, JSON.stringify({ response: 'x'.repeat(200_000) }));
    await assert.rejects(t.signedCommand('V', Uint8Array.of(1)), /larger than 100000 bytes/);
    handler = reply(200, '{"weird":1}');
    await assert.rejects(t.restCommand('V', 'door_lock', {}), /unexpected command reply/);
  });

  it('REST: result/reason, 400 refusals in the proxy format, wake_up and vehicle state', async () => {
    const t = new FleetHttpTransport({ baseUrl: base, token: 't' });
    handler = reply(200, '{"response":{"result":false,"reason":"not_charging"}}');
    assert.deepEqual(await t.restCommand('V', 'charge_stop', {}), { result: false, reason: 'not_charging' });
    handler = reply(400, '{"response":{"result":false,"reason":"invalid percent param"},"error":"","error_description":""}');
    assert.deepEqual(await t.restCommand('V', 'set_charge_limit', {}), { result: false, reason: 'invalid percent param' });
    handler = reply(200, '{"response":{"result":true,"reason":""},"txid":"tx-body-7"}', { 'x-txid': 'tx-header-7' });
    assert.deepEqual(await t.restCommand('V', 'honk_horn', {}), { result: true, reason: '', txid: 'tx-body-7' }, "the body's txid wins over the header's");
    handler = (req, body, res) => reply(200, JSON.stringify({ response: { state: req.method === 'GET' ? 'online' : 'asleep' } }))(req, body, res);
    assert.equal(await t.wakeUp('V'), 'asleep');
    assert.equal(await t.vehicleState('V'), 'online');
  });

  it('refuses http:// to non-loopback hosts at construction', () => {
    assert.throws(() => new FleetHttpTransport({ baseUrl: 'http://fleet-api.example.com', token: 't' }), /only accepted for loopback/);
  });
});
