/**
 * The MQTT messages of one record, as fleet-telemetry's MQTT dispatcher publishes them
 * (/work/tesla/fleet-telemetry/datastore/mqtt/mqtt_payload.go and its README.md): one message per V field at
 * `<topic_base>/<VIN>/v/<Field>` holding the JSON value; per alert name its latest state at `.../alerts/<name>/current`
 * and every occurrence at `.../alerts/<name>/history`; one message per error at `.../errors/<name>`; one at
 * `.../connectivity`. Fleetkit's own alert records (fleet-telemetry has none) are one message at
 * `.../fleetkit_alerts/<rule>` holding the Alert's JSON. Pure: built from the decoded, transformed record message.
 */
import protobuf from 'protobufjs/light';
import { FIELD_ENUM, TYPES } from '../../core/telemetry-wire/payload/schema';
import type { DispatchTopic } from './types';
import { float32, float64, goJson, integer, type GoValue } from './go-json';

type Msg = Record<string, unknown>;

export interface MqttMessage {
  topic: string;
  payload: Buffer;
}

const VALUE_MEMBERS = TYPES.Value.oneofsArray[0].fieldsArray;

// The members getDatumValue (mqtt_payload.go) turns into their enum's String(): an unknown number becomes its digits
// as a JSON string. Other enum members go through getProtoValue, which gives an unknown number as a JSON number.
const STRING_ENUMS = new Set([
  'shift_state_value',
  'lane_assist_level_value',
  'scheduled_charging_mode_value',
  'sentry_mode_state_value',
  'speed_assist_level_value',
  'bms_state_value',
  'buckle_status_value',
  'car_type_value',
  'charge_port_value',
  'charge_port_latch_value',
  'drive_inverter_state_value',
  'hvil_status_value',
  'window_state_value',
  'seat_fold_position_value',
  'tractor_air_status_value',
  'follow_distance_value',
  'forward_collision_sensitivity_value',
  'guest_mode_mobile_access_value',
  'trailer_air_status_value',
  'detailed_charge_state_value',
  'sunroof_installed_state_value',
  'turn_signal_state_value',
  'media_status_value',
]);

function has(m: Msg, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(m, name) && m[name] !== null && m[name] !== undefined;
}

function enumName(e: protobuf.Enum, n: number): string | undefined {
  return e.valuesById[n];
}

/** A scalar or message field's value as getProtoValue (mqtt_payload.go) renders it. */
function protoValue(field: protobuf.Field, v: unknown): GoValue {
  const t = field.resolvedType;
  if (t instanceof protobuf.Enum) return enumName(t, v as number) ?? integer(v as number);
  if (t instanceof protobuf.Type) return protoMessage(t, v as Msg);
  switch (field.type) {
    case 'bool':
      return v as boolean;
    case 'string':
      return v as string;
    case 'float':
    case 'double':
      return float64(v as number);
    default:
      return integer(v as number);
  }
}

/** getProtoValue on a message: its populated fields by proto name (proto3 zero scalars are not populated). */
function protoMessage(type: protobuf.Type, m: Msg): GoValue {
  const out: Record<string, GoValue> = {};
  for (const f of type.fieldsArray) {
    const v = m[f.name];
    if (v === null || v === undefined) continue;
    if (!f.partOf && !(f.resolvedType instanceof protobuf.Type) && isZero(v)) continue;
    out[f.name] = protoValue(f, v);
  }
  return out;
}

function isZero(v: unknown): boolean {
  if (v === 0 || v === '' || v === false) return true;
  if (typeof v === 'object' && v !== null && 'isZero' in v) return (v as { isZero(): boolean }).isZero();
  return false;
}

/** getDatumValue (mqtt_payload.go): the Go value a datum's Value becomes. */
export function datumValue(value: Msg | null): GoValue {
  if (!value) return null;
  const member = VALUE_MEMBERS.find((f) => has(value, f.name));
  if (!member) return {}; // getProtoValue of a Value with no member set: an empty map
  const v = value[member.name];
  switch (member.name) {
    case 'string_value':
      return v as string;
    case 'location_value': {
      const loc = v as Msg;
      return { latitude: float64(loc.latitude as number), longitude: float64(loc.longitude as number) };
    }
    case 'float_value':
      return float32(v as number);
    case 'int_value':
    case 'long_value':
      return integer(v as number);
    case 'double_value':
      return float64(v as number);
    case 'boolean_value':
      return v as boolean;
    case 'invalid':
      return null;
    case 'door_value': {
      const d = v as Msg;
      const keys = ['DriverFront', 'PassengerFront', 'DriverRear', 'PassengerRear', 'TrunkFront', 'TrunkRear'];
      return Object.fromEntries(keys.map((k) => [k, Boolean(d[k])]));
    }
    case 'time_value': {
      const t = v as Msg;
      const two = (n: unknown): string => String(n).padStart(2, '0');
      return `${two(t.hour)}:${two(t.minute)}:${two(t.second)}`;
    }
  }
  if (STRING_ENUMS.has(member.name)) return enumName(member.resolvedType as protobuf.Enum, v as number) ?? String(v);
  return protoValue(member, v);
}

interface Timestamp {
  seconds: number | { toNumber(): number };
  nanos?: number;
}

function seconds(ts: Timestamp): number {
  return typeof ts.seconds === 'number' ? ts.seconds : ts.seconds.toNumber();
}

/** time.Time.Format(time.RFC3339) of a protobuf timestamp (UTC, whole seconds); a missing one is the Unix epoch. */
export function rfc3339(ts: Timestamp | null | undefined): string {
  const s = ts ? seconds(ts) : 0;
  return new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function after(a: Timestamp, b: Timestamp): boolean {
  const d = seconds(a) - seconds(b);
  return d > 0 || (d === 0 && (a.nanos ?? 0) > (b.nanos ?? 0));
}

const AUDIENCE = TYPES.VehicleAlerts.lookupEnum('Audience');
const CONNECTIVITY_EVENT = TYPES.VehicleConnectivity.lookupEnum('ConnectivityEvent');

function alertMap(a: Msg): GoValue {
  const out: Record<string, GoValue> = {};
  if (a.started_at) out.StartedAt = rfc3339(a.started_at as Timestamp);
  if (a.ended_at) out.EndedAt = rfc3339(a.ended_at as Timestamp);
  const audiences = a.audiences as number[];
  out.Audiences = audiences.length ? audiences.map((n) => enumName(AUDIENCE, n) ?? String(n)) : null;
  return out;
}

function message(topic: string, value: GoValue): MqttMessage {
  return { topic, payload: Buffer.from(goJson(value)) };
}

/**
 * A rule name as one topic level: `/` would add levels and `+` `#` are wildcards a broker refuses in a publish topic,
 * so those (and `%`, to keep it reversible) are percent-encoded; decodeURIComponent gives the name back.
 */
export function topicLevel(name: string): string {
  // eslint-disable-next-line no-control-regex -- U+0000 is not allowed in an MQTT topic
  return name.replace(/[%/+#\u0000]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Every MQTT message of a record. Throws GoJsonError where json.Marshal would fail (a NaN or infinite number). */
export function mqttMessages(topicBase: string, txtype: DispatchTopic, vin: string, m: Msg): MqttMessage[] {
  const base = `${topicBase}/${vin}`;
  switch (txtype) {
    case 'V': {
      // payloadToMap: one entry per field name, the last datum of a name wins.
      const fields = new Map<string, GoValue>();
      for (const d of m.data as Msg[]) {
        const key = d.key as number;
        fields.set(FIELD_ENUM.valuesById[key] ?? String(key), datumValue(d.value as Msg | null));
      }
      return [...fields].map(([field, value]) => message(`${base}/v/${field}`, value));
    }
    case 'alerts': {
      const history = new Map<string, Msg[]>();
      const current = new Map<string, Msg>();
      for (const a of m.alerts as Msg[]) {
        const name = a.name as string;
        history.set(name, [...(history.get(name) ?? []), a]);
        if (!a.started_at) continue; // alerts without a start time cannot be current
        const seen = current.get(name);
        if (!seen || after(a.started_at as Timestamp, seen.started_at as Timestamp)) current.set(name, a);
      }
      return [
        ...[...current].map(([name, a]) => message(`${base}/alerts/${name}/current`, alertMap(a))),
        ...[...history].map(([name, list]) => message(`${base}/alerts/${name}/history`, list.map(alertMap))),
      ];
    }
    case 'errors':
      return (m.errors as Msg[]).map((e) => {
        const tags = e.tags as Record<string, string>;
        const value: Record<string, GoValue> = { Body: e.body as string, Tags: Object.keys(tags).length ? { ...tags } : null };
        if (e.created_at) value.CreatedAt = rfc3339(e.created_at as Timestamp);
        return message(`${base}/errors/${e.name as string}`, value);
      });
    case 'connectivity':
      return [
        message(`${base}/connectivity`, {
          ConnectionId: m.connection_id as string,
          Status: enumName(CONNECTIVITY_EVENT, m.status as number) ?? String(m.status),
          CreatedAt: rfc3339(m.created_at as Timestamp | null),
        }),
      ];
    case 'fleetkit_alerts':
      // The Alert (core/alerts/alert.ts) as JSON, the same bytes as the spool line's `record` and the webhook's body.
      return [{ topic: `${base}/fleetkit_alerts/${topicLevel(m.rule as string)}`, payload: Buffer.from(JSON.stringify(m)) }];
  }
}
