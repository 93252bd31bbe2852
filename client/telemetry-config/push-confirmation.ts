/**
 * The modal that confirms `Fleetkit: Push Telemetry Config`: the target cars, what changes on each (against its
 * current config, read with one billed data call per car) and a warning for every car the push moves off the local
 * bridge or onto it. Pure: the command shows `message` + `detail` with the `button` verb.
 */
import { formatUsd } from '../../core/billing/prices';
import { describeChanges, diffTelemetryConfig, streamRepoint } from '../../core/telemetry-config-push/diff';

/** What GET fleet_telemetry_config said about one car, or why it could not be read. */
export type CurrentConfig = { readonly config: Record<string, unknown> | null } | { readonly error: string };

export interface PushConfirmationInput {
  readonly vins: readonly string[];
  readonly next: Readonly<Record<string, unknown>>;
  readonly current: ReadonlyMap<string, CurrentConfig>;
  /** Display names of cached vehicles by VIN. */
  readonly names?: ReadonlyMap<string, string>;
  /** The price of one data call in dollars (for the note on the reads). */
  readonly dataCallUsd: number;
  /** E.g. " via tesla-http-proxy https://…". */
  readonly via?: string;
}

export interface PushConfirmation {
  readonly message: string;
  readonly detail: string;
  readonly button: string;
  /** One line per re-pointed car (also in `detail`). */
  readonly warnings: readonly string[];
}

/** The most cars listed one by one; the rest are counted. */
const MAX_LISTED = 12;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function pushConfirmation(input: PushConfirmationInput): PushConfirmation {
  const { vins, next } = input;
  const car = (vin: string): string => {
    const name = input.names?.get(vin);
    return name && name !== vin ? `${name} (${vin})` : vin;
  };
  const warnings: string[] = [];
  const lines: string[] = [];
  let unchanged = 0;
  for (const vin of vins) {
    const cur = input.current.get(vin);
    if (!cur) {
      lines.push(`${car(vin)}: current config not read`);
      continue;
    }
    if ('error' in cur) {
      lines.push(`${car(vin)}: current config unknown (${cur.error})`);
      continue;
    }
    const moved = streamRepoint(cur.config, next);
    if (moved) {
      warnings.push(
        moved.direction === 'leaves-local'
          ? `⚠ ${car(vin)} streams to the local bridge (${moved.from}); this push re-points it to ${moved.to}.`
          : `⚠ ${car(vin)} streams to ${moved.from}; this push re-points it to the local bridge on this machine (${moved.to}).`,
      );
    }
    const diff = diffTelemetryConfig(cur.config, next);
    if (diff.isNew) lines.push(`${car(vin)}: no config from this app yet (new)`);
    else if (!diff.changes.length) {
      unchanged++;
      lines.push(`${car(vin)}: unchanged`);
    } else lines.push(`${car(vin)}: ${describeChanges(diff).join('; ')}`);
  }
  const listed = lines.length > MAX_LISTED ? [...lines.slice(0, MAX_LISTED), `… and ${lines.length - MAX_LISTED} more`] : lines;
  const host = typeof next.hostname === 'string' ? next.hostname : '(no hostname)';
  const fields = next.fields && typeof next.fields === 'object' ? Object.keys(next.fields).length : 0;
  const reads = input.current.size;
  const detail = [
    `Streams to ${host}${next.port !== undefined ? `:${String(next.port)}` : ''} · ${plural(fields, 'field')}${input.via ?? ''}.`,
    ...(warnings.length ? ['', ...warnings] : []),
    '',
    ...listed,
    ...(reads ? ['', `Current configs read with ${plural(reads, 'billed data call')} (${formatUsd(reads * input.dataCallUsd)}).`] : []),
  ].join('\n');
  const whom = vins.length === 1 ? car(vins[0]!) : `${vins.length} vehicles`;
  const message =
    unchanged === vins.length && vins.length > 0
      ? `${vins.length === 1 ? 'This vehicle already has' : `All ${vins.length} vehicles already have`} this telemetry config. Push it again to ${whom}?`
      : `Push the telemetry config to ${whom}?`;
  return { message, detail, button: `Push to ${plural(vins.length, 'Vehicle')}`, warnings };
}
