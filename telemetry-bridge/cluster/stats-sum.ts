/** The cluster's counters: the workers' BridgeStats added up (pure). */
import type { BridgeStats } from '../../core/messages/live-feed';

export function emptyStats(): BridgeStats {
  return {
    connected_vehicles: 0,
    connections_total: 0,
    records_total: 0,
    records_by_topic: {},
    records_per_second: 0,
    acks_sent: 0,
    malformed_total: 0,
    oversized_total: 0,
    rate_limited_total: 0,
    text_frames_total: 0,
    handshake_failures_total: 0,
    identity_refused_total: 0,
    spool_errors_total: 0,
    ingest_paused: false,
    ingest_pauses_total: 0,
    reply_pauses_total: 0,
    feed_subscribers: 0,
    feed_dropped_total: 0,
    stdout_dropped_total: 0,
  };
}

/** Numbers add up, records by topic and dispatchers merge; paused when any worker is, connected when all are. */
export function sumStats(all: readonly BridgeStats[]): BridgeStats {
  const out = emptyStats();
  const sum = out as unknown as Record<string, unknown>;
  for (const s of all) {
    for (const [k, v] of Object.entries(s)) {
      if (typeof v === 'number') sum[k] = (sum[k] as number) + v;
    }
    for (const [topic, n] of Object.entries(s.records_by_topic)) out.records_by_topic[topic] = (out.records_by_topic[topic] ?? 0) + n;
    out.ingest_paused ||= s.ingest_paused;
    for (const [name, d] of Object.entries(s.dispatchers ?? {})) {
      const into = ((out.dispatchers ??= {})[name] ??= { published: 0, messages: 0, bytes: 0, errors: 0, dropped: 0, inflight: 0, connected: true });
      for (const k of ['published', 'messages', 'bytes', 'errors', 'dropped', 'inflight'] as const) into[k] += d[k];
      into.connected &&= d.connected;
    }
  }
  return out;
}
