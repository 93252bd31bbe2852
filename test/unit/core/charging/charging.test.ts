import { strict as assert } from 'node:assert';
import { chargingTotals, historyRow, parseTimeBound, sessionEnergyKwh, toCsv, TimeBoundError } from '../../../../core/charging';
import type { ChargingFee, ChargingHistoryItem } from '../../../../core/fleet-api/charging-types';

const fee = (feeType: string, currencyCode: string, usage: number, totalDue: number, uom: string): ChargingFee => ({
  sessionFeeId: 1,
  feeType,
  currencyCode,
  usageBase: usage,
  usageTier1: 0,
  usageTier2: null,
  totalDue,
  uom,
});

// Shape of Tesla's charging_history item (developer.tesla.com charging endpoints: sessionId, fees[feeType, uom, totalDue], invoices[contentId]).
const items: ChargingHistoryItem[] = [
  {
    sessionId: 1,
    vin: 'V1',
    siteLocationName: 'A, "B"',
    fees: [fee('CHARGING', 'USD', 40, 18.4, 'kwh'), fee('PARKING', 'USD', 5, 2.5, 'min')],
    invoices: [{ fileName: 'a.pdf', contentId: 'c1' }],
  },
  { sessionId: 2, vin: 'V1', siteLocationName: '=cmd', fees: [fee('CHARGING', 'CAD', 20.5, 11.28, 'kwh')] },
  { sessionId: 3, vin: 'V2', fees: [fee('CHARGING', 'USD', 10.25, 4.1, 'kwh'), fee('CONGESTION', 'USD', 6, 3, 'min')] },
];

describe('core charging totals, rows and CSV', () => {
  it('adds kWh of per-kWh fees only, and costs per currency and fee type without converting', () => {
    assert.equal(sessionEnergyKwh(items[0]), 40);
    const t = chargingTotals(items);
    assert.equal(t.sessions, 3);
    assert.equal(t.energyKwh, 70.75);
    assert.deepEqual(t.costs, [
      { currency: 'CAD', total: 11.28, byFeeType: { CHARGING: 11.28 } },
      { currency: 'USD', total: 28, byFeeType: { CHARGING: 22.5, PARKING: 2.5, CONGESTION: 3 } },
    ]);
  });

  it("reads Tesla's documented example session as 40 kWh and 18.40 USD", () => {
    // developer.tesla.com charging_history example (Teslemetry/docs-fleet-api fleet-api@0256a13): a CHARGING fee with
    // usageBase 40, usageTier2 24, rateBase 0.46, totalDue 18.4, and a PARKING fee of 0 (uom min).
    const example: ChargingHistoryItem = {
      sessionId: 1234567,
      vin: 'TEST00000000VIN01',
      fees: [
        { ...fee('CHARGING', 'USD', 40, 18.4, 'kwh'), rateBase: 0.46, usageTier2: 24 },
        { ...fee('PARKING', 'USD', 0, 0, 'min'), pricingType: 'NO_CHARGE' },
      ],
      invoices: [{ fileName: 'ABC-123NN-US.pdf', contentId: 'abc-123-efg', invoiceType: 'IMMEDIATE' }],
    };
    assert.equal(sessionEnergyKwh(example), 40);
    assert.deepEqual(chargingTotals([example]).costs, [{ currency: 'USD', total: 18.4, byFeeType: { CHARGING: 18.4, PARKING: 0 } }]);
    assert.equal(historyRow(example).invoiceId, 'abc-123-efg');
  });

  it('flattens a session into a row with its cost and first invoice', () => {
    assert.deepEqual(historyRow(items[0]), {
      sessionId: '1',
      vin: 'V1',
      site: 'A, "B"',
      start: '',
      stop: '',
      energyKwh: 40,
      cost: '20.90 USD',
      invoiceId: 'c1',
    });
  });

  it('writes CSV with quoting and defuses spreadsheet formulas', () => {
    const csv = toCsv(items.slice(0, 2).map(historyRow)).split('\r\n');
    assert.equal(csv[1], '1,V1,"A, ""B""",,,40,20.90 USD,c1');
    assert.equal(csv[2], "2,V1,'=cmd,,,20.5,11.28 CAD,");
  });

  it('reads dates, date-times and ages as ISO 8601, and names the fix otherwise', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    assert.equal(parseTimeBound('2026-11-01', now), '2026-11-01T00:00:00.000Z');
    assert.equal(parseTimeBound('2026-11-01T08:30:00+01:00', now), '2026-11-01T07:30:00.000Z');
    assert.equal(parseTimeBound('30d', now), '2026-11-07T12:00:00.000Z');
    assert.equal(parseTimeBound('12h', now), '2026-12-07T00:00:00.000Z');
    assert.throws(
      () => parseTimeBound('last week', now),
      (e: unknown) => e instanceof TimeBoundError && /30d/.test((e as Error).message),
    );
    assert.throws(() => parseTimeBound('2026-13-45', now), TimeBoundError);
  });
});
