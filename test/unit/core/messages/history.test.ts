import assert from 'node:assert/strict';
import { historyRequestPath, parseHistoryResponse } from '../../../../core/messages/history';

describe('core/messages/history: the bridge history answers', () => {
  it('builds request paths with only the parameters given', () => {
    assert.equal(
      historyRequestPath({ query: 'series', vin: 'V1', field: 'Soc', since: 1000, maxPoints: 300 }),
      '/history/series?vin=V1&field=Soc&since=1000&maxPoints=300',
    );
    assert.equal(historyRequestPath({ query: 'fields' }), '/history/fields');
  });

  it('reads series, fields, summaries and alerts, leaving out bad items', () => {
    const n = parseHistoryResponse(
      JSON.stringify({
        type: 'series',
        vin: 'V1',
        field: 'Soc',
        kind: 'number',
        unit: '%',
        stepMs: 60000,
        points: [{ t: 0, count: 1, min: 1, max: 1, avg: 1, last: 1 }, { t: 'x' }],
      }),
    );
    assert.equal(n.type === 'series' && n.kind === 'number' && n.points.length, 1);
    const s = parseHistoryResponse(
      JSON.stringify({ type: 'series', vin: 'V1', field: 'Gear', kind: 'state', changes: [{ t: 5, value: 'ShiftStateD' }, { t: 6 }] }),
    );
    assert.deepEqual(s, { type: 'series', vin: 'V1', field: 'Gear', kind: 'state', changes: [{ t: 5, value: 'ShiftStateD' }] });
    const a = parseHistoryResponse(
      JSON.stringify({
        type: 'alerts',
        alerts: [
          { rule: 'low-soc', vin: 'V1', at: '2026-12-07T10:00:00Z', field: 'Soc', value: 19, severity: 'warning', kind: 'threshold', message: 'm' },
          { rule: 'bad', vin: 'V1', at: 'never', field: 'Soc', value: 1, severity: 'loud', kind: 'threshold', message: 'm' },
        ],
      }),
    );
    assert.equal(a.type === 'alerts' && a.alerts.length, 1);
    const f = parseHistoryResponse(
      JSON.stringify({
        type: 'fields',
        vins: ['V1'],
        vin: 'V1',
        newest: 9,
        fields: [
          { field: 'Soc', kind: 'number', lastAt: 9 },
          { field: 'X', kind: 'other', lastAt: 1 },
        ],
      }),
    );
    assert.equal(f.type === 'fields' && f.fields.length, 1);
    const sum = parseHistoryResponse(
      JSON.stringify({
        type: 'summaries',
        vin: 'V1',
        sessions: [{ vin: 'V1', start: 1, end: 2, durationS: 0.001, ongoing: false, energyAddedKwh: 1 }, {}],
        drives: [],
      }),
    );
    assert.equal(sum.type === 'summaries' && sum.sessions.length, 1);
    assert.deepEqual(parseHistoryResponse('{"type":"error","message":"history is off"}'), { type: 'error', message: 'history is off' });
  });

  it('throws a readable error for what is not an answer', () => {
    assert.throws(() => parseHistoryResponse('nope'), /not JSON/);
    assert.throws(() => parseHistoryResponse('[]'), /not a JSON object with a "type"/);
    assert.throws(() => parseHistoryResponse('{"type":"series","vin":"V","field":"F","kind":"number"}'), /kind "number" with points and stepMs/);
    assert.throws(() => parseHistoryResponse('{"type":"fields"}'), /needs vins, vin, fields and newest/);
    assert.throws(() => parseHistoryResponse('{"type":"weather"}'), /unknown type "weather"/);
  });
});
