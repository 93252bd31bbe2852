/**
 * Where Push Telemetry Config goes (pure): with the `proxy` command transport, the plain `fleet_telemetry_config`
 * endpoint of the user's tesla-http-proxy (which signs it); otherwise Tesla's `fleet_telemetry_config_jws`, signed here.
 */
export type PushRoute = { kind: 'jws' } | { kind: 'proxy'; url: string } | { kind: 'invalid'; problem: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function pushRouteFor(transport: string, proxyUrl: string): PushRoute {
  if (transport !== 'proxy') return { kind: 'jws' };
  const raw = proxyUrl.trim();
  if (!raw) return { kind: 'invalid', problem: 'fleetkit.commands.transport is "proxy" but fleetkit.commands.proxyUrl is empty: set it to your tesla-http-proxy URL.' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: 'invalid', problem: `fleetkit.commands.proxyUrl is not a URL: ${raw}` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    return { kind: 'invalid', problem: `fleetkit.commands.proxyUrl must be https:// (http:// only on loopback hosts): ${url.origin}` };
  }
  return { kind: 'proxy', url: url.origin };
}
