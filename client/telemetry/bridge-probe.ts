import { endpointOf, probeTcp, PROBE_TIMEOUT_MS, type ProbeResult } from '../process/probe';
import type { BridgeReady } from '../../core/messages/bridge-ready';

/**
 * Does the bridge of this ready line still run? Its live feed (loopback) accepts a connection. The vehicle port is
 * left alone: it is mTLS, and a bare connection there counts as a failed vehicle handshake in the bridge's stats.
 */
export async function probeBridge(ready: BridgeReady, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const feed = endpointOf(ready.feed.url);
  const r = await probeTcp(feed.host, feed.port, timeoutMs);
  return r.ok ? r : { ...r, at: bridgeAddress(ready) };
}

/** "127.0.0.1:4443": how the bridge is named to the user (its vehicle port, the one cars connect to). */
export function bridgeAddress(ready: Pick<BridgeReady, 'host' | 'port'>): string {
  return `${ready.host.includes(':') ? `[${ready.host}]` : ready.host}:${ready.port}`;
}
