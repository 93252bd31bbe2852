/**
 * Extension → Fleet Telemetry config language server (server/lsp/server.ts): the LSP `initializationOptions` and the
 * custom notification `fleetkit/vehicleFirmware`. Plain data only: each side wraps the method in its own LSP
 * library's NotificationType (server/lsp/protocol.ts, client/telemetry-config/language-client.ts), so core needs no vscode-* package.
 * Other editors use the same names through `fleetkit lsp --stdio` (README, "Telemetry config language").
 */

/** VIN → firmware version, e.g. `{"5YJ3E1EA8KF000001": "2024.44.25"}`. */
export type VehicleFirmwareMap = Readonly<Record<string, string>>;

/** `initializationOptions` the server understands. All optional. */
export interface TelemetryConfigServerInitOptions {
  /** Known firmware per VIN; enables the "needs newer firmware" rule (FT120). */
  readonly vehicleFirmware?: VehicleFirmwareMap;
  /** Delay between the last edit and re-validation (ms, default 200). */
  readonly debounceMs?: number;
}

export interface VehicleFirmwareParams {
  /** Replaces the known firmware for all VINs. */
  readonly firmware: VehicleFirmwareMap;
}

/** Client → server: the vehicles' firmware changed (e.g. after `fleet_status`). The server re-validates open documents. */
export const VEHICLE_FIRMWARE_NOTIFICATION = { method: 'fleetkit/vehicleFirmware' } as const;

/**
 * The firmware map of a received `vehicleFirmware` (initialization option or notification `firmware`): entries whose
 * version is not a string are left out, anything that is not an object reads as no firmware known.
 */
export function readVehicleFirmware(value: unknown): VehicleFirmwareMap {
  if (!value || typeof value !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [vin, firmware] of Object.entries(value as Record<string, unknown>)) {
    if (typeof firmware === 'string') out[vin] = firmware;
  }
  return out;
}

/** One vehicle or energy site of the signed-in accounts, for completing `{vin}` and `{site}` in `.tesla.http` files. */
export interface WorkbenchProduct {
  readonly id: string;
  readonly name: string;
  /** The account's label (e-mail), when several are signed in. */
  readonly account?: string;
}

/** `fleetkit/workbenchAccount`: the vehicles and energy sites the signed-in accounts have (no tokens, no state). */
export interface WorkbenchAccount {
  readonly vehicles: readonly WorkbenchProduct[];
  readonly sites: readonly WorkbenchProduct[];
}

/** Client → server: the signed-in accounts' vehicles and energy sites changed (listed, signed in or out). */
export const WORKBENCH_ACCOUNT_NOTIFICATION = { method: 'fleetkit/workbenchAccount' } as const;

function readProducts(value: unknown): WorkbenchProduct[] {
  if (!Array.isArray(value)) return [];
  const out: WorkbenchProduct[] = [];
  for (const item of value as unknown[]) {
    if (!item || typeof item !== 'object') continue;
    const p = item as Record<string, unknown>;
    if (typeof p.id !== 'string' || !p.id) continue;
    out.push({ id: p.id, name: typeof p.name === 'string' ? p.name : p.id, ...(typeof p.account === 'string' ? { account: p.account } : {}) });
  }
  return out;
}

/** A received `fleetkit/workbenchAccount`: malformed entries are left out, anything else reads as no products. */
export function readWorkbenchAccount(value: unknown): WorkbenchAccount {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return { vehicles: readProducts(v.vehicles), sites: readProducts(v.sites) };
}
