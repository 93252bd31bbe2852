/** The JSON ready line `fleetkit bridge` / `node dist/bridge.js` prints (telemetry-bridge/README.md). */
export interface BridgeReady {
  host: string;
  port: number;
  statusUrl?: string;
  feed: { url: string; token: string };
  pid?: number;
}

/** Parses one ready line; throws a readable error for anything else. */
export function parseBridgeReady(line: string): BridgeReady {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new Error('the bridge ready line is not JSON');
  }
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  if (o.event !== 'ready') throw new Error('the bridge ready line has no "event":"ready"');
  if (typeof o.port !== 'number') throw new Error('the bridge ready line has no port');
  const feed = (o.feed ?? null) as Record<string, unknown> | null;
  if (!feed || typeof feed.url !== 'string' || typeof feed.token !== 'string') throw new Error('the bridge runs without a live feed (start it without --no-feed)');
  if (!/^ws:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(feed.url)) throw new Error(`the bridge feed is not on loopback: ${feed.url}`);
  return {
    host: typeof o.host === 'string' ? o.host : '127.0.0.1',
    port: o.port,
    ...(typeof o.status_url === 'string' ? { statusUrl: o.status_url } : {}),
    feed: { url: feed.url, token: feed.token },
    ...(typeof o.pid === 'number' ? { pid: o.pid } : {}),
  };
}

/** The first ready line in a file's text (a ready file may hold log lines too). */
export function findBridgeReady(text: string): BridgeReady | undefined {
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim().startsWith('{')) continue;
    try {
      return parseBridgeReady(line);
    } catch {
      // keep looking
    }
  }
  return undefined;
}
