/**
 * Fleet API over HTTP(S) with undici: `signed_command`, REST `command/{name}` and `wake_up`. Pass a dispatcher
 * (an undici Agent with the simulator's CA, a keep-alive pool) to control TLS and pooling.
 */
import { request, type Dispatcher } from 'undici';
import { AsleepError, CommandHttpError, ProtocolNotSupportedError, ProtocolRequiredError } from '../errors';
import { checkBaseUrl } from './base-url';
import type { RestCommandResult, RestCommandTransport, SignedCommandReply, SignedCommandTransport, TokenSource } from './types';

export interface FleetHttpTransportOptions {
  /** e.g. https://fleet-api.prd.na.vn.cloud.tesla.com, or the simulator's URL. */
  baseUrl: string;
  token: TokenSource;
  dispatcher?: Dispatcher;
  userAgent?: string;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

const MAX_RESPONSE_BYTES = 100_000;

export class FleetHttpTransport implements SignedCommandTransport, RestCommandTransport {
  private readonly base: URL;

  constructor(private readonly options: FleetHttpTransportOptions) {
    this.base = checkBaseUrl(options.baseUrl);
  }

  private async post(path: string, body: unknown, signal?: AbortSignal): Promise<{ status: number; text: string; txid?: string }> {
    return this.call('POST', path, body, signal);
  }

  private async call(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<{ status: number; text: string; txid?: string }> {
    const token = typeof this.options.token === 'string' ? this.options.token : await this.options.token(signal);
    const url = new URL(path, this.base);
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    const res = await request(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': this.options.userAgent ?? 'fleetkit',
      },
      ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_RESPONSE_BYTES) {
        res.body.destroy();
        throw new CommandHttpError(res.statusCode, `response larger than ${MAX_RESPONSE_BYTES} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const header = res.headers['x-txid'];
    let txid = typeof header === 'string' ? header : undefined;
    try {
      const parsed = JSON.parse(text) as { txid?: unknown };
      if (typeof parsed.txid === 'string') txid = parsed.txid;
    } catch {
      // not JSON; the status decides
    }
    return { status: res.statusCode, text, ...(txid ? { txid } : {}) };
  }

  private vehiclePath(vin: string, rest: string): string {
    return `/api/1/vehicles/${encodeURIComponent(vin)}/${rest}`;
  }

  private throwForStatus(vin: string, status: number, text: string, txid?: string): void {
    if (status === 408 || status === 503) throw new AsleepError(vin, status);
    throw new CommandHttpError(status, text, txid);
  }

  async signedCommand(vin: string, routableMessage: Uint8Array, signal?: AbortSignal): Promise<SignedCommandReply> {
    const res = await this.post(this.vehiclePath(vin, 'signed_command'), { routable_message: Buffer.from(routableMessage).toString('base64') }, signal);
    if (res.status === 422) throw new ProtocolNotSupportedError(vin);
    if (res.status !== 200) this.throwForStatus(vin, res.status, res.text, res.txid);
    let reply: unknown;
    try {
      reply = (JSON.parse(res.text) as { response?: unknown }).response;
    } catch {
      throw new CommandHttpError(res.status, 'signed_command reply is not JSON', res.txid);
    }
    if (typeof reply !== 'string') throw new CommandHttpError(res.status, 'signed_command reply has no base64 "response"', res.txid);
    return { message: Buffer.from(reply, 'base64'), ...(res.txid ? { txid: res.txid } : {}) };
  }

  async restCommand(vin: string, name: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<RestCommandResult> {
    const res = await this.post(this.vehiclePath(vin, `command/${encodeURIComponent(name)}`), params, signal);
    if (res.status === 403 && /Vehicle Command Protocol required/i.test(res.text)) throw new ProtocolRequiredError(vin, name);
    if (res.status !== 200) {
      // tesla-http-proxy answers 400 with {"response":{"result":false,"reason":…}} for bad parameters.
      const refused = parseRestResult(res.text);
      if (res.status === 400 && refused) return { ...refused, ...(res.txid ? { txid: res.txid } : {}) };
      this.throwForStatus(vin, res.status, res.text, res.txid);
    }
    const result = parseRestResult(res.text);
    if (!result) throw new CommandHttpError(res.status, `unexpected command reply: ${res.text.slice(0, 200)}`, res.txid);
    return { ...result, ...(res.txid ? { txid: res.txid } : {}) };
  }

  async vehicleState(vin: string, signal?: AbortSignal): Promise<string> {
    const res = await this.call('GET', `/api/1/vehicles/${encodeURIComponent(vin)}`, undefined, signal);
    if (res.status !== 200) throw new CommandHttpError(res.status, res.text, res.txid);
    const state = (JSON.parse(res.text) as { response?: { state?: unknown } }).response?.state;
    return typeof state === 'string' ? state : 'unknown';
  }

  async wakeUp(vin: string, signal?: AbortSignal): Promise<string> {
    const res = await this.post(this.vehiclePath(vin, 'wake_up'), {}, signal);
    if (res.status !== 200) this.throwForStatus(vin, res.status, res.text, res.txid);
    const state = (JSON.parse(res.text) as { response?: { state?: unknown } }).response?.state;
    return typeof state === 'string' ? state : 'unknown';
  }
}

export function parseRestResult(text: string): RestCommandResult | undefined {
  try {
    const response = (JSON.parse(text) as { response?: { result?: unknown; reason?: unknown } }).response;
    if (!response || typeof response.result !== 'boolean') return undefined;
    return { result: response.result, reason: typeof response.reason === 'string' ? response.reason : '' };
  } catch {
    return undefined;
  }
}
