import assert from 'node:assert/strict';
import type { Alert } from '../../../../core/alerts/alert';
import type { HistoryNumberSeries, HistorySummaries } from '../../../../core/messages/history';
import { historyBaseUrl } from '../../../../client/telemetry/history-client';
import { AlertToastLimiter, summaryText } from '../../../../client/telemetry/model/alert-toasts';
import { numberChart, pan, stateChanges, summariesList, zoom, HOUR_MS } from '../../../../client/telemetry/model/history-view';
import { renderVehicle } from '../../../../client/telemetry/model/render';
import { parseFilter } from '../../../../client/telemetry/model/filter';
import { RuleAlerts, ruleAlertItems } from '../../../../client/telemetry/model/rule-alerts';
import { TelemetryStore } from '../../../../client/telemetry/model/store';

const VIN = '5YJ3E1EA8KF000001';
const T0 = Date.parse('2026-12-07T10:00:00Z');
const alert = (rule: string, vin = VIN, at = T0, severity: Alert['severity'] = 'warning'): Alert => ({
  rule,
  vin,
  at: new Date(at).toISOString(),
  field: 'Soc',
  value: 19.5,
  severity,
  kind: 'threshold',
  message: 'Soc fell below 20 % (19.5 %)',
});

describe('Live Telemetry: rule alerts, their notifications, and history', () => {
  it('notifications: one per rule and VIN a minute; beyond three in 10 s the rest become one summary', () => {
    const l = new AlertToastLimiter();
    assert.equal(l.offer(alert('low-soc'), 0), 'toast');
    assert.equal(l.offer(alert('low-soc'), 30_000), 'suppress', 'the same rule and VIN within a minute');
    assert.equal(l.offer(alert('low-soc'), 61_000), 'toast', 'a minute later it may show again');
    assert.equal(l.offer(alert('low-soc', 'V2'), 61_500), 'toast', 'another vehicle is another key');
    assert.equal(l.offer(alert('soc-drop'), 62_000), 'toast');
    assert.equal(l.offer(alert('hot', 'V2'), 62_500), 'summarize', 'a fourth within 10 s is held');
    assert.equal(l.offer(alert('hot', 'V3'), 63_000), 'summarize');
    const s = l.takeSummary()!;
    assert.deepEqual(s, { count: 2, rules: ['hot'], vins: ['V2', 'V3'] });
    assert.equal(summaryText(s), '2 more alerts: hot on 2 vehicles');
    assert.equal(l.takeSummary(), undefined);
    assert.equal(l.offer(alert('cold', 'V4'), 80_000), 'toast', 'after the burst window toasts show again');
  });

  it('the timeline keeps each alert once per vehicle, newest first, escaped', () => {
    const r = new RuleAlerts();
    assert.equal(r.add(alert('low-soc', VIN, T0)), true);
    assert.equal(r.add(alert('low-soc', VIN, T0)), false, 'the same alert again (a panel re-initialised) is not doubled');
    r.add(alert('<b>x</b>', VIN, T0 + 60_000, 'critical'));
    r.add(alert('other', 'V2', T0));
    assert.equal(r.forVin(VIN).length, 2);
    const html = ruleAlertItems(r.forVin(VIN), 'en');
    assert.ok(html.indexOf('&lt;b&gt;x&lt;/b&gt;') < html.indexOf('low-soc'), 'newest first');
    assert.match(html, /class="rule-alert sev-critical"/);
    assert.ok(!html.includes('<b>x'), 'rule names are escaped');
    assert.equal(ruleAlertItems([]), '<li class="muted">No rule alerts.</li>');
  });

  it('a vehicle section shows its rule alerts', () => {
    const store = new TelemetryStore({ historyMs: 300_000 });
    store.add({
      txtype: 'V',
      vin: VIN,
      received_at: T0,
      record: { data: [{ key: 'Soc', value: { doubleValue: 19.5 } }], createdAt: new Date(T0).toISOString() },
    });
    const r = new RuleAlerts();
    r.add(alert('low-soc'));
    const html = renderVehicle(store.vehicle(VIN)!, { now: T0, historyMs: 300_000, filter: parseFilter(''), ruleAlerts: (v) => r.forVin(v) });
    assert.match(html, /<h3>Rule alerts<\/h3><ol class="rule-alerts"><li class="rule-alert sev-warning" data-rule="low-soc">/);
  });

  it('zoom and pan the history window', () => {
    const w = { until: T0, spanMs: 6 * HOUR_MS };
    assert.deepEqual(zoom(w, 0.5, T0), { until: T0, spanMs: 3 * HOUR_MS }, 'a window at the newest data keeps its end');
    assert.deepEqual(zoom(w, 0.5, T0 + HOUR_MS), { until: T0 - 1.5 * HOUR_MS, spanMs: 3 * HOUR_MS }, 'an older window keeps its middle');
    assert.equal(zoom({ until: T0, spanMs: 15 * 60_000 }, 0.5, T0).spanMs, 10 * 60_000, 'not under 10 minutes');
    assert.deepEqual(pan(w, -1, T0), { until: T0 - 3 * HOUR_MS, spanMs: 6 * HOUR_MS });
    assert.deepEqual(pan(w, 1, T0), { until: T0, spanMs: 6 * HOUR_MS }, 'never past the newest record');
  });

  it('a number series charts its min–max band and average over the window, with units', () => {
    const s: HistoryNumberSeries = {
      type: 'series',
      vin: VIN,
      field: 'Soc',
      kind: 'number',
      unit: '%',
      stepMs: 60_000,
      points: [
        { t: T0 - 3 * 60_000, count: 10, min: 50, max: 52, avg: 51, last: 50 },
        { t: T0 - 2 * 60_000, count: 10, min: 48, max: 50, avg: 49, last: 48 },
        { t: T0 - 3 * HOUR_MS, count: 1, min: 0, max: 0, avg: 0, last: 0 },
      ],
    };
    const html = numberChart(s, { until: T0, spanMs: HOUR_MS }, 'en');
    assert.match(html, /data-points="2"/, 'the point outside the window is not drawn');
    assert.match(html, /min 48 % · max 52 %/);
    assert.match(html, /<path class="band" d="M[^"]+ Z"\/><path class="avg" d="M[\d.]+ [\d.]+ L[\d.]+ [\d.]+"\/>/);
    assert.match(numberChart({ ...s, points: [] }, { until: T0, spanMs: HOUR_MS }), /No Soc values in this window/);
    assert.match(
      stateChanges({ type: 'series', vin: VIN, field: 'Gear', kind: 'state', changes: [{ t: T0, value: 'ShiftStateD' }] }, 'en'),
      /<li><span class="t">[^<]+<\/span> ShiftStateD<\/li>/,
    );
  });

  it('sessions and drives read with units and precision, newest first', () => {
    const s: HistorySummaries = {
      type: 'summaries',
      vin: VIN,
      sessions: [
        { vin: VIN, start: T0, end: T0 + 2_700_000, ongoing: false, durationS: 2700, energyAddedKwh: 8.2499, averagePowerKw: 11, socFrom: 40, socTo: 51 },
      ],
      drives: [
        {
          vin: VIN,
          start: T0 - HOUR_MS,
          end: T0 - HOUR_MS + 1_200_000,
          ongoing: false,
          durationS: 1200,
          distanceMi: 10.184,
          averageSpeedMph: 30.55,
          maxSpeedMph: 50,
        },
      ],
    };
    const html = summariesList(s, 'en');
    assert.ok(html.indexOf('Charging') < html.indexOf('Drive'), 'newest first');
    assert.match(html, /45 min · 8\.25 kWh added · 11\.0 kW average · SoC 40 % → 51 %/);
    assert.match(html, /20 min · 10\.2 mi · 31 mph average · 50 mph top/);
    assert.match(summariesList({ ...s, sessions: [], drives: [] }), /No charging sessions or drives/);
  });

  it('the history is asked on the feed port over HTTP', () => {
    assert.equal(historyBaseUrl('ws://127.0.0.1:39617/feed'), 'http://127.0.0.1:39617');
  });
});
