import type { Dispatcher } from 'undici';
import { FleetApiClient } from '../../fleet-api/client';
import { PartnerEndpoints } from '../../fleet-api/partner';
import { telemetryErrorsByVin, type TelemetryError } from '../../fleet-api/telemetry-errors';
import { staticTokenProvider } from '../../fleet-api/token-provider';
import type { VehicleEndpoints } from '../../fleet-api/vehicles';

export interface TelemetryErrorsLookup {
  /** The errors per VIN, newest first (only VINs asked for). */
  readonly byVin: Map<string, TelemetryError[]>;
  /** Billed calls made (the vehicle endpoint is billed as data; the partner endpoint is not counted). */
  readonly billed: number;
}

/**
 * What the vehicles reported about the app's telemetry config: with a partner token, one call to
 * partner_accounts/fleet_telemetry_errors in the account's region; else one vehicles/{vin}/fleet_telemetry_errors
 * call per VIN with the user's token.
 */
export async function readTelemetryErrors(o: {
  baseUrl: string;
  vins: readonly string[];
  vehicles: VehicleEndpoints;
  partnerToken?: (audience: string) => Promise<string>;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}): Promise<TelemetryErrorsLookup> {
  if (!o.vins.length) return { byVin: new Map(), billed: 0 };
  if (o.partnerToken) {
    const client = new FleetApiClient({
      baseUrl: o.baseUrl,
      accountId: 'partner',
      tokens: staticTokenProvider(await o.partnerToken(o.baseUrl)),
      dispatcher: o.dispatcher,
      maxServerRetries: 0,
    });
    try {
      const res = await new PartnerEndpoints(client).fleetTelemetryErrors({ signal: o.signal });
      return { byVin: telemetryErrorsByVin(res.errors.filter((e) => o.vins.includes(e.vin))), billed: 0 };
    } finally {
      await client.close();
    }
  }
  const all: TelemetryError[] = [];
  let billed = 0;
  for (const vin of o.vins) {
    billed++;
    all.push(...(await o.vehicles.fleetTelemetryErrors(vin, { signal: o.signal })).errors);
  }
  return { byVin: telemetryErrorsByVin(all), billed };
}
