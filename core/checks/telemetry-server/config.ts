import { isIP } from 'node:net';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { splitRequest } from '../../telemetry-config-push/push';

/** What the server check needs from a fleet_telemetry_config: where vehicles connect and what they trust. */
export interface ServerTarget {
  readonly hostname: string;
  readonly port: number;
  /** True when the config has no `port` and 443 is assumed (as Tesla's check_server_cert.sh does). */
  readonly portDefaulted: boolean;
  /** The config's `ca` text; null when absent or JSON null. */
  readonly ca: string | null;
}

/** The config cannot be checked at all (not JSON, no hostname…): a usage problem, not a check result. */
export class TelemetryConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TelemetryConfigError';
  }
}

export const DEFAULT_TELEMETRY_PORT = 443;

/**
 * Reads hostname, port and ca from a telemetry config document: a bare config or a `{ "vins", "config" }` request
 * (the shapes the language server and Push Telemetry Config accept), JSON with comments allowed.
 * Throws TelemetryConfigError naming the fix when there is nothing to connect to.
 */
export function readServerTarget(text: string, source: string): ServerTarget {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split('\n').length;
    throw new TelemetryConfigError(
      `${source}: not valid JSON (${printParseErrorCode(e.error)} on line ${line}); fix the file (the editor shows the error) and run the check again`,
    );
  }
  let config: Record<string, unknown>;
  try {
    config = splitRequest(value).config;
  } catch (err) {
    throw new TelemetryConfigError(`${source}: ${(err as Error).message}; expected a fleet_telemetry_config object with hostname, port and ca`);
  }
  const hostname = config.hostname;
  if (typeof hostname !== 'string' || !hostname.trim()) {
    throw new TelemetryConfigError(`${source}: no "hostname"; set it to the DNS name of your telemetry server, e.g. "telemetry.example.com"`);
  }
  const host = hostname.trim();
  if (/[/:@\s]/.test(host) && !isIP(host)) {
    throw new TelemetryConfigError(`${source}: "hostname" must be a bare host name without scheme, port or path (got "${host}")`);
  }
  let port = DEFAULT_TELEMETRY_PORT;
  const portDefaulted = config.port === undefined;
  if (!portDefaulted) {
    if (typeof config.port !== 'number' || !Number.isInteger(config.port) || config.port < 1 || config.port > 65535) {
      throw new TelemetryConfigError(
        `${source}: "port" must be a JSON number from 1 to 65535 (got ${JSON.stringify(config.port)}); a string port silently breaks streaming`,
      );
    }
    port = config.port;
  }
  const ca = typeof config.ca === 'string' ? config.ca : null;
  if (config.ca !== undefined && config.ca !== null && typeof config.ca !== 'string') {
    throw new TelemetryConfigError(`${source}: "ca" must be a string holding the PEM certificate chain of your server`);
  }
  return { hostname: host.toLowerCase().replace(/\.$/, ''), port, portDefaulted, ca };
}
