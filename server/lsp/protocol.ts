import { NotificationType } from 'vscode-languageserver';
import { VEHICLE_FIRMWARE_NOTIFICATION, type VehicleFirmwareParams } from '../../core/messages/language-server';

/** `fleetkit/vehicleFirmware` (typed once in core/messages/language-server.ts) as vscode-languageserver's NotificationType. */
export const VehicleFirmwareNotification = {
  method: VEHICLE_FIRMWARE_NOTIFICATION.method,
  type: new NotificationType<VehicleFirmwareParams>(VEHICLE_FIRMWARE_NOTIFICATION.method),
} as const;
