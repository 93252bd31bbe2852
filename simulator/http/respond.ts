import type { ServerResponse } from 'node:http';
import { errorEnvelope } from '../../core/fleet-api/envelope';
import type { SimResponse } from './router';

/** Writes a SimResponse; `txid` goes into the `x-txid` header of every response and into error envelopes. */
export function writeResponse(res: ServerResponse, r: SimResponse, txid: string, headOnly: boolean): void {
  if (res.headersSent || res.writableEnded) return;
  const headers: Record<string, string> = { 'x-txid': txid, ...r.headers };
  let status = r.status ?? 200;
  let body: string | Buffer | undefined;
  if (r.bytes !== undefined && r.redirect === undefined) {
    body = r.bytes.data;
    headers['content-type'] = r.bytes.contentType;
  } else if (r.redirect !== undefined) {
    status = r.status ?? 302;
    headers.location = r.redirect;
    if (r.html !== undefined) {
      body = r.html;
      headers['content-type'] = 'text/html; charset=utf-8';
    }
  } else if (r.json !== undefined) {
    body = JSON.stringify(r.json);
    headers['content-type'] = 'application/json; charset=utf-8';
  } else if (r.html !== undefined) {
    body = r.html;
    headers['content-type'] = 'text/html; charset=utf-8';
  } else if (r.text !== undefined) {
    body = r.text;
    headers['content-type'] = 'text/plain; charset=utf-8';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(headOnly ? undefined : body);
}

export function errorResponse(status: number, error: string, description: string, txid: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers, json: errorEnvelope(error, description, { txid }) };
}
