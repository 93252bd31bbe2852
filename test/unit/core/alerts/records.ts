/** Records for the alert tests, in the bridge's record shape (core/messages/live-feed.ts). */
import type { TelemetryRecord } from '../../../../core/messages/live-feed';

export const VIN = '5YJ3E1EA7JF000001';
export const VIN2 = '5YJ3E1EA7JF000002';
export const T0 = Date.parse('2026-12-07T10:00:00.000Z');

let seq = 0;

/** A V record at `t0 + seconds` with the given values (typed: numbers as doubleValue, strings as the enum's oneof). */
export function v(seconds: number, data: Record<string, unknown>, vin = VIN): TelemetryRecord {
  const createdAt = new Date(T0 + seconds * 1000).toISOString();
  return {
    txtype: 'V',
    vin,
    txid: `tx-${++seq}`,
    received_at: T0 + seconds * 1000 + 50,
    connection_id: 'c1',
    device_client_version: '1.2.0',
    message_id: `m-${seq}`,
    seq,
    record: {
      data: Object.entries(data).map(([key, value]) => ({
        key,
        value:
          typeof value === 'number'
            ? { doubleValue: value }
            : typeof value === 'boolean'
              ? { booleanValue: value }
              : typeof value === 'string'
                ? { stringValue: value }
                : (value as Record<string, unknown>),
      })),
      createdAt,
      vin,
      isResend: false,
    },
  };
}

/** A connectivity record the bridge generates. */
export function conn(seconds: number, status: 'CONNECTED' | 'DISCONNECTED', vin = VIN): TelemetryRecord {
  const createdAt = new Date(T0 + seconds * 1000).toISOString();
  return {
    txtype: 'connectivity',
    vin,
    txid: '',
    received_at: T0 + seconds * 1000,
    connection_id: 'c1',
    device_client_version: '1.2.0',
    message_id: '',
    seq: ++seq,
    record: { vin, connectionId: 'c1', status, createdAt, networkInterface: 'wifi' },
  };
}

export const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();
