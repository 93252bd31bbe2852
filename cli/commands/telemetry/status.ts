/** `fleetkit telemetry status --vin VIN...`: whether each vehicle runs this app's telemetry config. */
import { telemetryState } from '../../../core/checks/doctor/telemetry';
import { telemetrySyncStatus } from '../../../core/telemetry-config-push';
import { UsageError, type CliIO } from '../../command';
import { parseOptions } from '../../args';
import type { TelemetrySubcommand } from './index';
import { FLEET_OPTIONS, FLEET_OPTIONS_HELP, parseVins, runPerVehicle } from './shared';

const USAGE = `Usage: fleetkit telemetry status --vin VIN... [--token TOKEN] [--base-url URL] [--ca FILE] [--json]

Reads GET /api/1/vehicles/{vin}/fleet_telemetry_config for every VIN given and says, per vehicle:
  synced    the vehicle runs this app's config
  pending   the config was sent; the vehicle takes it the next time it is online
  none      no config from this app (with "limit reached" when the vehicle holds the most configs it can)

  --vin VIN     a vehicle (repeatable, or comma-separated)
${FLEET_OPTIONS_HELP}

One billed data call per vehicle. With --json: {"ok", "vehicles": [{"vin", "ok", "state", "synced",
"limit_reached", "key_paired", "config"} or {"vin", "ok": false, "error", "message", "hints"}]}.
Exit code 0 every vehicle could be read (whatever its state), 1 a lookup failed, 2 bad usage.
`;

interface Status {
  state: string;
  synced: boolean;
  limit_reached: boolean;
  key_paired?: boolean;
  config: Record<string, unknown> | null;
}

const DESCRIBE: Record<string, string> = {
  synced: "synced: the vehicle runs this app's config",
  pending: 'pending: sent, the vehicle takes it the next time it is online',
  none: 'none: no config from this app',
};

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions(args, { ...FLEET_OPTIONS, vin: { type: 'string', multiple: true } }, true);
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}' (VINs go with --vin)`);
  const vins = parseVins(values.vin, 'status');
  return runPerVehicle(
    io,
    values,
    vins,
    async (client, vin): Promise<Status> => {
      const s = await telemetrySyncStatus(client, vin);
      return {
        state: telemetryState(s),
        synced: s.synced,
        limit_reached: s.limitReached,
        ...(s.keyPaired !== undefined ? { key_paired: s.keyPaired } : {}),
        config: s.config,
      };
    },
    (r) => {
      const extra = [r.limit_reached ? 'limit reached: the vehicle holds the most configs it can' : '', r.key_paired === false ? 'key not paired' : '']
        .filter(Boolean)
        .join('; ');
      return `${DESCRIBE[r.state] ?? r.state}${extra ? ` (${extra})` : ''}`;
    },
  );
}

export const statusSubcommand: TelemetrySubcommand = { summary: 'Whether vehicles run your telemetry config (synced, pending, none)', usage: USAGE, run };
