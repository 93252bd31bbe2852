import { strict as assert } from 'node:assert';
import { textPdf } from '../../../../simulator/charging/pdf';
import { parseHistoryQuery, selectHistory } from '../../../../simulator/charging/query';
import { generateSessions, SESSIONS_PER_VEHICLE } from '../../../../simulator/charging/sessions';

const ANCHOR = Date.parse('2026-12-07T12:00:00Z');
const q = (s: string) => parseHistoryQuery(new URLSearchParams(s));

describe('simulator charging history', () => {
  const a = generateSessions('5YJ3E1EA8KF000001', 'NA', ANCHOR);
  const b = generateSessions('7SAYGDEE1PF000002', 'NA', ANCHOR);
  const all = [...a, ...b];

  it('generates the same sessions for a VIN every time, all in the 90 days before the anchor', () => {
    assert.deepEqual(generateSessions('5YJ3E1EA8KF000001', 'NA', ANCHOR), a);
    assert.equal(a.length, SESSIONS_PER_VEHICLE);
    for (const s of a) {
      const start = Date.parse(s.chargeStartDateTime);
      assert.ok(start < ANCHOR && start > ANCHOR - 92 * 86_400_000, s.chargeStartDateTime);
      assert.ok(Date.parse(s.chargeStopDateTime) > start && Date.parse(s.unlatchDateTime) > Date.parse(s.chargeStopDateTime));
      const charging = s.fees.find((f) => f.feeType === 'CHARGING')!;
      assert.equal(charging.totalDue, Math.round(charging.rateBase * charging.usageBase * 100) / 100);
    }
    assert.ok(generateSessions('LRW3E7FA7MC000005', 'EU', ANCHOR).every((s) => ['EUR', 'CHF'].includes(s.fees[0].currencyCode)));
  });

  it('sorts by start time descending by default and pages from 0 without overlap', () => {
    const q1 = q('pageSize=10');
    assert.equal(q1.sortBy, 'chargeStartDateTime');
    assert.equal(q1.sortOrder, 'DESC');
    assert.equal(q1.pageNo, 0);
    const p1 = selectHistory(all, q1);
    const p2 = selectHistory(all, q('pageSize=10&pageNo=1'));
    const p3 = selectHistory(all, q('pageSize=10&pageNo=2'));
    assert.equal(p1.length, 10);
    assert.equal(p3.length, all.length - 20);
    const seq = [...p1, ...p2, ...p3].map((s) => Date.parse(s.chargeStartDateTime));
    assert.deepEqual(
      seq,
      [...seq].sort((x, y) => y - x),
    );
    assert.equal(new Set([...p1, ...p2, ...p3].map((s) => s.sessionId)).size, all.length);
    assert.deepEqual(selectHistory(all, q('pageSize=10&pageNo=9')), []);
  });

  it('filters by VIN and a half-open time window [startTime, endTime)', () => {
    const starts = a.map((s) => s.chargeStartDateTime).sort();
    const picked = selectHistory(all, q(`vin=5YJ3E1EA8KF000001&startTime=${starts[3]}&endTime=${starts[7]}&sortOrder=ASC&pageSize=100`));
    assert.deepEqual(
      picked.map((s) => s.chargeStartDateTime),
      starts.slice(3, 7),
    );
  });

  it('sorts by site name and session id when asked', () => {
    const bySite = selectHistory(all, q('sortBy=siteLocationName&sortOrder=ASC&pageSize=100')).map((s) => s.siteLocationName);
    assert.deepEqual(
      bySite,
      [...bySite].sort((x, y) => x.localeCompare(y)),
    );
    const byId = selectHistory(all, q('sortBy=sessionId&sortOrder=DESC&pageSize=100')).map((s) => s.sessionId);
    assert.deepEqual(
      byId,
      [...byId].sort((x, y) => y - x),
    );
  });

  it('refuses what it cannot honour with 400 naming the field', () => {
    for (const [query, field] of [
      ['pageNo=-1', 'pageNo'],
      ['pageSize=101', 'pageSize'],
      ['sortBy=price', 'sortBy'],
      ['sortOrder=up', 'sortOrder'],
      ['startTime=yesterday', 'startTime'],
      ['startTime=2026-12-01T00:00:00Z&endTime=2026-11-01T00:00:00Z', 'endTime'],
    ]) {
      assert.throws(
        () => q(query),
        (e: Error & { status?: number }) => e.status === 400 && e.message.includes(field),
        query,
      );
    }
  });
});

describe('simulator invoice PDF', () => {
  it('is a PDF whose xref offsets point at its objects, with the text escaped', () => {
    const pdf = textPdf(['Site: Grünheide (DE)', 'back\\slash'], 'T-1.pdf').toString('latin1');
    assert.ok(pdf.startsWith('%PDF-1.4\n'));
    assert.ok(pdf.endsWith('%%EOF\n'));
    const startxref = Number(/startxref\n(\d+)\n/.exec(pdf)![1]);
    assert.ok(pdf.startsWith('xref\n', startxref));
    const offsets = [...pdf.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    assert.equal(offsets.length, 6);
    offsets.forEach((off, i) => assert.ok(pdf.startsWith(`${i + 1} 0 obj`, off), `object ${i + 1} at ${off}`));
    assert.ok(pdf.includes('(Site: Grünheide \\(DE\\)) Tj'));
    assert.ok(pdf.includes('(back\\\\slash) Tj'));
    const length = Number(/\/Length (\d+)/.exec(pdf)![1]);
    const streamAt = pdf.indexOf('stream\n') + 'stream\n'.length;
    assert.equal(pdf.slice(streamAt + length, streamAt + length + '\nendstream'.length), '\nendstream');
  });
});
