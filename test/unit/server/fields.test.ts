import assert from 'node:assert/strict';
import { CONFIGURABLE_FIELDS } from '../../../core/telemetry-catalog/index';
import { FIELDS_260_269 } from '../../support/tesla-fields';
import { codesOf, config, covered, json, only, VIN_A, VIN_B } from './helpers';

const withFields = (fields: unknown, extra: Record<string, unknown> = {}): string => json(config({ fields, extra }));

describe('server/service field rules', () => {
  it('FT101: unknown field names are errors on the key, with did-you-mean fixes from the catalogue', () => {
    const text = withFields({ VehicleSped: { interval_seconds: 10 }, batterylevel: { interval_seconds: 10 }, Zzzzzzzzzzzz: { interval_seconds: 1 } });
    const d = only(text, 'FT101');
    assert.equal(d.length, 3);
    assert.equal(covered(text, d[0]), '"VehicleSped"');
    assert.match(d[0].message, /Did you mean "VehicleSpeed"/);
    assert.equal(d[0].data!.fixes![0].edits[0].newText, '"VehicleSpeed"');
    assert.match(d[1].message, /"BatteryLevel"/, 'case-insensitive match is suggested');
    assert.ok(!/Did you mean/.test(d[2].message));
    assert.equal(d[2].data!.fixes!.length, 1, 'only the remove fix when nothing is close');
  });

  it('FT102: Unknown, Deprecated_* and Experimental_* are not configurable', () => {
    const text = withFields({ Unknown: { interval_seconds: 1 }, Deprecated_1: { interval_seconds: 1 }, Experimental_3: { interval_seconds: 1 } });
    const d = only(text, 'FT102');
    assert.deepEqual(
      d.map((x) => covered(text, x)),
      ['"Unknown"', '"Deprecated_1"', '"Experimental_3"'],
    );
    assert.match(d[1].data!.fixes![0].title, /Remove deprecated field/);
  });

  it('FT103: Semi-only fields get an information note', () => {
    assert.deepEqual(only(withFields({ SemitruckTpmsPressureRe1L0: { interval_seconds: 60 } }), 'FT103').length, 1);
  });

  it('FT110: interval_seconds missing', () => {
    const text = withFields({ Soc: { minimum_delta: 1 } });
    const d = only(text, 'FT110');
    assert.equal(d.length, 1);
    assert.equal(covered(text, d[0]), '"Soc"');
  });

  it('FT111: interval_seconds must be a positive integer', () => {
    for (const bad of [0, -5, 1.5, '10', null, true]) {
      const text = withFields({ Soc: { interval_seconds: bad } });
      const d = only(text, 'FT111');
      assert.equal(d.length, 1, `value ${JSON.stringify(bad)}`);
      assert.equal(covered(text, d[0]), JSON.stringify(bad));
    }
    assert.equal(only(withFields({ Soc: { interval_seconds: 1 } }), 'FT111').length, 0);
  });

  it('FT112: minimum_delta must be a positive number', () => {
    for (const bad of [0, -1, '1', null]) assert.equal(only(withFields({ Soc: { interval_seconds: 5, minimum_delta: bad } }), 'FT112').length, 1);
    assert.equal(only(withFields({ Soc: { interval_seconds: 5, minimum_delta: 0.01 } }), 'FT112').length, 0);
  });

  it('FT113: minimum_delta on boolean/enum/string fields is a warning with a remove fix', () => {
    const text = withFields({
      Gear: { interval_seconds: 5, minimum_delta: 1 },
      Locked: { interval_seconds: 5, minimum_delta: 1 },
      VehicleName: { interval_seconds: 5, minimum_delta: 1 },
    });
    const d = only(text, 'FT113');
    assert.equal(d.length, 3);
    assert.equal(d[0].severity, 2);
    assert.equal(covered(text, d[0]), '"minimum_delta"');
    assert.equal(d[0].data!.fixes![0].title, 'Remove "minimum_delta"');
  });

  it('FT114: minimum_delta on Location notes meters', () => {
    assert.equal(only(withFields({ Location: { interval_seconds: 5, minimum_delta: 50 } }), 'FT114').length, 1);
    assert.equal(only(withFields({ Location: { interval_seconds: 5, minimum_delta: 50 } }), 'FT113').length, 0);
  });

  it('FT115: resend_interval_seconds must be a positive integer', () => {
    assert.equal(only(withFields({ Soc: { interval_seconds: 5, resend_interval_seconds: 0 } }), 'FT115').length, 1);
    assert.equal(only(withFields({ Soc: { interval_seconds: 5, resend_interval_seconds: 2.5 } }), 'FT115').length, 1);
    assert.equal(only(withFields({ Soc: { interval_seconds: 5, resend_interval_seconds: 300 } }), 'FT115').length, 0);
  });

  it('a field rule that is not an object is FT005', () => {
    const text = withFields({ Soc: 10 });
    assert.equal(covered(text, only(text, 'FT005')[0]), '10');
  });

  describe('FT120 firmware', () => {
    const fields = { Soc: { interval_seconds: 60 }, DetailedChargeState: { interval_seconds: 60 }, MilesSinceReset: { interval_seconds: 600 } };
    it('is silent when no firmware is known', () => {
      assert.equal(only(json({ vins: [VIN_A], config: config({ fields }) }), 'FT120').length, 0);
    });

    it('flags fields needing newer firmware than the listed vehicles report', () => {
      const text = json({ vins: [VIN_A, VIN_B], config: config({ fields }) });
      const d = only(text, 'FT120', { vehicleFirmware: { [VIN_A]: '2024.44.25.3 abc', [VIN_B]: '2025.44.30' } });
      assert.deepEqual(
        d.map((x) => covered(text, x)),
        ['"MilesSinceReset"'],
      );
      assert.match(d[0].message, /2025\.44\.25\.5\+/);
      assert.match(d[0].message, new RegExp(VIN_A));
      assert.doesNotMatch(d[0].message, new RegExp(VIN_B));
    });

    it('ignores vehicles outside the request but uses all known ones for a bare config', () => {
      const firmware = { OTHER0000000000001: '2023.20.1' };
      assert.equal(only(json({ vins: [VIN_A], config: config({ fields }) }), 'FT120', { vehicleFirmware: firmware }).length, 0);
      const bare = only(json(config({ fields })), 'FT120', { vehicleFirmware: firmware });
      assert.ok(bare.length >= 3, 'DetailedChargeState, MilesSinceReset, prefer_typed and minimum_delta all need newer firmware');
    });

    it('flags minimum_delta and prefer_typed on old firmware', () => {
      const text = json({ vins: [VIN_A], config: config({ fields: { Soc: { interval_seconds: 60, minimum_delta: 1 } } }) });
      const d = only(text, 'FT120', { vehicleFirmware: { [VIN_A]: '2024.20.1' } });
      assert.deepEqual(d.map((x) => covered(text, x)).sort(), ['"minimum_delta"', '"prefer_typed"']);
    });
  });

  describe('fields 260-269 (firmware 2026.32)', () => {
    const NEW_FIELDS = FIELDS_260_269;
    const fields = Object.fromEntries(NEW_FIELDS.map((name) => [name, { interval_seconds: 60 }]));

    it('a config naming them validates: no FT101, nothing but the Semi note and the cost estimate', () => {
      const text = withFields(fields);
      assert.deepEqual(only(text, 'FT101'), []);
      assert.deepEqual(
        codesOf(text).filter((c) => c !== 'FT270'),
        ['FT103'],
      );
      assert.equal(covered(text, only(text, 'FT103')[0]), '"SemiCruiseSpeedLimitMph"');
    });

    it('FT120 names the vehicles older than 2026.32, and none on 2026.32 or later', () => {
      const text = json({
        vins: [VIN_A, VIN_B],
        config: config({ fields: { GpsAccuracyMeters: { interval_seconds: 60 }, RemoteStartActive: { interval_seconds: 60 } } }),
      });
      const d = only(text, 'FT120', { vehicleFirmware: { [VIN_A]: '2026.20.3', [VIN_B]: '2026.32.1' } });
      assert.deepEqual(
        d.map((x) => covered(text, x)),
        ['"GpsAccuracyMeters"', '"RemoteStartActive"'],
      );
      assert.match(d[0].message, /needs firmware 2026\.32\+/);
      assert.match(d[0].message, new RegExp(VIN_A));
      assert.doesNotMatch(d[0].message, new RegExp(VIN_B));
      assert.equal(only(text, 'FT120', { vehicleFirmware: { [VIN_A]: '2026.32', [VIN_B]: '2026.44.1' } }).length, 0);
    });

    it('minimum_delta is fine on the numeric ones and a warning on the booleans', () => {
      const text = withFields({
        GradeEstimatePercent: { interval_seconds: 5, minimum_delta: 0.5 },
        SoftwareUpdateAvailable: { interval_seconds: 5, minimum_delta: 1 },
      });
      assert.deepEqual(
        only(text, 'FT113').map((x) => covered(text, x)),
        ['"minimum_delta"'],
      );
      assert.ok(text.indexOf('"SoftwareUpdateAvailable"') < text.lastIndexOf('"minimum_delta"'));
    });
  });

  it('names every configurable field without complaint', () => {
    const fields = Object.fromEntries(CONFIGURABLE_FIELDS.map((f) => [f.name, { interval_seconds: 60 }]));
    const codes = codesOf(withFields(fields)).filter((c) => c !== 'FT103' && c !== 'FT270');
    assert.deepEqual(codes, []);
  });
});
