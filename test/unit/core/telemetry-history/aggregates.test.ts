import assert from 'node:assert/strict';
import {
  aggregateSamples,
  bucketAvg,
  ChangeTracker,
  MinuteAggregator,
  mergeBuckets,
  recordSamples,
  rollupBuckets,
  type Sample,
} from '../../../../core/telemetry-history';

const VIN = '5YJ3E1EA8KF000001';
const T0 = Date.parse('2026-12-07T10:00:00.000Z');

/** A V record as the bridge writes it (telemetry-bridge/README.md "Record shape"). */
function vRecord(at: number, data: Array<{ key: string; value: Record<string, unknown> }>) {
  return { txtype: 'V', vin: VIN, record: { data, createdAt: new Date(at).toISOString(), vin: VIN, isResend: false } };
}

/** A seeded pseudo-random sequence (deterministic test data). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('core/telemetry-history: samples and per-minute aggregates', () => {
  it('reads numbers (typed, and numeric strings of number fields) and states from a V record, at its createdAt', () => {
    const s = recordSamples(
      vRecord(T0 + 1500, [
        { key: 'Soc', value: { doubleValue: 80.5 } },
        { key: 'Odometer', value: { stringValue: '1234.5' } },
        { key: 'ChargeLimitSoc', value: { intValue: 90 } },
        { key: 'Gear', value: { shiftStateValue: 'ShiftStateD' } },
        { key: 'Locked', value: { booleanValue: true } },
        { key: 'VehicleName', value: { stringValue: '42' } },
        { key: 'Location', value: { locationValue: { latitude: 37.4, longitude: -122.1 } } },
        { key: 'PackVoltage', value: { invalid: true } },
      ]),
    );
    assert.deepEqual(
      s.map((x) => [x.field, x.num ?? x.text, x.at]),
      [
        ['Soc', 80.5, T0 + 1500],
        ['Odometer', 1234.5, T0 + 1500],
        ['ChargeLimitSoc', 90, T0 + 1500],
        ['Gear', 'ShiftStateD', T0 + 1500],
        ['Locked', 'true', T0 + 1500],
        // VehicleName is a string in the catalogue: a numeric-looking name stays text.
        ['VehicleName', '42', T0 + 1500],
        ['Location', '37.4,-122.1', T0 + 1500],
      ],
    );
    assert.deepEqual(recordSamples({ txtype: 'connectivity', vin: VIN, record: { status: 'CONNECTED', createdAt: new Date(T0).toISOString() } }), []);
  });

  it('per-minute min/max/avg/last/count equal what the raw records of each minute give, in any arrival order', () => {
    const r = rng(7);
    const raws: Array<{ at: number; soc: number; speed: number }> = [];
    for (let i = 0; i < 600; i++) raws.push({ at: T0 + i * 1000 + Math.floor(r() * 900), soc: 80 - i * 0.01 + r(), speed: r() * 70 });
    const records = raws.map((x) =>
      vRecord(x.at, [
        { key: 'Soc', value: { doubleValue: x.soc } },
        { key: 'VehicleSpeed', value: { stringValue: String(x.speed) } },
      ]),
    );
    // Late (buffered) uploads: shuffle a third of the records out of order.
    const shuffled = [...records];
    for (let i = 0; i < 200; i++) {
      const a = Math.floor(r() * shuffled.length);
      const b = Math.floor(r() * shuffled.length);
      [shuffled[a], shuffled[b]] = [shuffled[b]!, shuffled[a]!];
    }
    const agg = new MinuteAggregator();
    for (const rec of shuffled) for (const s of recordSamples(rec)) agg.add(s);
    const buckets = agg.take();
    assert.equal(buckets.length, 20, '10 minutes × 2 fields');
    for (const b of buckets) {
      const inMinute = raws.filter((x) => x.at >= b.minute && x.at < b.minute + 60_000);
      const values = inMinute.map((x) => (b.field === 'Soc' ? x.soc : x.speed));
      assert.equal(b.count, values.length);
      assert.equal(b.min, Math.min(...values));
      assert.equal(b.max, Math.max(...values));
      assert.ok(Math.abs(bucketAvg(b) - values.reduce((a, v) => a + v, 0) / values.length) < 1e-9);
      const newest = inMinute.reduce((a, x) => (x.at > a.at ? x : a));
      const oldest = inMinute.reduce((a, x) => (x.at < a.at ? x : a));
      assert.equal(b.last, b.field === 'Soc' ? newest.soc : newest.speed, 'last is the newest by record time, not by arrival');
      assert.equal(b.first, b.field === 'Soc' ? oldest.soc : oldest.speed);
    }
  });

  it('merging the buckets of two batches gives the buckets of both at once (the store merges the same way)', () => {
    const samples: Sample[] = [];
    for (let i = 0; i < 300; i++) samples.push({ vin: VIN, field: 'PackVoltage', at: T0 + i * 700, num: 390 + Math.sin(i) * 5 });
    const whole = aggregateSamples(samples);
    const a = aggregateSamples(samples.filter((_, i) => i % 3 === 0));
    const b = aggregateSamples(samples.filter((_, i) => i % 3 !== 0));
    const merged = a.map((x) => {
      const y = b.find((z) => z.minute === x.minute);
      return y ? mergeBuckets(x, y) : x;
    });
    assert.equal(merged.length, whole.length);
    for (let i = 0; i < whole.length; i++) {
      const w = whole[i]!;
      const m = merged[i]!;
      assert.deepEqual({ ...m, sum: 0 }, { ...w, sum: 0 });
      assert.ok(Math.abs(m.sum - w.sum) < 1e-9);
    }
  });

  it('rolls minutes up into wider steps without losing min, max, count or the last value', () => {
    const samples: Sample[] = [];
    for (let i = 0; i < 3600; i += 10) samples.push({ vin: VIN, field: 'Soc', at: T0 + i * 1000, num: 50 + (i % 7) });
    const minutes = aggregateSamples(samples);
    const tens = rollupBuckets(minutes, 10 * 60_000);
    assert.equal(tens.length, 6);
    assert.equal(
      tens.reduce((a, b) => a + b.count, 0),
      samples.length,
    );
    assert.equal(tens[5]!.last, samples[samples.length - 1]!.num);
    assert.equal(Math.max(...tens.map((b) => b.max)), 56);
  });

  it('records a state only when it changes, and not for a late sample older than the newest seen', () => {
    const t = new ChangeTracker();
    const gear = (at: number, v: string): Sample => ({ vin: VIN, field: 'Gear', at, text: v });
    const seen = [
      gear(T0, 'ShiftStateP'),
      gear(T0 + 1000, 'ShiftStateP'),
      gear(T0 + 2000, 'ShiftStateD'),
      gear(T0 + 1500, 'ShiftStateR'),
      gear(T0 + 3000, 'ShiftStateD'),
      gear(T0 + 4000, 'ShiftStateP'),
    ]
      .map((s) => t.observe(s))
      .filter((c) => c !== undefined)
      .map((c) => [c.at - T0, c.value]);
    assert.deepEqual(seen, [
      [0, 'ShiftStateP'],
      [2000, 'ShiftStateD'],
      [4000, 'ShiftStateP'],
    ]);
    const restarted = new ChangeTracker();
    restarted.seed(VIN, 'Gear', T0 + 4000, 'ShiftStateP');
    assert.equal(restarted.observe(gear(T0 + 5000, 'ShiftStateP')), undefined, 'a restart does not record the same state again');
  });
});
