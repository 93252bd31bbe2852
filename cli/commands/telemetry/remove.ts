/** `fleetkit telemetry remove --vin VIN...`: take this app's telemetry config off vehicles. */
import { removeTelemetryConfig } from '../../../core/telemetry-config-push';
import { UsageError, type CliIO } from '../../command';
import { parseOptions } from '../../args';
import type { TelemetrySubcommand } from './index';
import { FLEET_OPTIONS, FLEET_OPTIONS_HELP, parseVins, runPerVehicle } from './shared';

const USAGE = `Usage: fleetkit telemetry remove --vin VIN... [--token TOKEN] [--base-url URL] [--ca FILE] [--json]

Removes this app's telemetry config from every VIN given (DELETE /api/1/vehicles/{vin}/fleet_telemetry_config):
the vehicle stops streaming to your server. Other apps' configs stay.

  --vin VIN     a vehicle (repeatable, or comma-separated)
${FLEET_OPTIONS_HELP}

One call per vehicle. With --json: {"ok", "vehicles": [{"vin", "ok": true, "removed"} or
{"vin", "ok": false, "error", "message", "hints"}]}; "removed": false means the vehicle had no config from this app.
Exit code 0 every call went through, 1 a call failed, 2 bad usage.
`;

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions(args, { ...FLEET_OPTIONS, vin: { type: 'string', multiple: true } }, true);
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}' (VINs go with --vin)`);
  const vins = parseVins(values.vin, 'remove');
  return runPerVehicle(
    io,
    values,
    vins,
    async (client, vin) => ({ removed: await removeTelemetryConfig(client, vin) }),
    (r) => (r.removed ? 'config removed' : 'had no config from this app'),
  );
}

export const removeSubcommand: TelemetrySubcommand = { summary: 'Remove your telemetry config from vehicles', usage: USAGE, run };
