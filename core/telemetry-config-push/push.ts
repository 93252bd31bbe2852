import type { KeyObject } from 'node:crypto';
import type { FleetApiClient } from '../fleet-api/client';
import { endpointPath } from '../fleet-api/endpoints/table';
import { pairingLink } from '../partner/pairing';
import { signTelemetryConfig } from './jws';

export type SkipReason = 'missing_key' | 'unsupported_hardware' | 'unsupported_firmware' | 'max_configs';

/** What to do about each skip reason Tesla returns (reference §4.1). */
export const SKIP_FIXES: Readonly<Record<SkipReason, string>> = {
  missing_key: `Pair your virtual key with the vehicle (${pairingLink()}), then push again.`,
  unsupported_hardware: 'Pre-2021 Model S/X cannot stream Fleet Telemetry (Intel-Atom cars need 2025.20+).',
  unsupported_firmware: 'The vehicle needs firmware 2024.26 or newer for signed configs; update it, then push again.',
  max_configs: 'The vehicle already streams to the maximum of 3 apps; another app must remove its config first.',
};

export interface PushResult {
  readonly updatedVehicles: number;
  readonly skipped: ReadonlyArray<{ vin: string; reason: SkipReason; fix: string }>;
  readonly txid?: string;
}

interface JwsResponse {
  updated_vehicles?: number;
  skipped_vehicles?: Partial<Record<SkipReason, string[]>>;
}

/**
 * Signs `config` with the app's command key (JWS "Tesla.SS256") and calls `fleet_telemetry_config_jws` for `vins`.
 * Validation is the caller's job (the language service's errors must block before this).
 */
export async function pushTelemetryConfig(
  client: FleetApiClient,
  vins: readonly string[],
  config: Readonly<Record<string, unknown>>,
  key: KeyObject | string,
): Promise<PushResult> {
  if (!vins.length) throw new Error('no VINs to configure');
  const { token } = signTelemetryConfig(config, key);
  const res = await client.post<JwsResponse>(endpointPath('vehicle.fleet_telemetry_config_jws'), { vins, token });
  return pushResult(res.response, res.txid);
}

/**
 * Calls the plain `fleet_telemetry_config` endpoint on a tesla-http-proxy: `proxy` is a client whose base URL
 * (and dispatcher) point at the proxy, which signs the config with its own command key and forwards it to
 * `fleet_telemetry_config_jws`. `iss`/`aud` are left out: the proxy sets them.
 */
export async function pushTelemetryConfigViaProxy(
  proxy: FleetApiClient,
  vins: readonly string[],
  config: Readonly<Record<string, unknown>>,
): Promise<PushResult> {
  if (!vins.length) throw new Error('no VINs to configure');
  const claims = Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'iss' && k !== 'aud'));
  const res = await proxy.post<JwsResponse>(endpointPath('vehicle.fleet_telemetry_config_create'), { vins, config: claims });
  return pushResult(res.response, res.txid);
}

function pushResult(response: JwsResponse | null | undefined, txid: string | undefined): PushResult {
  const skipped: Array<{ vin: string; reason: SkipReason; fix: string }> = [];
  for (const reason of Object.keys(SKIP_FIXES) as SkipReason[]) {
    const vins = response?.skipped_vehicles?.[reason];
    for (const vin of Array.isArray(vins) ? vins : []) skipped.push({ vin: String(vin), reason, fix: SKIP_FIXES[reason] });
  }
  return { updatedVehicles: typeof response?.updated_vehicles === 'number' ? response.updated_vehicles : 0, skipped, txid };
}

export interface SyncStatus {
  readonly synced: boolean;
  readonly config: Record<string, unknown> | null;
  readonly limitReached: boolean;
  readonly keyPaired?: boolean;
}

/** GET /api/1/vehicles/{vin}/fleet_telemetry_config. */
export async function telemetrySyncStatus(client: FleetApiClient, vin: string): Promise<SyncStatus> {
  const res = await client.get<{ synced?: boolean; config?: Record<string, unknown> | null; limit_reached?: boolean; key_paired?: boolean }>(
    endpointPath('vehicle.fleet_telemetry_config_get', { vehicle_tag: vin }),
  );
  const r = res.response ?? {};
  return { synced: r.synced === true, config: r.config ?? null, limitReached: r.limit_reached === true, keyPaired: r.key_paired };
}

/** DELETE /api/1/vehicles/{vin}/fleet_telemetry_config → whether a config was removed. */
export async function removeTelemetryConfig(client: FleetApiClient, vin: string): Promise<boolean> {
  const res = await client.request<{ updated_vehicles?: number }>('DELETE', endpointPath('vehicle.fleet_telemetry_config_delete', { vehicle_tag: vin }));
  return (res.response?.updated_vehicles ?? 0) > 0;
}

/** Reads `{vins, config}` or a bare config from parsed JSON; `vins` is empty for a bare config. */
export function splitRequest(value: unknown): { vins: string[]; config: Record<string, unknown> } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('the document is not a JSON object');
  const obj = value as Record<string, unknown>;
  if ('config' in obj || 'vins' in obj) {
    const config = obj.config;
    if (!config || typeof config !== 'object' || Array.isArray(config)) throw new Error('"config" must be an object');
    const vins = Array.isArray(obj.vins) ? obj.vins.filter((v): v is string => typeof v === 'string') : [];
    return { vins, config: config as Record<string, unknown> };
  }
  return { vins: [], config: obj };
}
