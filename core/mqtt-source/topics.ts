/**
 * fleet-telemetry's MQTT topic layout (its datastore/mqtt/README.md and mqtt_payload.go), read back:
 * `<topic_base>/<VIN>/v/<Field>`, `<topic_base>/<VIN>/alerts/<name>/current|history`, `<topic_base>/<VIN>/errors/<name>`,
 * `<topic_base>/<VIN>/connectivity`.
 */
export type MqttTopic =
  | { kind: 'field'; vin: string; field: string }
  | { kind: 'alert'; vin: string; name: string; part: 'current' | 'history' }
  | { kind: 'error'; vin: string; name: string }
  | { kind: 'connectivity'; vin: string };

/** The subscription that covers every topic of the layout under `topicBase`. */
export function subscriptionFor(topicBase: string): string {
  return `${topicBase}/#`;
}

/** A topic base as fleet-telemetry's `topic_base`: non-empty, no wildcards, no leading or trailing slash. */
export function topicBaseProblem(topicBase: string): string | undefined {
  if (!topicBase) return 'the topic base is empty: give the "topic_base" of the fleet-telemetry mqtt config (e.g. telemetry)';
  if (/[+#]/.test(topicBase)) return `the topic base "${topicBase}" holds an MQTT wildcard (+ or #): give the topic_base itself`;
  if (topicBase.startsWith('/') || topicBase.endsWith('/')) return `the topic base "${topicBase}" starts or ends with "/": drop it`;
  return undefined;
}

/** Reads a topic of the layout; undefined for anything else under the base (or outside it). */
export function parseMqttTopic(topicBase: string, topic: string): MqttTopic | undefined {
  const prefix = `${topicBase}/`;
  if (!topic.startsWith(prefix)) return undefined;
  const parts = topic.slice(prefix.length).split('/');
  const [vin, kind] = parts;
  if (!vin) return undefined;
  if (kind === 'v' && parts.length === 3 && parts[2]) return { kind: 'field', vin, field: parts[2] };
  if (kind === 'connectivity' && parts.length === 2) return { kind: 'connectivity', vin };
  if (kind === 'errors' && parts.length >= 3) return { kind: 'error', vin, name: parts.slice(2).join('/') };
  if (kind === 'alerts' && parts.length >= 4) {
    const part = parts[parts.length - 1];
    if (part === 'current' || part === 'history') return { kind: 'alert', vin, name: parts.slice(2, -1).join('/'), part };
  }
  return undefined;
}
