import assert from 'node:assert/strict';
import { AlertEngine, readRulesFile, type Alert } from '../../../../core/alerts';
import type { TelemetryRecord } from '../../../../core/messages/live-feed';
import { at, conn, T0, v, VIN, VIN2 } from './records';

function engine(rules: object[], options = {}): AlertEngine {
  const file = readRulesFile(JSON.stringify({ rules }));
  assert.deepEqual(file.problems, []);
  return new AlertEngine(file.rules!, options);
}

const feed = (e: AlertEngine, records: TelemetryRecord[]): Alert[] => records.flatMap((r) => e.process(r));
const brief = (alerts: Alert[]): string[] => alerts.map((a) => `${a.rule} ${a.vin.slice(-1)} ${a.at} ${JSON.stringify(a.value)}`);

describe('core/alerts engine', () => {
  describe('threshold with hysteresis', () => {
    const lowSoc = { name: 'low-soc', field: 'Soc', below: 20, clearAbove: 25, severity: 'critical' };

    it('fires once when crossing below, re-arms only above clearAbove, with a sentence in units', () => {
      const e = engine([lowSoc]);
      const alerts = feed(e, [
        v(0, { Soc: 30 }),
        v(1, { Soc: 19.5 }),
        v(2, { Soc: 18 }),
        v(3, { Soc: 24 }),
        v(4, { Soc: 19 }),
        v(5, { Soc: 25 }),
        v(6, { Soc: 25.1 }),
        v(7, { Soc: 19.9 }),
      ]);
      assert.deepEqual(brief(alerts), [`low-soc 1 ${at(1)} 19.5`, `low-soc 1 ${at(7)} 19.9`]);
      assert.deepEqual(alerts[0], {
        rule: 'low-soc',
        vin: VIN,
        at: at(1),
        field: 'Soc',
        value: 19.5,
        severity: 'critical',
        kind: 'threshold',
        message: 'Soc fell below 20 % (19.5 %)',
      });
    });

    it('the edges: exactly at the limit does not fire, exactly at clearAbove does not re-arm', () => {
      const e = engine([lowSoc]);
      assert.deepEqual(brief(feed(e, [v(0, { Soc: 20 }), v(1, { Soc: 19.99 }), v(2, { Soc: 25 }), v(3, { Soc: 10 })])), [`low-soc 1 ${at(1)} 19.99`]);
    });

    it('a first value already under the limit fires (the car starts low)', () => {
      assert.equal(feed(engine([lowSoc]), [v(0, { Soc: 5 })]).length, 1);
    });

    it('above / clearBelow mirror it, and values sent as strings (prefer_typed false) count', () => {
      const e = engine([{ name: 'hot', field: 'ModuleTempMax', above: 50, clearBelow: 45 }]);
      const alerts = feed(e, [
        v(0, { ModuleTempMax: '49' }),
        v(1, { ModuleTempMax: '50.5' }),
        v(2, { ModuleTempMax: 46 }),
        v(3, { ModuleTempMax: 51 }),
        v(4, { ModuleTempMax: 44 }),
        v(5, { ModuleTempMax: 52 }),
      ]);
      assert.deepEqual(brief(alerts), [`hot 1 ${at(1)} 50.5`, `hot 1 ${at(5)} 52`]);
      assert.equal(alerts[0].message, 'ModuleTempMax rose above 50.0 °C (50.5 °C)');
    });

    it('without clearAbove it re-arms once the value is over the limit again', () => {
      const e = engine([{ name: 'low', field: 'Soc', below: 20 }]);
      assert.equal(feed(e, [v(0, { Soc: 19 }), v(1, { Soc: 19 }), v(2, { Soc: 21 }), v(3, { Soc: 19 })]).length, 2);
    });

    it('keeps state per vehicle', () => {
      const e = engine([lowSoc]);
      assert.deepEqual(brief(feed(e, [v(0, { Soc: 19 }), v(1, { Soc: 19 }, VIN2), v(2, { Soc: 18 }), v(3, { Soc: 18 }, VIN2)])), [
        `low-soc 1 ${at(0)} 19`,
        `low-soc 2 ${at(1)} 19`,
      ]);
    });
  });

  describe('delta over a window', () => {
    it('dropBy fires when the value falls that much under its highest value of the window, then starts over', () => {
      const e = engine([{ name: 'soc-drop', field: 'Soc', dropBy: 5, withinSeconds: 300 }]);
      const alerts = feed(e, [v(0, { Soc: 80 }), v(100, { Soc: 78 }), v(200, { Soc: 75.5 }), v(250, { Soc: 75 }), v(260, { Soc: 74 }), v(300, { Soc: 72 })]);
      assert.deepEqual(brief(alerts), [`soc-drop 1 ${at(250)} 75`]);
      assert.equal(alerts[0].message, 'Soc dropped by 5 % in 4 min 10 s (80 % → 75 %)');
    });

    it('a drop spread over longer than withinSeconds does not fire', () => {
      const e = engine([{ name: 'soc-drop', field: 'Soc', dropBy: 5, withinSeconds: 300 }]);
      assert.deepEqual(feed(e, [v(0, { Soc: 80 }), v(200, { Soc: 77 }), v(400, { Soc: 75.5 }), v(600, { Soc: 73 })]), []);
    });

    it('riseBy mirrors it', () => {
      const e = engine([{ name: 'heat', field: 'InsideTemp', riseBy: 10, withinSeconds: 60 }]);
      assert.deepEqual(brief(feed(e, [v(0, { InsideTemp: 30 }), v(30, { InsideTemp: 25 }), v(60, { InsideTemp: 35 }), v(70, { InsideTemp: 36 })])), [
        `heat 1 ${at(60)} 35`,
      ]);
    });
  });

  describe('becomes', () => {
    const charged = { name: 'charged', field: 'DetailedChargeState', becomes: 'DetailedChargeStateComplete' };

    it('fires on a change to the value, not on the first value and not again while it stays', () => {
      const e = engine([charged]);
      const state = (s: number, x: string): TelemetryRecord => v(s, { DetailedChargeState: { detailedChargeStateValue: x } });
      const alerts = feed(e, [
        state(0, 'DetailedChargeStateComplete'),
        state(1, 'DetailedChargeStateComplete'),
        state(2, 'DetailedChargeStateCharging'),
        state(3, 'DetailedChargeStateComplete'),
        state(4, 'DetailedChargeStateComplete'),
      ]);
      assert.deepEqual(brief(alerts), [`charged 1 ${at(3)} "DetailedChargeStateComplete"`]);
      assert.equal(alerts[0].message, 'DetailedChargeState became DetailedChargeStateComplete (was DetailedChargeStateCharging)');
    });

    it('reads an enum sent as a string without its prefix (Gear "D") as the member name', () => {
      const e = engine([{ name: 'drive', field: 'Gear', becomes: 'ShiftStateD' }]);
      assert.equal(feed(e, [v(0, { Gear: 'P' }), v(1, { Gear: 'D' })]).length, 1);
    });

    it('booleans', () => {
      const e = engine([{ name: 'unlocked', field: 'Locked', becomes: false }]);
      assert.deepEqual(brief(feed(e, [v(0, { Locked: true }), v(1, { Locked: 'false' }), v(2, { Locked: false })])), [`unlocked 1 ${at(1)} false`]);
    });
  });

  describe('staleness', () => {
    const noGps = { name: 'no-gps', field: 'Location', staleSeconds: 120, when: { field: 'Gear', in: ['ShiftStateD', 'ShiftStateR'] } };
    const loc = { locationValue: { latitude: 37.4, longitude: -122.1 } };

    it('is judged at later records of the car (any field) and fires once until the field comes back', () => {
      const e = engine([noGps]);
      const alerts = feed(e, [
        v(0, { Gear: 'D', Location: loc }),
        v(60, { Soc: 50 }),
        v(120, { Soc: 50 }),
        v(121, { Soc: 49 }),
        v(200, { Soc: 48 }),
        v(210, { Location: loc }),
        v(300, { Soc: 47 }),
        v(331, { Soc: 47 }),
      ]);
      assert.deepEqual(brief(alerts), [`no-gps 1 ${at(121)} 121`, `no-gps 1 ${at(331)} 121`]);
      assert.equal(alerts[0].message, 'No Location for 2 min 1 s (longer than 2 min)');
      assert.equal(alerts[0].kind, 'stale');
    });

    it('is judged at advance(time) when no record comes, only while `when` holds', () => {
      const e = engine([noGps]);
      feed(e, [v(0, { Gear: 'D', Location: loc }), v(0, { Gear: 'D' }, VIN2)]);
      assert.deepEqual(e.advance(T0 + 100_000), []);
      assert.deepEqual(brief(e.advance(T0 + 150_000)), [`no-gps 1 ${at(150)} 150`, `no-gps 2 ${at(150)} 150`]);
      assert.deepEqual(e.advance(T0 + 400_000), [], 'once');
      const parked = engine([noGps]);
      feed(parked, [v(0, { Gear: 'P', Location: loc })]);
      assert.deepEqual(parked.advance(T0 + 400_000), []);
    });

    it('is not judged while the car is disconnected, and counts again from its reconnection', () => {
      const e = engine([{ name: 'quiet', field: 'Soc', staleSeconds: 60 }]);
      feed(e, [conn(0, 'CONNECTED'), v(1, { Soc: 50 }), conn(10, 'DISCONNECTED')]);
      assert.deepEqual(e.advance(T0 + 500_000), []);
      assert.deepEqual(e.process(conn(600, 'CONNECTED')), []);
      assert.deepEqual(e.advance(T0 + 650_000), []);
      assert.deepEqual(brief(e.advance(T0 + 661_000)), [`quiet 1 ${at(661)} 61`]);
    });
  });

  describe('connectivity', () => {
    const gone = { name: 'gone', disconnectedSeconds: 300, severity: 'info' };

    it('fires once when a disconnection lasts longer than disconnectedSeconds (advance or a later record)', () => {
      const e = engine([gone]);
      feed(e, [conn(0, 'CONNECTED'), conn(100, 'DISCONNECTED')]);
      assert.deepEqual(e.advance(T0 + 400_000), []);
      const alerts = e.advance(T0 + 401_000);
      assert.deepEqual(alerts, [
        {
          rule: 'gone',
          vin: VIN,
          at: at(401),
          field: 'Connectivity',
          value: 301,
          severity: 'info',
          kind: 'connectivity',
          message: 'Disconnected for 5 min 1 s (longer than 5 min)',
        },
      ]);
      assert.deepEqual(e.advance(T0 + 900_000), []);
      assert.deepEqual(e.process(conn(1000, 'CONNECTED')), [], 'not again when it comes back');
    });

    it('in a replay (no advance) the reconnection judges the whole disconnection; a short one does not fire', () => {
      const e = engine([gone]);
      const alerts = feed(e, [conn(0, 'CONNECTED'), conn(10, 'DISCONNECTED'), conn(200, 'CONNECTED'), conn(300, 'DISCONNECTED'), conn(700, 'CONNECTED')]);
      assert.deepEqual(brief(alerts), [`gone 1 ${at(700)} 400`]);
    });

    it('buffered V records uploaded after a reconnect, older than the connectivity records, still count', () => {
      const e = engine([gone, { name: 'low', field: 'Soc', below: 20 }]);
      const alerts = feed(e, [
        conn(0, 'CONNECTED'),
        v(5, { Soc: 30 }),
        conn(10, 'DISCONNECTED'),
        conn(900, 'CONNECTED'),
        v(20, { Soc: 25 }),
        v(40, { Soc: 19 }),
      ]);
      assert.deepEqual(brief(alerts), [`gone 1 ${at(900)} 890`, `low 1 ${at(40)} 19`]);
    });
  });

  describe('on every rule', () => {
    it('cooldownSeconds: at most one alert per rule and vehicle in that time (record time)', () => {
      const e = engine([{ name: 'low', field: 'Soc', below: 20, clearAbove: 21, cooldownSeconds: 600 }]);
      const records = [0, 60, 120, 700].flatMap((s) => [v(s, { Soc: 19 }), v(s + 1, { Soc: 22 })]);
      records.push(v(1, { Soc: 19 }, VIN2));
      assert.deepEqual(brief(feed(e, records)), [`low 1 ${at(0)} 19`, `low 1 ${at(700)} 19`, `low 2 ${at(1)} 19`]);
      assert.equal(e.stats.suppressed, 2);
    });

    it('vins scopes a rule to those vehicles', () => {
      const e = engine([{ name: 'low', field: 'Soc', below: 20, vins: [VIN2] }]);
      assert.deepEqual(brief(feed(e, [v(0, { Soc: 10 }), v(0, { Soc: 10 }, VIN2)])), [`low 2 ${at(0)} 10`]);
    });

    it('when: evaluates only while the condition holds, on the latest values (including the same record)', () => {
      const e = engine([
        {
          name: 'fast',
          field: 'VehicleSpeed',
          above: 80,
          when: [
            { field: 'Gear', in: ['ShiftStateD'] },
            { field: 'Soc', atLeast: 10, below: 90 },
          ],
        },
      ]);
      const alerts = feed(e, [
        v(0, { VehicleSpeed: 90 }),
        v(1, { Gear: 'D', Soc: 50, VehicleSpeed: 85 }),
        v(2, { VehicleSpeed: 70 }),
        v(3, { Soc: 95, VehicleSpeed: 90 }),
        v(4, { VehicleSpeed: 70 }),
        v(5, { Soc: 10, VehicleSpeed: 90 }),
      ]);
      assert.deepEqual(brief(alerts), [`fast 1 ${at(1)} 85`, `fast 1 ${at(5)} 90`]);
    });
  });

  describe('order and duplicates', () => {
    it('a resent V record (older than the last V record of its car) does not fire again', () => {
      const e = engine([{ name: 'low', field: 'Soc', below: 20, clearAbove: 25 }]);
      const first = v(1, { Soc: 19 });
      const alerts = feed(e, [v(0, { Soc: 30 }), first, v(2, { Soc: 30 }), { ...first, seq: 99, record: { ...first.record, isResend: true } }, first]);
      assert.deepEqual(brief(alerts), [`low 1 ${at(1)} 19`]);
      assert.equal(e.stats.late, 2);
    });

    it('the same record twice in a row fires once for every rule kind', () => {
      const e = engine([
        { name: 'low', field: 'Soc', below: 20 },
        { name: 'drop', field: 'Soc', dropBy: 5, withinSeconds: 60 },
        { name: 'drive', field: 'Gear', becomes: 'ShiftStateD' },
      ]);
      const r = v(1, { Soc: 10, Gear: 'D' });
      assert.equal(feed(e, [v(0, { Soc: 30, Gear: 'P' }), r, r, r]).length, 3);
    });

    it('a replay gives the same alerts, whatever the wall clock', () => {
      const rules = [
        { name: 'low', field: 'Soc', below: 20, clearAbove: 25 },
        { name: 'gone', disconnectedSeconds: 60 },
      ];
      const records = [
        conn(0, 'CONNECTED'),
        v(1, { Soc: 30 }),
        v(2, { Soc: 10 }),
        conn(3, 'DISCONNECTED'),
        conn(100, 'CONNECTED'),
        v(101, { Soc: 30 }),
        v(102, { Soc: 10 }),
      ];
      const one = feed(engine(rules), records);
      const two = feed(engine(rules), records);
      assert.equal(one.length, 3);
      assert.deepEqual(one, two);
    });
  });

  it('keeps state for at most maxVehicles vehicles, forgetting the one updated longest ago', () => {
    const e = engine([{ name: 'low', field: 'Soc', below: 20, clearAbove: 25 }], { maxVehicles: 100 });
    for (let i = 0; i < 1000; i++) e.process(v(i, { Soc: 10 }, `VIN${String(i).padStart(14, '0')}`));
    assert.equal(e.vehicleCount, 100);
    assert.equal(e.stats.evicted, 900);
    assert.equal(e.stats.alerts, 1000);
  });

  it('keeps a delta window within maxWindowSamples', () => {
    const e = engine([{ name: 'rise', field: 'Odometer', riseBy: 1e9, withinSeconds: 1e6 }], { maxWindowSamples: 50 });
    for (let i = 0; i < 5000; i++) e.process(v(i, { Odometer: i }));
    const state = (e as unknown as { vehicles: Map<string, { rules: Array<{ window?: unknown[] }> }> }).vehicles.get(VIN)!;
    assert.equal(state.rules[0].window!.length, 50);
  });
});
