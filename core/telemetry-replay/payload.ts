/**
 * A spool record back into what the car sent: its topic and the protobuf payload, encoded from the decoded-record
 * JSON (fleet-telemetry's transmit_decoded_records form, which core/telemetry-wire reads as well as writes).
 */
import type { TelemetryRecord } from '../messages/live-feed';
import { encodePayload, isVehicleTopic, type VehicleTopic } from '../telemetry-wire';

export type ReplayPayload = { ok: true; topic: VehicleTopic; payload: Uint8Array } | { ok: false; skip: 'connectivity' } | { ok: false; error: string };

export function replayPayload(r: TelemetryRecord): ReplayPayload {
  // The bridge writes connectivity records itself when a car connects or leaves: a car never sends them.
  if (r.txtype === 'connectivity') return { ok: false, skip: 'connectivity' };
  if (!isVehicleTopic(r.txtype)) return { ok: false, error: `unknown topic ${r.txtype}` };
  try {
    return { ok: true, topic: r.txtype, payload: encodePayload(r.txtype, r.record) };
  } catch (err) {
    return { ok: false, error: `its ${r.txtype} record cannot be encoded: ${(err as Error).message}` };
  }
}
