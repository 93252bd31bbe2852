import assert from 'node:assert/strict';
import {
  aggregateSamples,
  ChangeTracker,
  chargingSessions,
  counterRise,
  drives,
  parseTimeBound,
  type Sample,
  type StateChange,
} from '../../../../core/telemetry-history';

const VIN = '5YJ3E1EA8KF000001';
const T0 = Date.parse('2026-12-07T08:00:00.000Z');
const S = 1000;

/** Raw samples of one car's morning: parked, a 20-minute drive, parked, a 45-minute charge, parked. */
function morning(): {
  samples: Sample[];
  raw: {
    driveStart: number;
    driveEnd: number;
    chargeStart: number;
    chargeEnd: number;
    odo: Map<number, number>;
    energy: Map<number, number>;
    soc: Map<number, number>;
    speed: Map<number, number>;
  };
} {
  const samples: Sample[] = [];
  const odo = new Map<number, number>();
  const energy = new Map<number, number>();
  const soc = new Map<number, number>();
  const speed = new Map<number, number>();
  const driveStart = T0 + 300 * S;
  const driveEnd = driveStart + 1200 * S;
  const chargeStart = driveEnd + 600 * S;
  const chargeEnd = chargeStart + 2700 * S;
  let o = 1000;
  let e = 3.2; // the previous session's energy counter, until this session restarts it
  let c = 60;
  // Each sample reports what the car did since the one before (speed and charging of the previous sample).
  let vBefore = 0;
  let chargingBefore = false;
  for (let t = T0; t <= chargeEnd + 300 * S; t += 5 * S) {
    const driving = t >= driveStart && t < driveEnd;
    const charging = t >= chargeStart && t < chargeEnd;
    const v = driving ? 30 + 20 * Math.sin((t - driveStart) / 60_000) : 0;
    o += (vBefore * 5) / 3600;
    if (t === chargeStart) e = 0;
    if (chargingBefore) e += (11 * 5) / 3600;
    c += chargingBefore ? (11 * 5) / 3600 / 0.75 : -(vBefore * 5) / 3600 / 3;
    vBefore = v;
    chargingBefore = charging;
    odo.set(t, o);
    energy.set(t, e);
    soc.set(t, c);
    speed.set(t, v);
    const gear = driving ? 'ShiftStateD' : 'ShiftStateP';
    const dcs = charging ? 'DetailedChargeStateCharging' : t >= chargeEnd ? 'DetailedChargeStateComplete' : 'DetailedChargeStateDisconnected';
    samples.push(
      { vin: VIN, field: 'Odometer', at: t, num: o },
      { vin: VIN, field: 'ACChargingEnergyIn', at: t, num: e },
      { vin: VIN, field: 'Soc', at: t, num: c },
      { vin: VIN, field: 'VehicleSpeed', at: t, num: v },
      { vin: VIN, field: 'Gear', at: t, text: gear },
      { vin: VIN, field: 'DetailedChargeState', at: t, text: dcs },
    );
  }
  return { samples, raw: { driveStart, driveEnd, chargeStart, chargeEnd, odo, energy, soc, speed } };
}

function history(samples: Sample[]): { changes: StateChange[]; buckets: ReturnType<typeof aggregateSamples> } {
  const tracker = new ChangeTracker();
  const changes = samples.map((s) => tracker.observe(s)).filter((c): c is StateChange => c !== undefined);
  return { changes, buckets: aggregateSamples(samples.filter((s) => s.num !== undefined)) };
}

const near = (actual: number | undefined, expected: number, tolerance: number, what: string): void => {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
};

describe('core/telemetry-history: charging sessions and drives from the aggregates', () => {
  const { samples, raw } = morning();
  const h = history(samples);
  const until = Math.max(...samples.map((s) => s.at));

  it('a drive: start and end from the Gear changes, distance and speeds checked against the raw records', () => {
    const [d, ...more] = drives(VIN, { ...h, until });
    assert.equal(more.length, 0);
    assert.equal(d!.start, raw.driveStart);
    assert.equal(d!.end, raw.driveEnd);
    assert.equal(d!.ongoing, false);
    assert.equal(d!.durationS, 1200);
    // The raw distance: the odometer at the end minus at the start. The aggregates count whole minutes, and the car
    // is parked in the minutes around the drive, so they must give the same distance.
    const rawDistance = raw.odo.get(raw.driveEnd)! - raw.odo.get(raw.driveStart)!;
    near(d!.distanceMi, rawDistance, 1e-9, 'distance');
    near(d!.averageSpeedMph, rawDistance / (1200 / 3600), 1e-6, 'average speed');
    const rawMax = Math.max(...[...raw.speed].filter(([t]) => t >= raw.driveStart && t < raw.driveEnd).map(([, v]) => v));
    assert.equal(d!.maxSpeedMph, rawMax);
    near(d!.socFrom, raw.soc.get(Math.floor(raw.driveStart / 60_000) * 60_000)!, 1e-9, 'SoC at the start (the first value of its minute)');
    assert.ok(d!.socTo! < d!.socFrom!, 'driving uses charge');
  });

  it('a charging session: energy added counts the counter from its restart, SoC from → to, average power', () => {
    const [s, ...more] = chargingSessions(VIN, { ...h, until });
    assert.equal(more.length, 0);
    assert.equal(s!.start, raw.chargeStart);
    assert.equal(s!.end, raw.chargeEnd);
    assert.equal(s!.durationS, 2700);
    const rawEnergy = raw.energy.get(raw.chargeEnd)!; // from 0 at the restart
    near(s!.energyAddedKwh, rawEnergy, 1e-9, 'energy added');
    near(s!.energyAddedKwh, (11 * 2700) / 3600, 0.05, 'energy added at 11 kW');
    near(s!.averagePowerKw, 11, 0.1, 'average power');
    assert.ok(s!.socTo! - s!.socFrom! > 10, 'SoC rose');
  });

  it('a session the data ends in is ongoing and ends where the data does', () => {
    const cut = raw.chargeStart + 600 * S;
    const part = history(samples.filter((x) => x.at <= cut));
    const [s] = chargingSessions(VIN, { ...part, until: cut });
    assert.equal(s!.ongoing, true);
    assert.equal(s!.end, cut);
  });

  it('counterRise: a counter that only grows rises by last − first; a restart counts from its low', () => {
    const b = (minute: number, first: number, min: number, last: number) => ({
      vin: VIN,
      field: 'Odometer',
      minute,
      count: 2,
      sum: 0,
      min,
      max: Math.max(first, last),
      first,
      firstAt: minute,
      last,
      lastAt: minute + 59_000,
    });
    assert.equal(counterRise([b(0, 10, 10, 11), b(60_000, 11.5, 11.5, 12)]), 2);
    assert.equal(counterRise([b(0, 8, 0, 2)]), 2);
    assert.equal(counterRise([]), undefined);
  });

  it('parseTimeBound: spans back from now and ISO times; anything else names the forms', () => {
    assert.equal(parseTimeBound('2h', T0, '--since'), T0 - 7_200_000);
    assert.equal(parseTimeBound('90s', T0, '--since'), T0 - 90_000);
    assert.equal(parseTimeBound('2026-12-07T10:00:00Z', T0, '--since'), Date.parse('2026-12-07T10:00:00Z'));
    assert.throws(() => parseTimeBound('yesterday', T0, '--since'), /--since 'yesterday' is neither .*2h.*ISO 8601/);
  });
});
