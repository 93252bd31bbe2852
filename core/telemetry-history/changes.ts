/**
 * Every change of a state field (enum, boolean, string, location) per VIN: the first value seen and then each value
 * that differs from the one before. A sample older than the newest one already seen for its field (a late,
 * buffered upload) is not a change: the state it reports has already been superseded.
 */
import type { Sample } from './samples';

export interface StateChange {
  vin: string;
  field: string;
  /** Epoch ms, the record's createdAt. */
  at: number;
  value: string;
}

/** Remembers the newest value per VIN and field; bounded by the number of VINs × state fields. */
export class ChangeTracker {
  private readonly latest = new Map<string, { at: number; value: string }>();

  /** Seeds the newest known value (e.g. from the store after a restart), so it is not recorded again. */
  seed(vin: string, field: string, at: number, value: string): void {
    this.latest.set(`${vin}\u0000${field}`, { at, value });
  }

  /** The change this sample makes, or undefined. */
  observe(s: Sample): StateChange | undefined {
    if (s.text === undefined) return undefined;
    const key = `${s.vin}\u0000${s.field}`;
    const prev = this.latest.get(key);
    if (prev && s.at < prev.at) return undefined;
    if (prev && prev.value === s.text) {
      prev.at = s.at;
      return undefined;
    }
    this.latest.set(key, { at: s.at, value: s.text });
    return { vin: s.vin, field: s.field, at: s.at, value: s.text };
  }
}
