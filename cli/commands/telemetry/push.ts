/** `fleetkit telemetry push CONFIG.json`: sign a config with the command key and send it to vehicles (fleet_telemetry_config_jws). */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pushTelemetryConfig } from '../../../core/telemetry-config-push';
import { createTelemetryConfigService } from '../../../server/service/language-service';
import { UsageError, type CliIO } from '../../command';
import { parseOptions } from '../../args';
import type { TelemetrySubcommand } from './index';
import { failureOf, FLEET_OPTIONS, FLEET_OPTIONS_HELP, parseVins, readConfigFile, readSigningKey, reportFailure, userFleet, type ConfigFile } from './shared';

const USAGE = `Usage: fleetkit telemetry push CONFIG.json --key FILE [--vin VIN]... [--token TOKEN] [--base-url URL] [--ca FILE]
                               [--json]

Checks CONFIG.json with the editor's diagnostics (errors stop the push; warnings are shown), signs it with your
command key (JWS "Tesla.SS256", as \`fleetkit telemetry sign\`) and sends it to the vehicles with
POST /api/1/vehicles/fleet_telemetry_config_jws. Vehicles Tesla skips are listed with the fix for each reason
(missing_key, unsupported_hardware, unsupported_firmware, max_configs). A vehicle takes the config the next time
it is online: follow it with \`fleetkit telemetry status\`, and \`fleetkit telemetry errors\` shows why a vehicle
that took it does not stream.

  CONFIG.json   a telemetry config, or a {"vins", "config"} request; comments allowed
  --vin VIN     a vehicle to configure (repeatable; default: the "vins" of CONFIG.json)
  --key FILE    your command key: P-256 private key PEM, the one your partner domain hosts the public half of
${FLEET_OPTIONS_HELP}

Billed as one command call. Exit code 0 every vehicle was updated, 1 a vehicle was skipped, the config has errors
or the call failed, 2 bad usage.
`;

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'] as const;

interface Finding {
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

/** The editor's diagnostics for the file (same service as fleetkit lint). */
function lint(file: ConfigFile): Finding[] {
  const document = TextDocument.create(pathToFileURL(resolve(file.file)).href, 'fleet-telemetry-config', 1, file.text);
  return createTelemetryConfigService()
    .validate(document)
    .map((d) => ({
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      severity: SEVERITY[d.severity ?? 1] || 'error',
      code: d.code,
      message: d.message,
    }));
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions(args, { ...FLEET_OPTIONS, vin: { type: 'string', multiple: true }, key: { type: 'string' } }, true);
  const json = values.json === true;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length ? `give one CONFIG.json, got ${positionals.length}: ${positionals.join(' ')}` : 'the CONFIG.json to push is required',
    );
  }
  const file = await readConfigFile(positionals[0]!);
  const vins = values.vin?.length ? parseVins(values.vin) : parseVins(file.vins);
  if (!vins.length) throw new UsageError(`no vehicles to configure: pass --vin VIN (repeatable) or put "vins" in ${file.file}`);
  const key = await readSigningKey(values.key);

  const findings = lint(file);
  const errors = findings.filter((f) => f.severity === 'error');
  for (const f of findings.filter((x) => x.severity !== 'error' && x.severity !== 'hint')) {
    io.stderr.write(`${file.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}\n`);
  }
  if (errors.length) {
    const first = errors[0]!;
    return reportFailure(
      io,
      json,
      'push',
      {
        error: 'ConfigError',
        message: `${errors.length} error(s) in ${file.file} stop the push; the first: line ${first.line}: ${first.code} ${first.message}`,
        hints: [`fleetkit lint ${file.file} shows them all with their positions`],
      },
      { diagnostics: errors },
    );
  }

  const fleet = await userFleet(io, values);
  try {
    const result = await pushTelemetryConfig(fleet.client, vins, file.config, key);
    const ok = result.skipped.length === 0;
    const failure = ok
      ? {}
      : {
          error: 'VehiclesSkipped',
          message: `Tesla skipped ${result.skipped.length} of ${vins.length} vehicle(s): ${result.skipped.map((s) => `${s.vin} (${s.reason})`).join(', ')}`,
          hints: [...new Set(result.skipped.map((s) => s.fix))],
        };
    if (json) {
      io.stdout.write(
        JSON.stringify({
          ok,
          ...failure,
          vins,
          updated_vehicles: result.updatedVehicles,
          skipped: result.skipped,
          ...(result.txid ? { txid: result.txid } : {}),
        }) + '\n',
      );
    }
    io.stderr.write(`Telemetry config sent to ${vins.length} vehicle(s): ${result.updatedVehicles} updated${result.txid ? ` (txid ${result.txid})` : ''}.\n`);
    for (const s of result.skipped) io.stderr.write(`  ${s.vin} skipped: ${s.reason} — ${s.fix}\n`);
    if (result.updatedVehicles) io.stderr.write('Vehicles take it when next online: fleetkit telemetry status --vin VIN shows when.\n');
    return ok ? 0 : 1;
  } catch (err) {
    return reportFailure(io, json, 'push', failureOf(err));
  } finally {
    await fleet.close();
  }
}

export const pushSubcommand: TelemetrySubcommand = { summary: 'Sign a config with your key and send it to vehicles', usage: USAGE, run };
