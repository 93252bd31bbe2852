import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Alert } from '../../../core/alerts/alert';
import { createLogger } from '../../../core/log/logger';
import { AlertWebhook } from '../../../telemetry-bridge/alerts/webhook';

const alert = (rule: string): Alert => ({
  rule,
  vin: '5YJ3E1EA7JF000001',
  at: '2026-12-07T10:00:00.000Z',
  field: 'Soc',
  value: 19,
  severity: 'warning',
  kind: 'threshold',
  message: 'Soc fell below 20 % (19 %)',
});

interface Hit {
  rule: string;
  key: string | undefined;
}

async function receiver(
  answer: (hit: Hit, req: IncomingMessage, res: ServerResponse, n: number) => void,
): Promise<{ server: Server; url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const hit = { rule: (JSON.parse(body) as Alert).rule, key: req.headers['idempotency-key'] as string | undefined };
      hits.push(hit);
      answer(hit, req, res, hits.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/SECRET-TOKEN`, hits };
}

describe('telemetry-bridge: the alert webhook', () => {
  const servers: Server[] = [];
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', sink: { write: (_l, line) => logs.push(line) } });
  afterEach(() => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      s.close();
    }
    logs.length = 0;
  });

  it('retries 503 and network-level failures with backoff, with the same Idempotency-Key, until delivered', async () => {
    const r = await receiver((_h, _q, res, n) => res.writeHead(n < 3 ? 503 : 204).end());
    servers.push(r.server);
    const hook = new AlertWebhook(r.url, { baseDelayMs: 10, logger });
    hook.send(alert('low-soc'));
    await hook.drained();
    assert.deepEqual(
      r.hits.map((h) => h.rule),
      ['low-soc', 'low-soc', 'low-soc'],
    );
    assert.equal(new Set(r.hits.map((h) => h.key)).size, 1);
    assert.match(r.hits[0].key!, /^[0-9a-f]{32}$/);
    assert.deepEqual(hook.stats(), { delivered: 1, failed: 0, dropped: 0, retries: 2, queued: 0 });
  });

  it('a final answer (400) is not retried; the failure is logged with the origin only, never the token in the URL', async () => {
    const r = await receiver((_h, _q, res) => res.writeHead(400).end());
    servers.push(r.server);
    const hook = new AlertWebhook(r.url, { baseDelayMs: 10, logger });
    hook.send(alert('a'));
    hook.send(alert('b'));
    await hook.drained();
    assert.equal(r.hits.length, 2);
    assert.deepEqual(hook.stats(), { delivered: 0, failed: 2, dropped: 0, retries: 0, queued: 0 });
    const text = logs.join('\n');
    assert.match(text, /alert webhook http:\/\/127\.0\.0\.1:\d+: a for 5YJ3E1EA7JF000001 not delivered \(HTTP 400, not retried\)/);
    assert.doesNotMatch(text, /SECRET-TOKEN/);
  });

  it('gives up after maxAttempts timeouts, counted and logged', async () => {
    const r = await receiver(() => undefined); // never answers
    servers.push(r.server);
    const hook = new AlertWebhook(r.url, { baseDelayMs: 10, timeoutMs: 100, maxAttempts: 2, logger });
    hook.send(alert('slow'));
    await hook.drained();
    assert.deepEqual(hook.stats(), { delivered: 0, failed: 1, dropped: 0, retries: 1, queued: 0 });
    assert.match(logs.join('\n'), /slow for 5YJ3E1EA7JF000001 not delivered \(timed out, after 2 attempts\)/);
  });

  it('holds at most queueLimit alerts: the oldest waiting ones are dropped and counted, the one being delivered is kept', async () => {
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const r = await receiver((h, _q, res) => {
      if (h.rule === 'a') void held.then(() => res.writeHead(200).end());
      else res.writeHead(200).end();
    });
    servers.push(r.server);
    const hook = new AlertWebhook(r.url, { queueLimit: 2, logger });
    for (const rule of ['a', 'b', 'c', 'd', 'e']) hook.send(alert(rule));
    assert.deepEqual(hook.stats(), { delivered: 0, failed: 0, dropped: 3, retries: 0, queued: 2 });
    release!();
    await hook.drained();
    assert.deepEqual(
      r.hits.map((h) => h.rule),
      ['a', 'e'],
    );
    assert.equal(hook.stats().delivered, 2);
    assert.match(logs.join('\n'), /queue full, 1 alerts dropped so far/);
  });
});
