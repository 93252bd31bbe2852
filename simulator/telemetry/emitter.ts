import type { DatumJson, ValueJson } from '../../core/telemetry-wire';
import type { FieldRule } from './field-rules';

/** One field's current value as the car sees it: the wire value plus what change detection compares. */
export interface Sample {
  value: ValueJson;
  /** Numeric reading (for minimum_delta). */
  num?: number;
  /** Position (minimum_delta in meters). */
  loc?: { latitude: number; longitude: number };
  /** Equality key for non-numeric values. */
  key: string;
}

interface Sent {
  at: number;
  sample: Sample;
}

/** Great-circle distance in meters. */
export function metersBetween(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function changed(prev: Sample, next: Sample, delta: number | undefined): boolean {
  if (prev.loc && next.loc) {
    const d = metersBetween(prev.loc, next.loc);
    return delta !== undefined ? d >= delta : d > 0;
  }
  if (prev.num !== undefined && next.num !== undefined) {
    const d = Math.abs(next.num - prev.num);
    return delta !== undefined ? d >= delta : d > 0;
  }
  return prev.key !== next.key;
}

/**
 * The car's per-field emission logic (fleet-telemetry "System Behavior"): a field goes out when its
 * `interval_seconds` has elapsed since it was last sent AND its value changed (by at least `minimum_delta`
 * where given), or when `resend_interval_seconds` has elapsed whatever the value. Called once per 500 ms bucket.
 */
export class FieldEmitter {
  private readonly last = new Map<string, Sent>();

  constructor(private readonly rules: ReadonlyMap<string, FieldRule>) {}

  /** The data to send for this bucket (possibly empty); records them as sent at `now`. */
  select(now: number, samples: ReadonlyMap<string, Sample>): DatumJson[] {
    const out: DatumJson[] = [];
    for (const [field, rule] of this.rules) {
      const sample = samples.get(field);
      if (!sample) continue;
      const prev = this.last.get(field);
      let emit = false;
      if (!prev) emit = true;
      else {
        const elapsed = now - prev.at;
        if (elapsed >= rule.intervalMs && changed(prev.sample, sample, rule.minimumDelta)) emit = true;
        else if (rule.resendIntervalMs !== undefined && elapsed >= rule.resendIntervalMs) emit = true;
      }
      if (!emit) continue;
      this.last.set(field, { at: now, sample });
      out.push({ key: field, value: sample.value });
    }
    return out;
  }

  /** Forget what was sent (a new config): every field goes out again in the next bucket. */
  reset(): void {
    this.last.clear();
  }
}
