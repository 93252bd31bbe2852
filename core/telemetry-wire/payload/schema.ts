/** The telemetry protobuf types, loaded once from the embedded descriptor (no .proto file reads at run time). */
import protobuf from 'protobufjs/light';
import Long from 'long';
import { TELEMETRY_DESCRIPTOR } from '../generated/descriptor';

// Bundles cannot rely on protobufjs finding `long` by itself; without it int64 values silently lose precision.
protobuf.util.Long = Long as unknown as typeof protobuf.util.Long;
protobuf.configure();

export const telemetryRoot = protobuf.Root.fromJSON(TELEMETRY_DESCRIPTOR as protobuf.INamespace);

export const TYPES = {
  Payload: telemetryRoot.lookupType('telemetry.vehicle_data.Payload'),
  Datum: telemetryRoot.lookupType('telemetry.vehicle_data.Datum'),
  Value: telemetryRoot.lookupType('telemetry.vehicle_data.Value'),
  VehicleAlerts: telemetryRoot.lookupType('telemetry.vehicle_alerts.VehicleAlerts'),
  VehicleErrors: telemetryRoot.lookupType('telemetry.vehicle_error.VehicleErrors'),
  VehicleConnectivity: telemetryRoot.lookupType('telemetry.vehicle_connectivity.VehicleConnectivity'),
} as const;

export const FIELD_ENUM = telemetryRoot.lookupEnum('telemetry.vehicle_data.Field');

export { Long };
