/**
 * The JSON line the telemetry bridge (`fleetkit bridge`, `node dist/bridge.js`) prints first on stdout once it
 * listens: written by telemetry-bridge/command.ts `readyLine`, read by the extension (spawned bridge, or a ready file
 * named in `fleetkit.telemetry.bridgeReadyFile`) and by scripts/start.mjs (plain JS: it keeps the line as it is).
 */
export interface BridgeReadyLine {
  readonly event: 'ready';
  /** Bind address of the vehicle (mTLS) server. */
  readonly host: string;
  readonly port: number;
  readonly status_url: string;
  /** The live feed (loopback WebSocket); null with `--no-feed`. The token is a secret: never log or store it in settings. */
  readonly feed: { readonly port: number; readonly url: string; readonly token: string } | null;
  readonly spool_dir: string | null;
  readonly reliable_ack: boolean;
  /** Prometheus endpoint (`--metrics-port`, monitoring.prometheus_metrics_port); null when off. */
  readonly metrics_url?: string | null;
  /** Worker processes sharing the port (`--workers`); `pid` is the primary's. */
  readonly workers?: number;
  readonly pid: number;
}

/** What a live-feed subscriber takes from a ready line (parseBridgeReady). */
export interface BridgeReady {
  host: string;
  port: number;
  statusUrl?: string;
  feed: { url: string; token: string };
  pid?: number;
}

/**
 * Parses one ready line for a reader that subscribes to the live feed: throws a readable error for anything else,
 * for a bridge without a feed and for a feed that is not on loopback. Extra fields are tolerated, and so are a
 * missing host (127.0.0.1), status_url and pid (ready files written by hand).
 */
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
  if (!feed || typeof feed.url !== 'string' || typeof feed.token !== 'string') {
    throw new Error('the bridge runs without a live feed (start it without --no-feed)');
  }
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
