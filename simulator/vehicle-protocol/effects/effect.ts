/**
 * What one command does to the simulated car: an `Effect` turns the car's state and the command's params into a
 * patch of Tesla-shaped state sections, or a refusal with Tesla's reason. Pure but for the PINs in `secrets`.
 */
import type { VehicleStateSections } from '../../vehicles/state';
import type { CommandParamValue } from '../decode-command';

type Section = keyof VehicleStateSections;
export type StatePatch = Partial<Record<Section, Record<string, unknown>>>;

export interface CommandEffect {
  ok: boolean;
  reason: string;
  patch: StatePatch;
}

/** Secrets the car keeps outside vehicle_data (PINs). */
export interface VehicleSecrets {
  speedLimitPin?: string;
  parentalPin?: string;
  valetPin?: string;
}

export type Params = Record<string, CommandParamValue>;

export interface EffectInput {
  /** The command name (one effect may serve several names). */
  name: string;
  params: Params;
  state: VehicleStateSections;
  nowMs: number;
  /** Updated in place. */
  secrets: VehicleSecrets;
}

export type Effect = (input: EffectInput) => CommandEffect;

/** One domain's commands: name → effect. */
export type EffectTable = Readonly<Record<string, Effect>>;

export const done = (patch: StatePatch = {}): CommandEffect => ({ ok: true, reason: '', patch });
export const refuse = (reason: string): CommandEffect => ({ ok: false, reason, patch: {} });

export const n = (p: Params, k: string): number => (typeof p[k] === 'number' ? (p[k] as number) : Number.NaN);
export const b = (p: Params, k: string): boolean => p[k] === true;
export const s = (p: Params, k: string): string => (typeof p[k] === 'string' ? (p[k] as string) : '');

export function schedules(list: unknown): Array<Record<string, unknown>> {
  return Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
}

/** A schedule as stored (days_of_week is the bit mask); id 0 or none is numbered by the current Unix time. */
export function withId(p: Params, nowMs: number): Record<string, unknown> {
  const id = n(p, 'id');
  return { ...p, id: id > 0 ? id : Math.floor(nowMs / 1000) };
}
