import type { ApiResponse, FleetApiClient } from './client';
import { parseEnvelope } from './envelope';
import type { TelemetryErrorsResult } from './partner';
import { parseTelemetryErrors } from './telemetry-errors';
import type {
  Driver,
  FleetStatus,
  NearbyChargingSites,
  ReleaseNotes,
  VehicleData,
  VehicleDataEndpoint,
  VehicleOptions,
  VehiclePage,
  VehicleSummary,
  WakeUpResponse,
} from './types';
import { DEFAULT_VEHICLE_DATA_ENDPOINTS } from './types';
import { endpointPath } from './endpoints/table';

interface Call {
  signal?: AbortSignal;
}

/** The path of a vehicle endpoint of the table (core/fleet-api/endpoints) for one car. */
const tagPath = (name: string, tag: string | number): string => endpointPath(`vehicle.${name}`, { vehicle_tag: tag });

/** Vehicle endpoints (§2.1). None of these wakes a car except `wakeUp`. */
export class VehicleEndpoints {
  constructor(private readonly client: FleetApiClient) {}

  /** One page of `GET /api/1/vehicles`. `page` starts at 1. */
  async list(options: Call & { page?: number; perPage?: number } = {}): Promise<VehiclePage> {
    const res = await this.client.get<VehicleSummary[]>(endpointPath('vehicle.list'), {
      query: { page: options.page, per_page: options.perPage },
      signal: options.signal,
    });
    const whole = parseEnvelope(res.raw).envelope as { pagination?: VehiclePage['pagination']; count?: number };
    return { vehicles: Array.isArray(res.response) ? res.response : [], pagination: whole.pagination ?? undefined, count: whole.count, raw: res.raw };
  }

  /**
   * Every vehicle, following `pagination.next` (or, without it, until a short page). Bounded by
   * `maxPages` so a broken server cannot make us loop (each page is a billed call).
   */
  async listAll(options: Call & { perPage?: number; maxPages?: number; onPage?: (page: VehiclePage) => void } = {}): Promise<VehicleSummary[]> {
    const perPage = options.perPage ?? 100;
    const maxPages = options.maxPages ?? 50;
    const all: VehicleSummary[] = [];
    let page = 1;
    for (let i = 0; i < maxPages; i++) {
      const res = await this.list({ page, perPage, signal: options.signal });
      options.onPage?.(res);
      all.push(...res.vehicles);
      const next = res.pagination?.next;
      if (typeof next === 'number' && next > page) {
        page = next;
        continue;
      }
      if (next === undefined && res.vehicles.length >= perPage && (res.count === undefined || all.length < res.count)) {
        page += 1;
        continue;
      }
      break;
    }
    return all;
  }

  /** `GET /vehicles/{tag}`: state without waking. */
  vehicle(tag: string | number, call: Call = {}): Promise<ApiResponse<VehicleSummary>> {
    return this.client.get(tagPath('vehicle', tag), call);
  }

  /**
   * `GET /vehicles/{tag}/vehicle_data`: live data. Fails with AsleepError (408) on a sleeping car;
   * never wakes it. Ask for `location_data` explicitly to get the location (needs `vehicle_location`).
   */
  vehicleData(tag: string | number, options: Call & { endpoints?: readonly VehicleDataEndpoint[] } = {}): Promise<ApiResponse<VehicleData>> {
    const endpoints = options.endpoints ?? DEFAULT_VEHICLE_DATA_ENDPOINTS;
    return this.client.get(tagPath('vehicle_data', tag), { query: { endpoints: [...endpoints] }, signal: options.signal });
  }

  /** `POST /vehicles/{tag}/wake_up`: billed as a wake. Only ever called on an explicit user action. */
  wakeUp(tag: string | number, call: Call = {}): Promise<ApiResponse<WakeUpResponse>> {
    return this.client.post(tagPath('wake_up', tag), undefined, call);
  }

  /** `POST /vehicles/fleet_status`: key pairing and firmware per VIN. */
  fleetStatus(vins: readonly string[], call: Call = {}): Promise<ApiResponse<FleetStatus>> {
    return this.client.post(endpointPath('vehicle.fleet_status'), { vins: [...vins] }, call);
  }

  nearbyChargingSites(
    tag: string | number,
    options: Call & { count?: number; radius?: number; detail?: boolean } = {},
  ): Promise<ApiResponse<NearbyChargingSites>> {
    return this.client.get(tagPath('nearby_charging_sites', tag), {
      query: { count: options.count, radius: options.radius, detail: options.detail },
      signal: options.signal,
    });
  }

  /** `GET /dx/vehicles/options?vin=`: option codes. */
  options(vin: string, call: Call = {}): Promise<ApiResponse<VehicleOptions>> {
    return this.client.get(endpointPath('vehicle.options'), { query: { vin }, signal: call.signal });
  }

  drivers(tag: string | number, call: Call = {}): Promise<ApiResponse<Driver[]>> {
    return this.client.get(tagPath('drivers', tag), call);
  }

  releaseNotes(tag: string | number, options: Call & { staged?: boolean; language?: string } = {}): Promise<ApiResponse<ReleaseNotes>> {
    return this.client.get(tagPath('release_notes', tag), { query: { staged: options.staged, language: options.language }, signal: options.signal });
  }

  /** `GET /vehicles/{tag}/specs`: not in the Jan 2025 docs snapshot; kept for servers that have it. */
  specs(tag: string | number, call: Call = {}): Promise<ApiResponse<Record<string, unknown>>> {
    return this.client.get(tagPath('specs', tag), call);
  }

  mobileEnabled(tag: string | number, call: Call = {}): Promise<ApiResponse<boolean>> {
    return this.client.get(tagPath('mobile_enabled', tag), call);
  }

  /** `GET /vehicles/{tag}/fleet_telemetry_errors`: this app's telemetry errors for one vehicle, newest first. */
  async fleetTelemetryErrors(tag: string | number, call: Call = {}): Promise<TelemetryErrorsResult> {
    const res = await this.client.get<unknown>(tagPath('fleet_telemetry_errors', tag), call);
    return { errors: parseTelemetryErrors(res.response), txid: res.txid, raw: res.raw };
  }
}
