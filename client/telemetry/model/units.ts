/** Display units of Fleet Telemetry fields (Tesla sends imperial distances/speeds and metric temperatures). */
const UNITS: Record<string, string> = {
  VehicleSpeed: 'mph', Odometer: 'mi', Soc: '%', BatteryLevel: '%', EstBatteryRange: 'mi', RatedRange: 'mi', IdealBatteryRange: 'mi',
  EnergyRemaining: 'kWh', PackVoltage: 'V', PackCurrent: 'A', ModuleTempMax: '°C', ModuleTempMin: '°C', ChargeLimitSoc: '%',
  ACChargingPower: 'kW', DCChargingPower: 'kW', ACChargingEnergyIn: 'kWh', DCChargingEnergyIn: 'kWh', ChargeAmps: 'A', ChargerVoltage: 'V',
  ChargeCurrentRequest: 'A', ChargeCurrentRequestMax: 'A', TimeToFullCharge: 'h', InsideTemp: '°C', OutsideTemp: '°C',
  HvacLeftTemperatureRequest: '°C', HvacRightTemperatureRequest: '°C', GpsHeading: '°', BrickVoltageMax: 'V', BrickVoltageMin: 'V',
  LateralAcceleration: 'g', LongitudinalAcceleration: 'g', MilesToArrival: 'mi', MinutesToArrival: 'min', Elevation: 'ft',
  TpmsPressureFl: 'bar', TpmsPressureFr: 'bar', TpmsPressureRl: 'bar', TpmsPressureRr: 'bar', ChargeRateMilePerHour: 'mph',
  BmsFullchargecomplete: '', EstimatedHoursToChargeTermination: 'h', PowershareHoursLeft: 'h', PowershareInstantaneousLoadKW: 'kW',
  DestinationLocation: '', CruiseSetSpeed: 'mph', RearDisplayHvacEnabled: '', DriveRail: '',
};

export function unitOf(field: string): string {
  return UNITS[field] ?? '';
}
