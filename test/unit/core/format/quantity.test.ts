import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  formatCoordinate,
  formatCount,
  formatCurrency,
  formatDuration,
  formatNumber,
  formatPosition,
  formatQuantity,
  formatTimestamp,
  formatUtcOffset,
  normalizeLocale,
  precisionOf,
  quantityParts,
} from '../../../../core/format/quantity';
import { initialState } from '../../../../simulator/vehicles/state';

/** Intl separates some parts with narrow or plain no-break spaces; tests compare with plain spaces. */
const spaces = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

describe('core/format/quantity', () => {
  it('formats values the simulator really produced with the unit precision (en)', () => {
    // Seen in the vehicles tree after "Fetch live data" against the simulator (the screenshot).
    assert.equal(formatQuantity(223.19931019259252, 'mi', 'en'), '223.2 mi');
    assert.equal(formatQuantity(21.488346988860847, '°C', 'en'), '21.5 °C');
    assert.equal(formatQuantity(80, '%', 'en'), '80 %');
    assert.equal(formatQuantity(72.53, '%', 'en'), '72.5 %');
    assert.equal(formatQuantity(11, 'kW', 'en'), '11.0 kW');
    assert.equal(formatQuantity(52.374, 'kWh', 'en'), '52.37 kWh');
    assert.equal(formatQuantity(75, 'kWh', 'en'), '75.0 kWh');
    assert.equal(formatQuantity(398.64, 'V', 'en'), '399 V');
    assert.equal(formatQuantity(-12.6, 'A', 'en'), '-13 A');
    assert.equal(formatQuantity(2.875, 'bar', 'en'), '2.9 bar');
    assert.equal(formatQuantity(41.7, 'psi', 'en'), '42 psi');
    assert.equal(formatQuantity(63.4, 'mph', 'en'), '63 mph');
    assert.equal(formatQuantity(187.6, '°', 'en'), '188°', 'a heading sits on its number');
    assert.equal(formatQuantity(12345.678, 'mi', 'en'), '12,345.7 mi', 'digit grouping');
    assert.equal(formatQuantity(1.23456, '', 'en'), '1.235', 'no unit: up to three decimals');
    assert.equal(formatQuantity(0.25, 'g', 'en'), '0.25 g');
  });

  it('uses the locale for digits and separators (de: decimal comma, dot grouping)', () => {
    assert.equal(formatQuantity(223.19931019259252, 'mi', 'de'), '223,2 mi');
    assert.equal(formatQuantity(21.488346988860847, '°C', 'de'), '21,5 °C');
    assert.equal(formatQuantity(12345.678, 'mi', 'de'), '12.345,7 mi');
    assert.equal(formatNumber(223.19931019259252, 'mi', 'fr'), '223,2');
    assert.equal(spaces(formatQuantity(12345.678, 'mi', 'fr')), '12 345,7 mi');
    // VS Code's env.language spellings and POSIX locales both work.
    assert.equal(formatQuantity(1234.5, 'mi', 'de_DE.UTF-8'), '1.234,5 mi');
    assert.equal(formatQuantity(1234.5, 'mi', 'pt-br'), '1.234,5 mi');
  });

  it('never shows "-0": a reading that rounds to zero is zero', () => {
    assert.equal(formatQuantity(-0.04, '°C', 'en'), '0.0 °C');
    assert.equal(formatQuantity(-0, 'mph', 'en'), '0 mph');
    assert.equal(formatQuantity(-0.3, 'mph', 'de'), '0 mph');
  });

  it('keeps every number at most at its unit precision (property)', () => {
    for (const unit of ['mi', '°C', '%', 'kW', 'kWh', 'V', 'A', 'bar', 'mph', '°', 'g', '']) {
      const [, max] = precisionOf(unit);
      fc.assert(
        fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (n) => {
          const text = formatNumber(n, unit, 'en');
          const decimals = text.includes('.') ? text.split('.')[1]!.length : 0;
          return decimals <= max && Math.abs(Number(text.replace(/,/g, '')) - n) <= 0.5 * 10 ** -max + 1e-9 * Math.abs(n);
        }),
      );
    }
  });

  it('shows non-finite numbers as they are rather than throwing', () => {
    assert.equal(formatQuantity(NaN, 'mi', 'en'), 'NaN mi');
    assert.equal(formatNumber(Infinity, 'mi', 'en'), 'Infinity');
  });

  it('formats durations in whole units (hours from Tesla read as hours and minutes)', () => {
    assert.equal(formatQuantity(1.25, 'h', 'en'), '1 h 15 min', 'time_to_full_charge is in hours');
    assert.equal(formatQuantity(0, 'h', 'en'), '0 min');
    assert.equal(formatQuantity(0.3, 'h', 'en'), '18 min');
    assert.equal(formatQuantity(42, 'min', 'en'), '42 min');
    assert.deepEqual(quantityParts(1.5, 'h', 'en'), { number: '1 h 30 min', unit: '' }, 'a duration needs no unit column');
    assert.deepEqual(quantityParts(223.19931019259252, 'mi', 'de'), { number: '223,2', unit: 'mi' });
    assert.equal(formatDuration(30), '30 s');
    assert.equal(formatDuration(3600), '1 h');
    assert.equal(formatDuration(2 * 86_400 + 3 * 3600 + 100), '2 d 3 h');
    assert.equal(formatDuration(-300), '-5 min');
    assert.equal(formatDuration(30 * 86_400, 'de'), '30 d');
  });

  it('formats coordinates with hemispheres so a decimal comma stays readable', () => {
    assert.equal(formatCoordinate(37.3926431, 'lat', 'en'), '37.39264° N');
    assert.equal(formatCoordinate(-122.0812345, 'lon', 'en'), '122.08123° W');
    assert.equal(formatCoordinate(-33.86, 'lat', 'en'), '33.86000° S');
    assert.equal(formatPosition(52.520008, 13.404954, 'de'), '52,52001° N, 13,40495° E');
  });

  it('formats timestamps in the locale (time zone given here so the test does not depend on the machine)', () => {
    const at = Date.UTC(2026, 10, 23, 4, 5, 6);
    assert.equal(spaces(formatTimestamp(at, 'en', 'UTC')), 'Nov 23, 2026, 4:05:06 AM');
    assert.equal(formatTimestamp(at, 'de', 'UTC'), '23.11.2026, 04:05:06');
    assert.equal(formatTimestamp(NaN, 'en'), 'NaN');
  });

  it('formats counts and UTC offsets', () => {
    assert.equal(formatCount(12345, 'en'), '12,345');
    assert.equal(formatCount(12345, 'de'), '12.345');
    assert.equal(formatCount(1000, 'en'), '1,000');
    assert.equal(formatUtcOffset(-8 * 3600), 'UTC-8', 'utc_offset of a car in California');
    assert.equal(formatUtcOffset(5.5 * 3600), 'UTC+5:30');
    assert.equal(formatUtcOffset(0), 'UTC');
  });

  it('formats money with two decimals in the locale, and a billed fraction of a cent as less than a cent', () => {
    assert.equal(formatCurrency(0.02, 'USD', 'en'), '$0.02');
    assert.equal(formatCurrency(1234.5, 'USD', 'en'), '$1,234.50');
    assert.equal(spaces(formatCurrency(1234.5, 'USD', 'de')), '1.234,50 $');
    assert.equal(formatCurrency(0, 'USD', 'en'), '$0.00');
    // One data call: $1 / 500 (core/billing/prices.ts) must not read as free.
    assert.equal(formatCurrency(0.002, 'USD', 'en'), '<$0.01');
    assert.equal(formatCurrency(0.005, 'USD', 'en'), '$0.01');
    assert.equal(formatCurrency(-0.001, 'USD', 'en'), '$0.00', 'no "-$0.00"');
    assert.equal(formatCurrency(Number.NaN), 'NaN');
  });

  it('normalizes locale tags from VS Code and POSIX, and ignores ones Intl cannot use', () => {
    assert.equal(normalizeLocale('de'), 'de');
    assert.equal(normalizeLocale('zh-cn'), 'zh-CN');
    assert.equal(normalizeLocale('de_DE.UTF-8'), 'de-DE');
    assert.equal(normalizeLocale('C'), undefined);
    assert.equal(normalizeLocale('POSIX'), undefined);
    assert.equal(normalizeLocale(''), undefined);
    assert.equal(normalizeLocale('not a locale!'), undefined);
    assert.equal(
      formatQuantity(223.19931019259252, 'mi', 'not a locale!'),
      formatQuantity(223.19931019259252, 'mi', undefined),
      'falls back to the runtime default',
    );
  });

  it("formats a simulated car's vehicle_data values with at most the unit precision", () => {
    // A fresh simulated Model 3 (simulator/vehicles/state.ts): ranges come from rated range × level, unrounded.
    const state = initialState(
      {
        vin: '5YJ3E1EA8KF000001',
        owner: 'o',
        model: '3',
        year: 2023,
        displayName: 'Commuter',
        firmware: '2024.44.32',
        keyPaired: true,
        state: 'online',
      } as never,
      0,
    );
    const range = state.charge_state.est_battery_range;
    assert.ok(!Number.isInteger(range * 10), `the simulator gives a long decimal (${range})`);
    assert.match(formatQuantity(range, 'mi', 'en'), /^\d{1,3}(,\d{3})*\.\d mi$/);
    assert.match(formatQuantity(range, 'mi', 'de'), /^\d{1,3}(\.\d{3})*,\d mi$/);
  });
});
