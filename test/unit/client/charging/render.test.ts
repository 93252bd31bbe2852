import { strict as assert } from 'node:assert';
import { invoiceAction, invoiceIndex, renderChargingBody } from '../../../../client/charging/render';
import type { ChargingHistoryItem } from '../../../../core/fleet-api/charging-types';
import { readLivePageMessage } from '../../../../client/ui/webview-html';

const fee = (feeType: string, currencyCode: string, usageBase: number, totalDue: number, uom: string) => ({
  sessionFeeId: 1,
  feeType,
  currencyCode,
  usageBase,
  totalDue,
  uom,
});
const items: ChargingHistoryItem[] = [
  {
    sessionId: 11,
    vin: '5YJ3E1EA8KF000001',
    siteLocationName: 'Truckee, CA <Soaring Way>',
    chargeStartDateTime: '2026-11-02T10:00:00Z',
    fees: [fee('CHARGING', 'USD', 40, 18.4, 'kwh'), fee('PARKING', 'USD', 5, 2.5, 'min')],
    invoices: [{ fileName: 'US-11.pdf', contentId: 'c11' }],
  },
  { sessionId: 12, vin: '5YJ3E1EA8KF000001', chargeStartDateTime: '2026-11-03T10:00:00Z', fees: [fee('CHARGING', 'CAD', 20.5, 11.28, 'kwh')] },
];

describe('Charging History page (pure renderer)', () => {
  it('shows the totals: sessions, kWh and cost per currency with the fee types', () => {
    const html = renderChargingBody({ account: 'ada@example.com', filter: 'All vehicles · last 90 days', items }, { locale: 'en' });
    assert.match(html, /id="total-sessions">2</);
    assert.match(html, /id="total-energy">60\.5 kWh</);
    assert.match(html, /data-currency="USD"><th scope="row">USD<\/th><td class="num" data-field="total">\$20\.90<\/td><td>charging \$18\.40 · parking \$2\.50/);
    assert.match(html, /data-currency="CAD"/);
  });

  it('lists each session with an Open Invoice button only where there is an invoice, and escapes what Tesla sent', () => {
    const html = renderChargingBody({ account: 'a', filter: 'f', items }, { locale: 'en' });
    assert.match(html, /<tr data-session="11">.*Truckee, CA &lt;Soaring Way&gt;.*data-action="invoiceA"/);
    assert.doesNotMatch(html.split('data-session="12"')[1], /data-action="invoice/);
    assert.ok(!html.includes('<Soaring'));
  });

  it('says loading, empty and failed plainly', () => {
    assert.match(renderChargingBody({ account: 'a', filter: 'f', loading: true }), /id="loading"/);
    assert.match(renderChargingBody({ account: 'a', filter: 'f', items: [] }), /id="no-sessions"/);
    assert.match(renderChargingBody({ account: 'a', filter: 'f', error: 'Tesla answered 403 <x>' }), /id="error">Tesla answered 403 &lt;x&gt;/);
    assert.match(renderChargingBody({ account: 'a', filter: 'f', items, incomplete: true }), /id="incomplete"/);
  });

  it('names a row in an action the page may send (letters only) and reads it back', () => {
    for (const i of [0, 1, 25, 26, 27, 51, 52, 700, 701]) {
      const action = invoiceAction(i);
      assert.ok(readLivePageMessage({ type: 'action', action }), `${action} passes the page message check`);
      assert.equal(invoiceIndex(action), i, action);
    }
    assert.equal(invoiceAction(0), 'invoiceA');
    assert.equal(invoiceIndex('refresh'), undefined);
  });
});
