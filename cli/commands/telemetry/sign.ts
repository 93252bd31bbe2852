/** `fleetkit telemetry sign CONFIG.json --key FILE`: the Tesla.SS256 JWS of a config, as Tesla's tesla-jws prints it. */
import { signTelemetryConfig, TELEMETRY_JWS_AUDIENCE } from '../../../core/telemetry-config-push';
import { UsageError, type CliIO } from '../../command';
import { parseOptions } from '../../args';
import type { TelemetrySubcommand } from './index';
import { readConfigFile, readSigningKey } from './shared';

const USAGE = `Usage: fleetkit telemetry sign CONFIG.json --key FILE [--json]

Signs a Fleet Telemetry config and prints the compact JWS on stdout, like Tesla's
\`tesla-jws -fleet sign TelemetryClient CONFIG.json\` (vehicle-command): header {"alg":"Tesla.SS256","typ":"JWT"},
claims = the config plus "iss" (your public key, base64) and "aud" ("${TELEMETRY_JWS_AUDIENCE}"); an "iss"
or "aud" in the file is overwritten. POST it yourself as {"vins": […], "token": "<JWS>"} to
/api/1/vehicles/fleet_telemetry_config_jws, or let \`fleetkit telemetry push\` do both. The JWS is not a secret
(it authorises nothing); the key never leaves this process.

  CONFIG.json   a telemetry config, or a {"vins", "config"} request (only "config" is signed); comments allowed
  --key FILE    your command key: P-256 private key PEM (SEC1 or unencrypted PKCS#8), the one your partner
                domain hosts the public half of
  --json        {"ok":true,"token":…,"iss":…,"aud":…} on stdout instead of the bare token

The config is signed as it is: check it first with \`fleetkit lint CONFIG.json\`.
Exit code 0 signed, 2 bad usage (no file, unreadable or invalid JSON, no or unusable key).
`;

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions(args, { key: { type: 'string' }, json: { type: 'boolean' } }, true);
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length ? `give one CONFIG.json, got ${positionals.length}: ${positionals.join(' ')}` : 'the CONFIG.json to sign is required',
    );
  }
  const file = await readConfigFile(positionals[0]!);
  const key = await readSigningKey(values.key);
  const { token, iss } = signTelemetryConfig(file.config, key);
  io.stdout.write(values.json ? JSON.stringify({ ok: true, token, iss, aud: TELEMETRY_JWS_AUDIENCE }) + '\n' : token + '\n');
  return 0;
}

export const signSubcommand: TelemetrySubcommand = { summary: 'Print the Tesla.SS256 JWS of a config (like tesla-jws)', usage: USAGE, run };
