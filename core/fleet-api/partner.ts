import type { ApiResponse, FleetApiClient } from './client';
import type { PartnerPublicKey } from './types';

interface Call {
  signal?: AbortSignal;
}

/** Partner endpoints (§2.3). Need a partner token (client_credentials) for the region being called. */
export class PartnerEndpoints {
  constructor(private readonly client: FleetApiClient) {}

  /** Registers the partner domain in the client's current region. */
  register(domain: string, call: Call = {}): Promise<ApiResponse<Record<string, unknown>>> {
    return this.client.post('/api/1/partner_accounts', { domain }, call);
  }

  publicKey(domain: string, call: Call = {}): Promise<ApiResponse<PartnerPublicKey>> {
    return this.client.get('/api/1/partner_accounts/public_key', { query: { domain }, signal: call.signal });
  }

  fleetTelemetryErrors(call: Call = {}): Promise<ApiResponse<Record<string, unknown>>> {
    return this.client.get('/api/1/partner_accounts/fleet_telemetry_errors', call);
  }
}
