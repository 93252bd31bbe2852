import { telemetryErrorFix, type TelemetryError } from '../../fleet-api/telemetry-errors';
import { formatAge } from '../../vehicle-model/age';
import { check, type Check } from '../types';
import type { DoctorSurface } from './facts';

/** One vehicle's GET /api/1/vehicles/{vin}/fleet_telemetry_config, as the doctor sees it. */
export interface TelemetryVehicleSync {
  readonly vin: string;
  /** synced: the vehicle runs the pushed config; pending: pushed, not yet taken; none: no config from this app. */
  readonly state: 'synced' | 'pending' | 'none' | 'error';
  readonly limitReached?: boolean;
  readonly keyPaired?: boolean;
  readonly error?: string;
  /** What the vehicle reported about the config (fleet_telemetry_errors), newest first. */
  readonly errors?: readonly TelemetryError[];
}

/** Why and for which vehicles the doctor looked at telemetry configs. Absent from the facts: not looked. */
export interface TelemetrySyncFacts {
  /** What made the doctor look (shown in the detail): "a config was pushed", "fleet_telemetry_config.json in the workspace"… */
  readonly reason: string;
  readonly vehicles: readonly TelemetryVehicleSync[];
  /** Vehicles not looked up (the doctor caps the billed calls). */
  readonly omitted: number;
  /** When the errors were read (epoch ms), for their age. */
  readonly now?: number;
  /** Why the vehicles' telemetry errors could not be read, when they could not. */
  readonly errorsUnavailable?: string;
}

export const TELEMETRY_TITLE = 'Telemetry config synced';
export const PUSH_TELEMETRY_ACTION = 'fleetkit.pushTelemetryConfig';

/** Interprets the sync-status response the way Tesla documents it. */
export function telemetryState(r: { synced: boolean; config: Record<string, unknown> | null }): TelemetryVehicleSync['state'] {
  if (!r.config) return 'none';
  return r.synced ? 'synced' : 'pending';
}

const list = (vs: readonly TelemetryVehicleSync[]): string => vs.map((v) => v.vin).join(', ');

function reported(e: TelemetryError, now: number | undefined): string {
  const when = e.createdAt === undefined ? '' : now === undefined ? ` (${new Date(e.createdAt).toISOString()})` : ` (${formatAge(e.createdAt, now)})`;
  return `${e.errorName ? `${e.errorName}: ` : ''}${e.error}${when}`;
}

/**
 * The doctor's telemetry item. Pure. Not looked (no config pushed, none in the workspace) → skip; every vehicle
 * synced → pass; pending or missing configs, or vehicles reporting telemetry errors (why they do not stream) → warn
 * with the fix; lookups that failed → fail.
 */
export function analyseTelemetrySync(t: TelemetrySyncFacts | undefined, skipReason?: string, surface: DoctorSurface = 'editor'): Check {
  const id = 'telemetry.synced';
  if (!t) return check.skip(id, TELEMETRY_TITLE, skipReason ?? 'No telemetry config pushed from Fleetkit or found in the workspace.');
  if (t.vehicles.length === 0) return check.skip(id, TELEMETRY_TITLE, 'The account has no vehicles.');
  const by = (s: TelemetryVehicleSync['state']): TelemetryVehicleSync[] => t.vehicles.filter((v) => v.state === s);
  const synced = by('synced');
  const pending = by('pending');
  const none = by('none');
  const failed = by('error');
  const more = t.omitted ? ` (${t.omitted} more vehicle(s) not checked)` : '';
  const why = `Checked because ${t.reason}.`;
  if (failed.length) {
    const first = failed[0].error ?? 'unknown error';
    const fail = check.fail(
      id,
      TELEMETRY_TITLE,
      `Could not read the telemetry config of ${list(failed)}: ${first}.${synced.length ? ` Synced: ${list(synced)}.` : ''} ${why}`,
      'Check the vehicle_device_data scope, the region and the partner registration (the items above); then run the doctor again.',
    );
    return fail;
  }
  const problems: string[] = [];
  const fixes: string[] = [];
  const reporting = t.vehicles.filter((v) => v.errors?.length);
  if (reporting.length) {
    problems.push(`not working on ${reporting.map((v) => `${v.vin}: ${reported(v.errors![0]!, t.now)}`).join('; ')}`);
    const fix = telemetryErrorFix(reporting[0]!.errors![0]!);
    fixes.push(`${fix ? `${fix} ` : ''}${surface === 'cli' ? 'fleetkit telemetry errors' : 'The Telemetry view'} lists every error.`);
  }
  if (pending.length) {
    const unpaired = pending.filter((v) => v.keyPaired === false);
    problems.push(`not synced yet on ${list(pending)} (the vehicle takes a pushed config when it is next online)`);
    fixes.push(
      unpaired.length
        ? `Pair the key on ${list(unpaired)} (the vehicle only accepts configs signed for a paired key), wake the vehicle, then push the config again.`
        : 'Wake the vehicle (or wait until it is driven) and run the doctor again; push the config again if it stays unsynced.',
    );
  }
  if (none.length) {
    const full = none.filter((v) => v.limitReached);
    problems.push(`no telemetry config on ${list(none)}`);
    fixes.push(
      full.length
        ? `${list(full)} already hold the maximum number of configs from other apps: remove one there first, then push.`
        : `Push your telemetry config to these vehicles (${surface === 'cli' ? 'fleetkit telemetry push' : 'Fleetkit: Push Telemetry Config'}).`,
    );
  }
  if (problems.length) {
    const c = check.warn(
      id,
      TELEMETRY_TITLE,
      `Telemetry config ${problems.join('; ')}${synced.length ? `; synced on ${list(synced)}` : ''}${more}. ${why}`,
      fixes.join(' '),
    );
    return { ...c, action: PUSH_TELEMETRY_ACTION };
  }
  const unread = t.errorsUnavailable ? ` Telemetry errors could not be read: ${t.errorsUnavailable}.` : '';
  return check.pass(id, TELEMETRY_TITLE, `Synced on all ${synced.length} checked vehicle(s)${more}.${unread}`);
}
