import { strict as assert } from 'node:assert';
import {
  dispatch,
  nextBatteryKwh,
  powers,
  solarKw,
  type Flows,
  type SiteConditions,
  type SiteHardware,
  type SiteSettings,
} from '../../../../simulator/energy/physics';

const HW: SiteHardware = { solarPeakKw: 8, batteryKwh: 27, batteryKw: 10, homeBaseKw: 1.2, wallConnectorKw: 7.68, seed: 7 };
const SETTINGS: SiteSettings = {
  mode: 'self_consumption',
  backupReservePercent: 20,
  stormModeEnabled: true,
  exportRule: 'pv_only',
  disallowChargeFromGridWithSolar: true,
  offGridVehicleChargingReservePercent: 0,
};
const STEP_H = 1 / 60;

interface Step {
  hour: number;
  day: number;
  kwhBefore: number;
  kwhAfter: number;
  f: Flows;
  p: ReturnType<typeof powers>;
}

/** Runs the dispatcher minute by minute for `days`, as the simulated site does. */
function run(opts: { settings?: Partial<SiteSettings>; hw?: Partial<SiteHardware>; cond?: Partial<SiteConditions>; days?: number; startKwh?: number }): Step[] {
  const hw = { ...HW, ...opts.hw };
  const settings = { ...SETTINGS, ...opts.settings };
  let kwh = opts.startKwh ?? hw.batteryKwh / 2;
  const steps: Step[] = [];
  for (let i = 0; i < (opts.days ?? 2) * 24 * 60; i++) {
    const cond: SiteConditions = { localDay: 20000 + Math.floor(i / 1440), localHour: (i % 1440) / 60, outage: false, stormWatch: false, ...opts.cond };
    const f = dispatch(hw, settings, cond, kwh, STEP_H);
    const after = nextBatteryKwh(hw, kwh, f, STEP_H);
    steps.push({ hour: cond.localHour, day: cond.localDay, kwhBefore: kwh, kwhAfter: after, f, p: powers(f) });
    kwh = after;
  }
  return steps;
}

const near = (a: number, b: number, eps = 1e-9): boolean => Math.abs(a - b) <= eps;

describe('simulator energy physics', () => {
  it('balances energy at every step in every mode, export rule and grid state: solar + battery + grid = home', () => {
    for (const mode of ['self_consumption', 'autonomous', 'backup'] as const) {
      for (const exportRule of ['pv_only', 'battery_ok', 'never'] as const) {
        for (const outage of [false, true]) {
          for (const s of run({ settings: { mode, exportRule }, cond: { outage } })) {
            // Tesla's live_status signs: battery_power > 0 discharging, grid_power > 0 importing.
            if (!near(s.p.solar + s.p.battery + s.p.grid, s.p.load)) assert.fail(`${mode}/${exportRule}/outage=${outage} at ${s.hour}: ${JSON.stringify(s.p)}`);
            // Midday form of the same identity: solar = home + battery charge + export.
            const charge = s.f.solarToBattery;
            assert.ok(near(s.p.solar, s.f.solarToHome + charge + s.f.solarToGrid));
            if (Object.values(s.f).some((v) => v < -1e-12)) assert.fail(`negative flow: ${JSON.stringify(s.f)}`);
            assert.ok(s.kwhAfter >= 0 && s.kwhAfter <= HW.batteryKwh + 1e-9);
            assert.ok(Math.abs(s.p.battery) <= HW.batteryKw + 1e-9, 'battery within its power rating');
          }
        }
      }
    }
  });

  it('makes no solar at night and most around midday', () => {
    for (let day = 20000; day < 20010; day++) {
      assert.equal(solarKw(HW, day, 2), 0);
      assert.equal(solarKw(HW, day, 22), 0);
      assert.ok(solarKw(HW, day, 12.5) > solarKw(HW, day, 8), `day ${day}`);
      assert.ok(solarKw(HW, day, 12.5) <= HW.solarPeakKw);
    }
    // Clouds come from the seed: the same seed gives the same sky, another seed another one.
    assert.equal(solarKw(HW, 20001, 11), solarKw({ ...HW }, 20001, 11));
    assert.notEqual(solarKw(HW, 20001, 11), solarKw({ ...HW, seed: 8 }, 20001, 11));
  });

  it('in self-consumption charges from excess solar, covers the home from the battery, never below the backup reserve', () => {
    const steps = run({ settings: { backupReservePercent: 40 }, days: 3 });
    const reserveKwh = HW.batteryKwh * 0.4;
    assert.ok(
      steps.some((s) => s.f.solarToBattery > 0),
      'charges from solar',
    );
    assert.ok(
      steps.some((s) => s.f.batteryToHome > 0),
      'discharges into the home',
    );
    for (const s of steps) {
      if (s.kwhBefore >= reserveKwh && s.kwhAfter < reserveKwh - 1e-9) assert.fail(`below reserve at ${s.hour}`);
      if (s.f.batteryToHome > 0) assert.ok(s.f.gridToHome === 0 || s.kwhAfter <= reserveKwh + 1e-6 || s.f.batteryToHome >= HW.batteryKw - 1e-9);
      assert.equal(s.f.batteryToGrid, 0, 'self-consumption never exports the battery');
      assert.equal(s.f.gridToBattery, 0, 'nor charges it from the grid');
    }
    // At the reserve the grid takes over.
    assert.ok(steps.some((s) => near(s.kwhBefore, reserveKwh, 1e-6) && s.f.gridToHome > 0));
  });

  it('exports solar only when the export rule allows it', () => {
    assert.ok(run({ settings: { exportRule: 'pv_only' }, startKwh: HW.batteryKwh }).some((s) => s.f.solarToGrid > 0));
    for (const s of run({ settings: { exportRule: 'never' }, startKwh: HW.batteryKwh })) assert.equal(s.p.grid < 0, false, 'never exports');
  });

  it('in time-based control sells the battery on-peak only with battery_ok', () => {
    const sells = run({ settings: { mode: 'autonomous', exportRule: 'battery_ok' }, startKwh: HW.batteryKwh });
    assert.ok(sells.some((s) => s.f.batteryToGrid > 0 && s.hour >= 16 && s.hour < 21));
    assert.ok(sells.every((s) => s.f.batteryToGrid === 0 || (s.hour >= 16 && s.hour < 21)));
    assert.ok(run({ settings: { mode: 'autonomous', exportRule: 'pv_only' }, startKwh: HW.batteryKwh }).every((s) => s.f.batteryToGrid === 0));
  });

  it('in Storm Watch (and backup-only) fills the battery, from the grid too, and holds it full', () => {
    for (const steps of [run({ cond: { stormWatch: true }, startKwh: 5 }), run({ settings: { mode: 'backup' }, startKwh: 5 })]) {
      for (const s of steps) assert.ok(s.p.battery <= 1e-12, 'never discharges on grid');
      assert.ok(
        steps.some((s) => s.f.gridToBattery > 0),
        'charges from the grid',
      );
      assert.ok(near(steps[steps.length - 1].kwhAfter, HW.batteryKwh), 'ends full');
    }
    // Without the setting a storm watch changes nothing.
    const off = run({ settings: { stormModeEnabled: false }, cond: { stormWatch: true } });
    const normal = run({});
    assert.deepEqual(
      off.map((s) => s.kwhAfter),
      normal.map((s) => s.kwhAfter),
    );
  });

  it('in an outage islands the home: no grid, the battery runs below the reserve, load is shed only when it is empty', () => {
    const steps = run({ cond: { outage: true }, startKwh: 8, settings: { backupReservePercent: 50 }, days: 3 });
    for (const s of steps) {
      assert.equal(s.p.grid, 0);
      if (s.f.shedKw > 0) assert.ok(s.kwhBefore * 60 < s.f.batteryToHome + s.f.shedKw + 1e-9 || s.f.batteryToHome >= HW.batteryKw - 1e-9);
    }
    assert.ok(
      steps.some((s) => s.kwhAfter < HW.batteryKwh * 0.5 - 1),
      'goes below the reserve',
    );
    assert.ok(
      steps.some((s) => s.f.shedKw > 0),
      'a small battery through the night cannot carry the car charger too',
    );
  });
});
