/** Settings that shape how Fleetkit starts `fleetkit sim` (pure: unit-tested without VS Code). */
export interface SimulatorSettings {
  readonly autoConsent: boolean;
  readonly port: number;
  readonly tokenTtlSeconds: number;
  readonly readyFile: string;
}

export function simulatorArgs(cliPath: string, s: SimulatorSettings): string[] {
  const args = [cliPath, 'sim'];
  if (s.autoConsent) args.push('--auto-consent');
  if (Number.isInteger(s.port) && s.port > 0 && s.port < 65534) args.push('--port', String(s.port));
  if (Number.isInteger(s.tokenTtlSeconds) && s.tokenTtlSeconds > 0) args.push('--token-ttl', String(s.tokenTtlSeconds));
  return args;
}
