import { isIP } from 'node:net';
import type { ResolveMap } from './fetch';

/**
 * Parses `host=address:port` entries (`fleet.example.test=127.0.0.1:8443`, `[::1]:8443` for IPv6) into a resolve map.
 * Throws an Error naming the bad entry.
 */
export function parseResolveEntries(entries: readonly string[]): ResolveMap {
  const map: Record<string, { address: string; port: number }> = {};
  for (const entry of entries) {
    const m = /^([^=\s]+)=(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(entry.trim());
    const address = m?.[2].replace(/^\[|\]$/g, '');
    const port = Number(m?.[3]);
    if (!m || !address || !isIP(address) || port < 1 || port > 65535) {
      throw new Error(`bad resolve entry '${entry}': expected host=address:port, e.g. fleet.example.test=127.0.0.1:8443`);
    }
    map[m[1].toLowerCase()] = { address, port };
  }
  return map;
}
