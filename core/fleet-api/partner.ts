import type { ApiResponse, FleetApiClient } from './client';
import { parseTelemetryErrors, parseTelemetryErrorVins, type TelemetryError } from './telemetry-errors';
import { endpointPath } from './endpoints/table';
import type { PartnerPublicKey } from './types';

interface Call {
  signal?: AbortSignal;
}

/** Partner endpoints (§2.3). Need a partner token (client_credentials) for the region being called. */
export class PartnerEndpoints {
  constructor(private readonly client: FleetApiClient) {}

  /** Registers the partner domain in the client's current region. */
  register(domain: string, call: Call = {}): Promise<ApiResponse<Record<string, unknown>>> {
    return this.client.post(endpointPath('partner.register'), { domain }, call);
  }

  publicKey(domain: string, call: Call = {}): Promise<ApiResponse<PartnerPublicKey>> {
    return this.client.get(endpointPath('partner.public_key'), { query: { domain }, signal: call.signal });
  }

  /** Recent errors vehicles reported about this app's telemetry configs (every vehicle of the region), newest first. */
  async fleetTelemetryErrors(call: Call = {}): Promise<TelemetryErrorsResult> {
    const res = await this.client.get<unknown>(endpointPath('partner.fleet_telemetry_errors'), call);
    return { errors: parseTelemetryErrors(res.response), txid: res.txid, raw: res.raw };
  }

  /** The VINs that reported telemetry errors after receiving this app's config. */
  async fleetTelemetryErrorVins(call: Call = {}): Promise<{ vins: string[]; txid?: string; raw: string }> {
    const res = await this.client.get<unknown>(endpointPath('partner.fleet_telemetry_error_vins'), call);
    return { vins: parseTelemetryErrorVins(res.response), txid: res.txid, raw: res.raw };
  }
}

export interface TelemetryErrorsResult {
  errors: TelemetryError[];
  txid?: string;
  /** The body as received. */
  raw: string;
}
