import { EXPORT_RULES, OPERATION_MODES, type ExportRule, type GridImportExport, type OperationMode } from './types';

/** Input Tesla would refuse, caught before a billed call: the message says what to send instead. */
export class EnergyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnergyInputError';
  }
}

export function validatePercent(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
    throw new EnergyInputError(`The ${what} must be a whole percentage from 0 to 100 (got ${String(value)}).`);
  }
  return value;
}

export function validateMode(mode: string): OperationMode {
  if (!OPERATION_MODES.includes(mode as OperationMode)) throw new EnergyInputError(`Unknown operation mode "${mode}": use ${OPERATION_MODES.join(', ')}.`);
  return mode as OperationMode;
}

export function validateExportRule(rule: string): ExportRule {
  if (!EXPORT_RULES.includes(rule as ExportRule)) throw new EnergyInputError(`Unknown export rule "${rule}": use ${EXPORT_RULES.join(', ')}.`);
  return rule as ExportRule;
}

export function validateGridImportExport(s: GridImportExport): GridImportExport {
  const out: GridImportExport = {};
  if (s.customer_preferred_export_rule !== undefined) out.customer_preferred_export_rule = validateExportRule(s.customer_preferred_export_rule);
  if (s.disallow_charge_from_grid_with_solar_installed !== undefined) {
    if (typeof s.disallow_charge_from_grid_with_solar_installed !== 'boolean') {
      throw new EnergyInputError('Grid charging must be allowed (false) or disallowed (true).');
    }
    out.disallow_charge_from_grid_with_solar_installed = s.disallow_charge_from_grid_with_solar_installed;
  }
  if (!Object.keys(out).length) throw new EnergyInputError('Give an export rule, a grid-charging choice, or both.');
  return out;
}

export function validateTouSettings(tou: unknown): Record<string, unknown> {
  if (typeof tou !== 'object' || tou === null || Array.isArray(tou) || typeof (tou as Record<string, unknown>).tariff_content_v2 !== 'object') {
    throw new EnergyInputError('Time-of-use settings must be a JSON object with a "tariff_content_v2" tariff (as site_info\'s tou_settings shows it).');
  }
  return tou as Record<string, unknown>;
}
