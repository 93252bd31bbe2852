/**
 * teslamotors/fleet-telemetry PR #546 (protos/vehicle_data.proto): fields 260-269, firmware 2026.32 (device client 1.3.0).
 * Shared by the language server's and the simulator's tests so both check the same list.
 */
export const FIELDS_260_269 = [
  'GpsAccuracyMeters',
  'LifetimeEnergyChargedKwh',
  'BrickSocMinPercent',
  'NominalFullPackEnergyKwh',
  'GradeEstimatePercent',
  'MaxSpeedToReachDestinationMph',
  'SoftwareUpdateAvailable',
  'SoftwareUpdateInProgress',
  'RemoteStartActive',
  'SemiCruiseSpeedLimitMph',
];
