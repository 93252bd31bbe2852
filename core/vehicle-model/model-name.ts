const CAR_TYPES: Record<string, string> = {
  models: 'Model S',
  models2: 'Model S',
  model3: 'Model 3',
  modelx: 'Model X',
  modely: 'Model Y',
  cybertruck: 'Cybertruck',
  semi: 'Semi',
  roadster: 'Roadster',
};

/** The fourth VIN character is the model line for Tesla VINs (5YJ3…, 7SAY…, 7G2C…). */
const VIN_MODEL: Record<string, string> = { S: 'Model S', '3': 'Model 3', X: 'Model X', Y: 'Model Y', C: 'Cybertruck', T: 'Semi', R: 'Roadster' };

/** "Model 3" from `vehicle_config.car_type` when we have it, else from the VIN; undefined if unknown. */
export function modelName(vin: string, carType?: unknown): string | undefined {
  if (typeof carType === 'string' && carType) return CAR_TYPES[carType.toLowerCase()] ?? carType;
  if (typeof vin === 'string' && vin.length === 17) return VIN_MODEL[vin[3].toUpperCase()];
  return undefined;
}
