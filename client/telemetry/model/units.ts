/**
 * Display units of Fleet Telemetry fields (Tesla sends imperial distances/speeds and metric temperatures). Kept small
 * for the webview bundle; a unit test checks every entry against the field catalogue (core/telemetry-catalog).
 */
export const DISPLAY_UNITS: Readonly<Record<string, string>> = {
  VehicleSpeed: 'mph', Odometer: 'mi', Soc: '%', BatteryLevel: '%', EstBatteryRange: 'mi', RatedRange: 'mi', IdealBatteryRange: 'mi',
  EnergyRemaining: 'kWh', PackVoltage: 'V', PackCurrent: 'A', ModuleTempMax: '°C', ModuleTempMin: '°C', ChargeLimitSoc: '%',
  ACChargingPower: 'kW', DCChargingPower: 'kW', ACChargingEnergyIn: 'kWh', DCChargingEnergyIn: 'kWh', ChargeAmps: 'A', ChargerVoltage: 'V',
  ChargeCurrentRequest: 'A', ChargeCurrentRequestMax: 'A', TimeToFullCharge: 'h', InsideTemp: '°C', OutsideTemp: '°C',
  HvacLeftTemperatureRequest: '°C', HvacRightTemperatureRequest: '°C', GpsHeading: '°', BrickVoltageMax: 'V', BrickVoltageMin: 'V',
  LateralAcceleration: 'g', LongitudinalAcceleration: 'g', MilesToArrival: 'mi', MinutesToArrival: 'min',
  TpmsPressureFl: 'bar', TpmsPressureFr: 'bar', TpmsPressureRl: 'bar', TpmsPressureRr: 'bar', ChargeRateMilePerHour: 'mph',
  BmsFullchargecomplete: '', EstimatedHoursToChargeTermination: 'h', PowershareHoursLeft: 'h', PowershareInstantaneousPowerKW: 'kW',
  DestinationLocation: '', CruiseSetSpeed: 'mph', RearDisplayHvacEnabled: '', DriveRail: '',
  // Fields 260-269 (firmware 2026.32).
  GpsAccuracyMeters: 'm', LifetimeEnergyChargedKwh: 'kWh', BrickSocMinPercent: '%', NominalFullPackEnergyKwh: 'kWh', GradeEstimatePercent: '%',
  MaxSpeedToReachDestinationMph: 'mph', SoftwareUpdateAvailable: '', SoftwareUpdateInProgress: '', RemoteStartActive: '', SemiCruiseSpeedLimitMph: 'mph',
};

export function unitOf(field: string): string {
  return DISPLAY_UNITS[field] ?? '';
}
