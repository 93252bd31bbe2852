/**
 * Commands over the Fleet API client (core/fleet-api/client.ts): `signed_command`, REST `command/{name}`, `wake_up`
 * and the state poll go through the same request pipeline as data calls — token refresh after a 401, the region
 * answer of a 421, the 429 memory, the cost ledger (`onCall`), Tesla's txid and the typed errors. This file only adds
 * what is particular to commands: 422 → the car does not speak the protocol, 403 "Vehicle Command Protocol
 * required", 400 → the proxy or Tesla refused the parameters.
 */
import { getGlobalDispatcher, type Dispatcher } from 'undici';
import { CommandParamError } from '../catalogue';
import { FleetApiClient, type CallEvent } from '../../fleet-api/client';
import { BadResponseError, FleetApiError } from '../../fleet-api/errors';
import { endpointPath, findEndpoint } from '../../fleet-api/endpoints/table';
import { fillPath } from '../../fleet-api/endpoints/path';
import { RegionDirectory } from '../../fleet-api/region';
import { staticTokenProvider, type TokenProvider } from '../../fleet-api/token-provider';
import type { Logger } from '../../log/logger';
import { ProtocolNotSupportedError, ProtocolRequiredError } from '../errors';
import { checkBaseUrl } from './base-url';
import type { RestCommandResult, RestCommandTransport, SignedCommandReply, SignedCommandTransport } from './types';

const PROTOCOL_REQUIRED = /Vehicle Command Protocol required/i;

export class FleetApiCommandTransport implements SignedCommandTransport, RestCommandTransport {
  constructor(readonly client: FleetApiClient) {
    checkBaseUrl(client.baseUrl);
  }

  async signedCommand(vin: string, routableMessage: Uint8Array, signal?: AbortSignal): Promise<SignedCommandReply> {
    const path = endpointPath('vehicle.signed_command', { vehicle_tag: vin });
    let res;
    try {
      res = await this.client.post<unknown>(path, { routable_message: Buffer.from(routableMessage).toString('base64') }, { signal });
    } catch (err) {
      // vehicle-command pkg/connector/inet/inet.go: 422 on signed_command means the car does not speak the protocol.
      if (err instanceof FleetApiError && err.status === 422) throw new ProtocolNotSupportedError(vin);
      throw err;
    }
    if (typeof res.response !== 'string') {
      throw new BadResponseError(
        { status: res.status, method: 'POST', path, ...(res.txid ? { txid: res.txid } : {}) },
        'signed_command reply has no base64 "response"',
      );
    }
    return { message: Buffer.from(res.response, 'base64'), ...(res.txid ? { txid: res.txid } : {}) };
  }

  async restCommand(vin: string, name: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<RestCommandResult> {
    const row = findEndpoint(`command.${name}`);
    // A command the table does not know yet still goes to Tesla's command path: the server decides.
    const path = row ? fillPath(row, { vehicle_tag: vin }) : `${endpointPath('vehicle.vehicle', { vehicle_tag: vin })}/command/${encodeURIComponent(name)}`;
    let res;
    try {
      res = await this.client.post<{ result?: unknown; reason?: unknown } | null>(path, params, { signal });
    } catch (err) {
      if (err instanceof FleetApiError && err.status === 403 && PROTOCOL_REQUIRED.test(`${err.error ?? ''} ${err.errorDescription ?? ''}`)) {
        throw new ProtocolRequiredError(vin, name);
      }
      // tesla-http-proxy answers bad parameters with 400 {"response":null,"error":"<why>"} (pkg/proxy/proxy.go writeJSONError).
      if (err instanceof FleetApiError && err.status === 400) {
        throw new CommandParamError(name, [err.error || err.errorDescription || 'the parameters were refused (HTTP 400)']);
      }
      throw err;
    }
    const result = res.response;
    if (!result || typeof result.result !== 'boolean') {
      throw new BadResponseError(
        { status: res.status, method: 'POST', path, ...(res.txid ? { txid: res.txid } : {}) },
        `unexpected command reply: ${res.raw.slice(0, 200)}`,
      );
    }
    return { result: result.result, reason: typeof result.reason === 'string' ? result.reason : '', ...(res.txid ? { txid: res.txid } : {}) };
  }

  async wakeUp(vin: string, signal?: AbortSignal): Promise<string> {
    const res = await this.client.post<{ state?: unknown } | null>(endpointPath('vehicle.wake_up', { vehicle_tag: vin }), {}, { signal });
    return typeof res.response?.state === 'string' ? res.response.state : 'unknown';
  }

  async vehicleState(vin: string, signal?: AbortSignal): Promise<string> {
    const res = await this.client.get<{ state?: unknown } | null>(endpointPath('vehicle.vehicle', { vehicle_tag: vin }), { signal });
    return typeof res.response?.state === 'string' ? res.response.state : 'unknown';
  }
}

export interface CommandClientOptions {
  /** Fleet API, simulator or tesla-http-proxy URL: https, or http on loopback only. */
  baseUrl: string;
  /** A token provider (refreshes after a 401), or a fixed token (scripts, tests: a 401 then means sign in again). */
  tokens: TokenProvider | string;
  dispatcher?: Dispatcher;
  accountId?: string;
  logger?: Logger;
  timeoutMs?: number;
  /** Region → base URL a 421 may send us to besides Tesla's own hosts (the simulator's NA/EU). */
  regionUrls?: Record<string, string>;
  /** Every call that reached the network (billing, tests). */
  onCall?: (event: CallEvent) => void;
}

/** A Fleet API client for commands when the caller has none yet (CLI, tests): same pipeline as data calls. */
export function commandClient(options: CommandClientOptions): FleetApiClient {
  checkBaseUrl(options.baseUrl);
  return new FleetApiClient({
    baseUrl: options.baseUrl,
    accountId: options.accountId ?? 'command',
    tokens: typeof options.tokens === 'string' ? staticTokenProvider(options.tokens) : options.tokens,
    // Undici's global pool when none is given: the caller owns no pool to close.
    dispatcher: options.dispatcher ?? getGlobalDispatcher(),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onCall ? { onCall: options.onCall } : {}),
    ...(options.regionUrls ? { regions: new RegionDirectory(options.regionUrls) } : {}),
  });
}
