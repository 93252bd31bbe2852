import type { CheckReport } from '../types';
import { analyseTelemetryServer } from './analyse';
import { readCaText } from './ca-text';
import { readServerTarget, type ServerTarget } from './config';
import { connectTarget, probeServer, type ProbeOptions } from './probe';

export interface TelemetryServerCheckOptions extends ProbeOptions {
  /** The registered partner domain; the hostname should sit under it. */
  partnerDomain?: string;
  now?: () => Date;
}

/**
 * Checks the telemetry server a config points vehicles at, the way a vehicle meets it: the port, the certificate
 * chain against exactly the config's `ca`, the hostname and dates, and the client-certificate demands of Tesla's
 * server. Never throws for a failing check. Hosts in `resolve` are reached at its address; others through DNS.
 */
export async function checkTelemetryServer(target: ServerTarget, options: TelemetryServerCheckOptions = {}): Promise<CheckReport> {
  const to = connectTarget(target.hostname, target.port, options.resolve);
  const probe = await probeServer(target.hostname, target.port, readCaText(target.ca).pems, options);
  const moved = to.host !== target.hostname || to.port !== target.port;
  return analyseTelemetryServer({
    target,
    probe,
    partnerDomain: options.partnerDomain,
    now: (options.now ?? (() => new Date()))(),
    ...(moved ? { connectedTo: to } : {}),
  });
}

/** checkTelemetryServer for a config document's text (a bare config or a `{vins, config}` request); rejects with TelemetryConfigError when it cannot be checked. */
export async function checkTelemetryServerConfig(text: string, source: string, options: TelemetryServerCheckOptions = {}): Promise<CheckReport> {
  return checkTelemetryServer(readServerTarget(text, source), options);
}
