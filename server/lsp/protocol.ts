import { NotificationType } from 'vscode-languageserver';
import type { VehicleFirmware } from '../service/types';

/** `initializationOptions` the server understands. All optional. */
export interface FleetkitServerInitOptions {
  /** Known firmware per VIN; enables the "needs newer firmware" rule. */
  vehicleFirmware?: Record<string, string>;
  /** Delay between the last edit and re-validation (ms, default 200). */
  debounceMs?: number;
}

export interface VehicleFirmwareParams {
  /** Replaces the known firmware for all VINs. */
  firmware: VehicleFirmware;
}

/** Client → server: the vehicles' firmware changed (e.g. after `fleet_status`). Re-validates open documents. */
export const VehicleFirmwareNotification = {
  method: 'fleetkit/vehicleFirmware',
  type: new NotificationType<VehicleFirmwareParams>('fleetkit/vehicleFirmware'),
} as const;
