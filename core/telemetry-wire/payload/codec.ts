/**
 * Topic payloads: protobuf bytes ⇄ the decoded-record JSON. Decoding applies the server-side fixes fleet-telemetry
 * applies (VIN from the certificate, the first Location string → LocationValue, scientific-notation strings
 * rewritten as "%.5f" of their float32, millisecond alert timestamps), so the JSON is what its
 * transmit_decoded_records output holds.
 */
import protobuf from 'protobufjs/light';
import { JsonOut } from './json-out';
import { messageFromJson, PayloadError, writeMessageJson, type TimestampInput } from './protojson';
import { parseLocationText, rewriteScientificNotation } from './record-transforms';
import { FIELD_ENUM, TYPES } from './schema';
import type { RecordTopic, VehicleTopic } from '../topics';

export type { RecordTopic, VehicleTopic };
export const VEHICLE_TOPICS: readonly VehicleTopic[] = ['V', 'alerts', 'errors'];

/** One member of the Value oneof in its JSON name, e.g. `{ stringValue: "x" }` or `{ shiftStateValue: "ShiftStateD" }`. */
export type ValueJson = Record<string, unknown>;

export interface DatumJson {
  /** Field enum name (e.g. "VehicleSpeed") or number. */
  key: string | number;
  value: ValueJson;
}

export interface VehicleDataJson {
  data: DatumJson[];
  createdAt?: TimestampInput | null;
  vin?: string;
  isResend?: boolean;
}

export interface VehicleAlertJson {
  name: string;
  /** Audience names: Customer, Service, ServiceFix. */
  audiences?: string[];
  startedAt?: TimestampInput | null;
  endedAt?: TimestampInput | null;
}

export interface VehicleAlertsJson {
  alerts: VehicleAlertJson[];
  createdAt?: TimestampInput | null;
  vin?: string;
}

export interface VehicleErrorJson {
  createdAt?: TimestampInput | null;
  name: string;
  tags?: Record<string, string>;
  body?: string;
}

export interface VehicleErrorsJson {
  errors: VehicleErrorJson[];
  createdAt?: TimestampInput | null;
  vin?: string;
}

export type ConnectivityStatus = 'CONNECTED' | 'DISCONNECTED';

export interface VehicleConnectivityJson {
  vin: string;
  connectionId: string;
  status: ConnectivityStatus;
  createdAt: TimestampInput;
  networkInterface?: string;
}

const TYPE_OF: Record<RecordTopic, protobuf.Type> = {
  V: TYPES.Payload,
  alerts: TYPES.VehicleAlerts,
  errors: TYPES.VehicleErrors,
  connectivity: TYPES.VehicleConnectivity,
};

function encode(type: protobuf.Type, json: object): Uint8Array {
  return type.encode(messageFromJson(type, json as Record<string, unknown>)).finish();
}

export function encodeVehicleData(input: VehicleDataJson): Uint8Array {
  return encode(TYPES.Payload, input);
}
export function encodeVehicleAlerts(input: VehicleAlertsJson): Uint8Array {
  return encode(TYPES.VehicleAlerts, input);
}
export function encodeVehicleErrors(input: VehicleErrorsJson): Uint8Array {
  return encode(TYPES.VehicleErrors, input);
}
export function encodeVehicleConnectivity(input: VehicleConnectivityJson): Uint8Array {
  return encode(TYPES.VehicleConnectivity, input);
}

export function encodePayload(topic: RecordTopic, json: object): Uint8Array {
  return encode(TYPE_OF[topic], json);
}

const LOCATION_FIELD = FIELD_ENUM.values.Location;

// Alerts whose timestamp "seconds" are this large were sent in milliseconds by buggy firmware.
const MS_THRESHOLD = 315576000000;

type Msg = Record<string, unknown>;
type TimestampMsg = { seconds: unknown; nanos?: number };

function fixMillisTimestamp(ts: TimestampMsg | null | undefined): void {
  if (!ts) return;
  const s = typeof ts.seconds === 'number' ? ts.seconds : Number(String(ts.seconds));
  if (s >= MS_THRESHOLD) {
    ts.seconds = Math.floor(s / 1000);
    ts.nanos = (s % 1000) * 1e6;
  }
}

/** U+FFFD: what the decoder puts where a string's bytes are not UTF-8 (it may also be a real, valid character). */
const REPLACEMENT = '\uFFFD';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A protobuf reader whose strings must be valid UTF-8 (protobufjs's own replaces bad bytes with U+FFFD). */
class StrictUtf8Reader extends protobuf.Reader {
  override string(): string {
    return strictUtf8.decode(this.bytes());
  }
}

/** True when a decoded message (of a cold topic) holds a string with U+FFFD anywhere, map keys included. */
function hasReplacementChar(v: unknown): boolean {
  if (typeof v === 'string') return v.includes(REPLACEMENT);
  if (!v || typeof v !== 'object' || v instanceof Uint8Array) return false;
  if (Array.isArray(v)) return v.some(hasReplacementChar);
  return Object.entries(v).some(([k, x]) => k.includes(REPLACEMENT) || hasReplacementChar(x));
}

/**
 * fleet-telemetry's transforms of a V record (telemetry/record.go applyProtoRecordTransforms): transformLocation on
 * the first Location datum only (it stops there, whatever that datum holds), then transformScientificNotation on
 * every datum's string value. One pass: the Location datum is settled before its own string is looked at. Returns
 * true when a string value holds U+FFFD (the caller then checks the bytes are UTF-8).
 */
function transformVehicleData(m: Msg): boolean {
  const data = m.data as Msg[];
  let locationSeen = false;
  let replacement = false;
  for (let i = 0; i < data.length; i++) {
    const d = data[i];
    const value = d.value as Msg | null;
    // A decoded Value's string_value is '' (from the prototype) unless the string member was on the wire.
    const text = value === null ? '' : (value.string_value as string);
    if (text.length !== 0 && text.indexOf(REPLACEMENT) >= 0) replacement = true;
    if (d.key === LOCATION_FIELD && !locationSeen) {
      locationSeen = true;
      const loc = text ? parseLocationText(text) : undefined;
      if (loc) {
        data[i] = { key: d.key, value: TYPES.Value.create({ location_value: loc }) };
        continue;
      }
    }
    if (text.length < 4) continue;
    const rewritten = rewriteScientificNotation(text);
    if (rewritten !== undefined) (value as Msg).string_value = rewritten;
  }
  return replacement;
}

/**
 * Decodes a vehicle topic's protobuf payload and writes its decoded-record JSON into `out`, with `vin` set from the
 * certificate. Throws PayloadError when the bytes are not a valid message of that topic (`out` may then hold part
 * of a record), including a string field that is not UTF-8: Go's proto.Unmarshal refuses those, so fleet-telemetry
 * answers the message with an error and never dispatches it.
 */
export function writePayloadJson(out: JsonOut, topic: RecordTopic, bytes: Uint8Array, vin: string): void {
  writeMessageJson(out, TYPE_OF[topic], decodeRecordMessage(topic, bytes, vin));
}

/**
 * A vehicle topic's protobuf payload decoded into its protobufjs message with fleet-telemetry's record transforms
 * applied and `vin` set (what writePayloadJson writes as JSON; what encodeRecordMessage re-encodes). Throws
 * PayloadError as writePayloadJson does.
 */
export function decodeRecordMessage(topic: RecordTopic, bytes: Uint8Array, vin: string): Record<string, unknown> {
  const type = TYPE_OF[topic];
  let m: Msg;
  try {
    m = type.decode(bytes) as unknown as Msg;
  } catch (err) {
    throw new PayloadError(`invalid ${topic} payload: ${(err as Error).message}`);
  }
  let suspect = typeof m.vin === 'string' && m.vin.includes(REPLACEMENT);
  m.vin = vin;
  if (topic === 'V') suspect = transformVehicleData(m) || suspect;
  else {
    suspect ||= hasReplacementChar(m);
    if (topic === 'alerts') {
      for (const a of m.alerts as Msg[]) {
        fixMillisTimestamp(a.started_at as TimestampMsg | null);
        fixMillisTimestamp(a.ended_at as TimestampMsg | null);
      }
    }
  }
  if (suspect) {
    try {
      type.decode(new StrictUtf8Reader(bytes));
    } catch {
      throw new PayloadError(`invalid ${topic} payload: a string field is not valid UTF-8`);
    }
  }
  return m;
}

const scratch = new JsonOut();

/** The decoded-record JSON text of a vehicle topic's payload (see writePayloadJson). */
export function decodePayloadJson(topic: RecordTopic, bytes: Uint8Array, vin: string): string {
  scratch.reset();
  writePayloadJson(scratch, topic, bytes, vin);
  return scratch.toString();
}

/** decodePayloadJson, parsed. */
export function decodePayload(topic: RecordTopic, bytes: Uint8Array, vin: string): Record<string, unknown> {
  return JSON.parse(decodePayloadJson(topic, bytes, vin)) as Record<string, unknown>;
}

/** Protobuf-decodes only (no JSON), for measuring the decode ceiling. */
export function decodePayloadMessage(topic: RecordTopic, bytes: Uint8Array): unknown {
  return TYPE_OF[topic].decode(bytes);
}

export function isVehicleTopic(topic: string): topic is VehicleTopic {
  return topic === 'V' || topic === 'alerts' || topic === 'errors';
}
