import type { IncomingMessage } from 'node:http';
import { SimHttpError } from './errors';

export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** Reads the whole body up to `limit` bytes; a larger body is a 413 (the rest is drained, not buffered). */
export function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new SimHttpError(413, 'payload_too_large', `request body exceeds ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new SimHttpError(413, 'payload_too_large', `request body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(new SimHttpError(400, 'invalid_request', `request body could not be read: ${err.message}`));
      failed = true;
    });
    // A client that disconnects mid-body must not leave this promise pending forever.
    req.on('close', () => {
      if (!failed && !req.complete) reject(new SimHttpError(400, 'invalid_request', 'the client closed the connection before the body ended'));
      failed = true;
    });
  });
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Parses a JSON object body. Empty body → `{}`. Non-object JSON or bad syntax → 400. Form bodies → 406 like Tesla. */
export function parseJsonObject(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const type = mediaType(contentType);
  if (raw.length === 0) return {};
  if (type && type !== 'application/json' && !type.endsWith('+json')) {
    throw new SimHttpError(406, 'invalid_request', 'Content-Type must be application/json');
  }
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new SimHttpError(400, 'invalid_request', 'request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SimHttpError(400, 'invalid_request', 'request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Parses an OAuth-style body: form-urlencoded (the standard) or a JSON object of string values. */
export function parseFormOrJson(raw: Buffer, contentType: string | undefined): Record<string, string> {
  const type = mediaType(contentType);
  if (raw.length === 0) return {};
  if (type === 'application/json') {
    const obj = parseJsonObject(raw, contentType);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'string') out[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
      else throw new SimHttpError(400, 'invalid_request', `parameter ${k} must be a string`);
    }
    return out;
  }
  if (type && type !== 'application/x-www-form-urlencoded') {
    throw new SimHttpError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  }
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) {
    if (k in out) throw new SimHttpError(400, 'invalid_request', `parameter ${k} is repeated`);
    out[k] = v;
  }
  return out;
}
