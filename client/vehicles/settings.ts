import * as vscode from 'vscode';
import { isVehicleDataEndpoint } from '../../core/fleet-api/types';
import { ALL_SECTION_ENDPOINTS } from '../../core/vehicle-model/sections';
import type { ServiceSettings } from './service';

const num = (v: unknown, fallback: number, min: number, max: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;

/** Reads `fleetkit.vehicles.*` / `fleetkit.fleetApi.*`, clamping bad values instead of failing. */
export function readSettings(): ServiceSettings & { confirmWake: boolean } {
  const c = vscode.workspace.getConfiguration('fleetkit');
  const endpoints = c.get<unknown>('vehicles.liveDataEndpoints');
  const list = Array.isArray(endpoints) ? endpoints.filter(isVehicleDataEndpoint) : [];
  return {
    timeoutMs: num(c.get('fleetApi.timeoutSeconds'), 30, 1, 300) * 1000,
    liveDataEndpoints: list.length ? list : [...ALL_SECTION_ENDPOINTS],
    wakeMaxPolls: Math.round(num(c.get('vehicles.wakeMaxPolls'), 8, 1, 30)),
    wakeFirstDelayMs: num(c.get('vehicles.wakePollInitialSeconds'), 2, 0.05, 60) * 1000,
    wakeMaxDelayMs: num(c.get('vehicles.wakePollMaxSeconds'), 15, 0.05, 120) * 1000,
    confirmWake: c.get<boolean>('vehicles.confirmWake') !== false,
  };
}
