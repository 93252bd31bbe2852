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
