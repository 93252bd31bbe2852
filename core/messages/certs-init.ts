/**
 * What `fleetkit certs init` and `fleetkit certs vehicle` print on stdout (one JSON line each; cli/commands/certs.ts).
 * The extension runs `certs init` before it starts a bridge; scripts/start.mjs (plain JS) reads the same line.
 * Paths are absolute; no private key material is printed, only the key files' paths.
 */
export interface CertsInitOutput {
  readonly hostname: string;
  /** The bridge's server certificate chain (leaf + server CA), PEM file. */
  readonly server_cert: string;
  /** Its private key (mode 0600). */
  readonly server_key: string;
  readonly server_ca: string;
  /** The local vehicle CA's certificate file: pass it to the bridge as `--vehicle-ca`. */
  readonly vehicle_ca: string;
  readonly bridge_config: string;
  /** The server CA certificate as PEM text: exactly what goes into a vehicle telemetry config's `ca` field. */
  readonly ca: string;
}

export interface CertsVehicleOutput {
  readonly vin: string;
  readonly cert: string;
  readonly key: string;
  readonly vehicle_ca: string;
}

const INIT_KEYS = ['hostname', 'server_cert', 'server_key', 'server_ca', 'vehicle_ca', 'bridge_config', 'ca'] as const satisfies ReadonlyArray<
  keyof CertsInitOutput
>;

/** Parses the line `fleetkit certs init` prints; throws a readable error naming what is missing. */
export function parseCertsInit(line: string): CertsInitOutput {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new Error('the output of fleetkit certs init is not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('the output of fleetkit certs init is not a JSON object');
  const o = v as Record<string, unknown>;
  const missing = INIT_KEYS.filter((k) => typeof o[k] !== 'string' || !o[k]);
  if (missing.length) throw new Error(`the output of fleetkit certs init has no ${missing.map((k) => `"${k}"`).join(', ')}`);
  const text = (k: (typeof INIT_KEYS)[number]): string => o[k] as string;
  return {
    hostname: text('hostname'),
    server_cert: text('server_cert'),
    server_key: text('server_key'),
    server_ca: text('server_ca'),
    vehicle_ca: text('vehicle_ca'),
    bridge_config: text('bridge_config'),
    ca: text('ca'),
  };
}
