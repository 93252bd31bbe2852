/**
 * One MQTT message of fleet-telemetry's layout → one record in the shape of the bridge's (core/messages/live-feed.ts
 * TelemetryRecord's txtype, vin, received_at and record), so the Live Telemetry panel shows it as it shows the bridge's.
 * Payloads per datastore/mqtt/mqtt_payload.go: a field's JSON value; alerts {StartedAt, EndedAt, Audiences} (the
 * history topic: every alert of that name in the vehicle's message; `current` repeats the latest of them and is not
 * read); errors {Body, Tags, CreatedAt}; connectivity {ConnectionId, Status, CreatedAt}. The MQTT layout carries no
 * record time for fields and alerts: those take the time the message arrived.
 */
import type { TelemetryRecord } from '../messages/live-feed';
import { parseMqttTopic } from './topics';
import { valueFromMqtt } from './values';

export type MqttRecord = Pick<TelemetryRecord, 'txtype' | 'vin' | 'received_at' | 'record'>;

export type MqttMapped = { ok: true; record: MqttRecord } | { ok: false; ignored: string } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function alertOf(name: string, a: Record<string, unknown>): Record<string, unknown> {
  return {
    name,
    audiences: Array.isArray(a.Audiences) ? a.Audiences.map(String) : [],
    startedAt: typeof a.StartedAt === 'string' ? a.StartedAt : null,
    endedAt: typeof a.EndedAt === 'string' ? a.EndedAt : null,
  };
}

export function mqttMessageToRecord(topicBase: string, topic: string, payload: Uint8Array | string, receivedAt: number): MqttMapped {
  const t = parseMqttTopic(topicBase, topic);
  if (!t) return { ok: false, ignored: `not a fleet-telemetry topic under ${topicBase}/` };
  if (t.kind === 'alert' && t.part === 'current') return { ok: false, ignored: 'alert current state (its history topic carries the same alert)' };
  const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: `${topic}: the payload is not JSON` };
  }
  const at = new Date(receivedAt).toISOString();
  const rec = (txtype: MqttRecord['txtype'], record: Record<string, unknown>): MqttMapped => ({
    ok: true,
    record: { txtype, vin: t.vin, received_at: receivedAt, record },
  });
  switch (t.kind) {
    case 'field':
      return rec('V', { data: [{ key: t.field, value: valueFromMqtt(t.field, value) }], createdAt: at, vin: t.vin });
    case 'alert': {
      const list = Array.isArray(value) ? value : [value];
      if (!list.every(isObject)) return { ok: false, error: `${topic}: expected alert objects {StartedAt, EndedAt, Audiences}` };
      return rec('alerts', { alerts: list.map((a) => alertOf(t.name, a)), createdAt: at, vin: t.vin });
    }
    case 'error': {
      if (!isObject(value)) return { ok: false, error: `${topic}: expected an error object {Body, Tags, CreatedAt}` };
      const tags = isObject(value.Tags) ? Object.fromEntries(Object.entries(value.Tags).map(([k, v]) => [k, String(v)])) : {};
      const createdAt = typeof value.CreatedAt === 'string' ? value.CreatedAt : at;
      return rec('errors', { errors: [{ createdAt, name: t.name, tags, body: typeof value.Body === 'string' ? value.Body : '' }], createdAt, vin: t.vin });
    }
    case 'connectivity': {
      if (!isObject(value) || typeof value.Status !== 'string') return { ok: false, error: `${topic}: expected {ConnectionId, Status, CreatedAt}` };
      return rec('connectivity', {
        vin: t.vin,
        connectionId: typeof value.ConnectionId === 'string' ? value.ConnectionId : '',
        status: value.Status,
        createdAt: typeof value.CreatedAt === 'string' ? value.CreatedAt : at,
        networkInterface: '',
      });
    }
  }
}
