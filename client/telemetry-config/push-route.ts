/**
 * Where Push Telemetry Config goes (pure): with the `proxy` command transport, the plain `fleet_telemetry_config`
 * endpoint of the user's tesla-http-proxy (which signs it); otherwise Tesla's `fleet_telemetry_config_jws`, signed here.
 */
import { checkProxyUrl } from '../proxy/proxy-url';

export type PushRoute = { kind: 'jws' } | { kind: 'proxy'; url: string } | { kind: 'invalid'; problem: string };

export function pushRouteFor(transport: string, proxyUrl: string): PushRoute {
  if (transport !== 'proxy') return { kind: 'jws' };
  if (!proxyUrl.trim()) {
    return { kind: 'invalid', problem: 'fleetkit.commands.transport is "proxy" but fleetkit.commands.proxyUrl is empty: set it to your tesla-http-proxy URL.' };
  }
  const checked = checkProxyUrl(proxyUrl);
  return 'url' in checked ? { kind: 'proxy', url: checked.url } : { kind: 'invalid', problem: `fleetkit.commands.proxyUrl ${checked.problem}` };
}
