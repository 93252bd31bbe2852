import assert from 'node:assert/strict';
import { estimateCost, SIGNALS_PER_DOLLAR } from '../../../server/service/cost';
import { config, json, only, VIN_A, VIN_B } from './helpers';

describe('server/service cost hint (FT270)', () => {
  it('estimates the most signals per vehicle per day and dollars per month', () => {
    const e = estimateCost([{ intervalSeconds: 1 }, { intervalSeconds: 60 }]);
    assert.equal(e.signalsPerVehiclePerDay, 86_400 + 1_440);
    assert.equal(e.dollarsPerVehiclePerMonth, ((86_400 + 1_440) * 30) / SIGNALS_PER_DOLLAR);
  });

  it('is an information diagnostic on "fields", scaled by the number of vehicles', () => {
    const text = json({ vins: [VIN_A, VIN_B], config: config({ fields: { VehicleSpeed: { interval_seconds: 1 }, Soc: { interval_seconds: 60 } } }) });
    const d = only(text, 'FT270');
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, 3);
    assert.match(d[0].message, /87,840 signals per vehicle per day/);
    assert.match(d[0].message, /\$17\.57 per vehicle per month/);
    assert.match(d[0].message, /2 vehicles: up to \$35\.14\/month/);
  });

  it('ignores unknown fields and invalid intervals', () => {
    const text = json(config({ fields: { Nope: { interval_seconds: 1 }, Soc: { interval_seconds: 0 } } }));
    assert.equal(only(text, 'FT270').length, 0);
  });
});
