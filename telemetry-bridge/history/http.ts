/**
 * The history queries over HTTP on the live feed's port (docs/history.md): `GET /history/fields|series|summaries|alerts`
 * with the feed token, answered with core/messages/history.ts shapes. Reads are short SQLite queries on the bridge's
 * own connection, between ingest turns.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HistoryResponse } from '../../core/messages/history';
import { alertsQuery, fieldsQuery, seriesQuery, summariesQuery } from './queries';
import { isBusyError } from './sqlite';
import type { HistoryStore } from './store';

const send = (res: ServerResponse, status: number, body: HistoryResponse): void => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', connection: 'close' }).end(JSON.stringify(body));
};

function time(params: URLSearchParams, key: string): number | undefined {
  const v = params.get(key);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${key} must be epoch milliseconds`);
  return n;
}

function required(params: URLSearchParams, key: string): string {
  const v = params.get(key);
  if (!v) throw new Error(`${key} is required`);
  return v;
}

/** A request handler for LiveFeedOptions.http; `store()` is undefined while history is off. */
export function historyHttpHandler(store: () => HistoryStore | undefined): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    const m = /^\/history\/(fields|series|summaries|alerts)$/.exec(url.pathname);
    if (!m) return false;
    if (req.method !== 'GET') {
      send(res, 405, { type: 'error', message: 'history queries are GET requests' });
      return true;
    }
    const s = store();
    if (!s) {
      send(res, 404, { type: 'error', message: 'this bridge keeps no history (start it with --history FILE)' });
      return true;
    }
    const p = url.searchParams;
    try {
      const vin = p.get('vin') || undefined;
      const since = time(p, 'since');
      const until = time(p, 'until');
      let body: HistoryResponse;
      if (m[1] === 'fields') body = fieldsQuery(s, vin);
      else if (m[1] === 'alerts') body = alertsQuery(s, { query: 'alerts', vin, since, until });
      else if (m[1] === 'summaries') body = summariesQuery(s, { query: 'summaries', vin: required(p, 'vin'), since, until });
      else {
        const maxPoints = time(p, 'maxPoints');
        body = seriesQuery(s, { query: 'series', vin: required(p, 'vin'), field: required(p, 'field'), since, until, maxPoints });
      }
      send(res, 200, body);
    } catch (err) {
      if (isBusyError(err)) send(res, 503, { type: 'error', message: `${s.file} is locked by another process reading it; try again in a moment` });
      else send(res, 400, { type: 'error', message: (err as Error).message });
    }
    return true;
  };
}
