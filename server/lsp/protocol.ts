import { NotificationType } from 'vscode-languageserver';
import {
  VEHICLE_FIRMWARE_NOTIFICATION,
  WORKBENCH_ACCOUNT_NOTIFICATION,
  type VehicleFirmwareParams,
  type WorkbenchAccount,
} from '../../core/messages/language-server';

/** `fleetkit/vehicleFirmware` (typed once in core/messages/language-server.ts) as vscode-languageserver's NotificationType. */
export const VehicleFirmwareNotification = {
  method: VEHICLE_FIRMWARE_NOTIFICATION.method,
  type: new NotificationType<VehicleFirmwareParams>(VEHICLE_FIRMWARE_NOTIFICATION.method),
} as const;

/** `fleetkit/workbenchAccount` (core/messages/language-server.ts): vehicles and energy sites for `.tesla.http` completion. */
export const WorkbenchAccountNotification = {
  method: WORKBENCH_ACCOUNT_NOTIFICATION.method,
  type: new NotificationType<WorkbenchAccount>(WORKBENCH_ACCOUNT_NOTIFICATION.method),
} as const;
