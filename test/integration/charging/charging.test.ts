/**
 * Charging history, invoices and business sessions: core's ChargingEndpoints against the real simulator over HTTPS,
 * and `fleetkit charging` through the CLI. Field names and paths follow Tesla's charging endpoints page
 * (developer.tesla.com/docs/fleet-api/endpoints/charging-endpoints), as cited in the reference notes' §2.3.
 */
import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chargingTotals } from '../../../core/charging';
import { FleetApi } from '../../../core/fleet-api/api';
import { NotBusinessFleetError } from '../../../core/fleet-api/charging';
import { ForbiddenError } from '../../../core/fleet-api/errors';
import { RegionDirectory } from '../../../core/fleet-api/region';
import { runCli } from '../../support/cli';
import { EU_EMAIL, NA_EMAIL, signIn, startSim, type SimHandle } from '../fleet-api/sim-fixture';

const CHARGING_SCOPES = 'openid offline_access user_data vehicle_device_data vehicle_charging_cmds';
const COMMUTER = '5YJ3E1EA8KF000001';

describe('charging endpoints against the simulator', function () {
  let h: SimHandle;
  let api: FleetApi;
  let token: string;
  let dir: string;

  before(async () => {
    h = await startSim((w) => {
      w.accounts[1].businessFleet = true;
    });
    const ada = await signIn(h, NA_EMAIL, CHARGING_SCOPES);
    token = ada.accessToken;
    api = FleetApi.create({
      baseUrl: h.sim.urls.fleet.na,
      accountId: ada.accountId,
      tokens: ada.tokens,
      dispatcher: h.dispatcher,
      regions: new RegionDirectory({ na: h.sim.urls.fleet.na, eu: h.sim.urls.fleet.eu }),
    });
    dir = await mkdtemp(join(tmpdir(), 'fleetkit-charging-'));
    await writeFile(join(dir, 'ca.pem'), h.sim.caPem!);
  });

  after(async () => {
    await api?.close();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pages the history newest first by default, in the documented shape', async () => {
    const first = await api.charging.history({ pageSize: 5 });
    assert.equal(first.status, 200);
    const page = first.response.data;
    assert.equal(page.length, 5);
    for (const s of page) {
      assert.equal(typeof s.sessionId, 'number');
      assert.match(s.vin, /^[A-HJ-NPR-Z0-9]{17}$/);
      assert.ok(s.siteLocationName && s.chargeStartDateTime && s.chargeStopDateTime && s.unlatchDateTime);
      assert.ok(s.fees?.some((f) => f.feeType === 'CHARGING' && f.uom === 'kwh' && f.totalDue > 0));
      assert.ok(s.invoices?.[0]?.contentId);
    }
    const starts = page.map((s) => Date.parse(s.chargeStartDateTime!));
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => b - a),
    );
    const second = await api.charging.history({ pageSize: 5, pageNo: 1 });
    const ids = new Set(page.map((s) => s.sessionId));
    assert.ok(
      second.response.data.every((s) => !ids.has(s.sessionId)),
      'page 2 repeats nothing of page 1',
    );
    assert.ok(Date.parse(second.response.data[0].chargeStartDateTime!) <= starts[starts.length - 1]);
  });

  it('filters by VIN and time window and sorts ascending when asked', async () => {
    const all = await api.charging.historyAll({ vin: COMMUTER, pageSize: 4 });
    assert.ok(all.complete && all.pages >= 3, `paged through ${all.pages} pages`);
    assert.ok(all.items.length > 0 && all.items.every((s) => s.vin === COMMUTER));
    const sorted = [...all.items].sort((a, b) => Date.parse(a.chargeStartDateTime!) - Date.parse(b.chargeStartDateTime!));
    const from = sorted[2].chargeStartDateTime!;
    const to = sorted[6].chargeStartDateTime!;
    const window = await api.charging.history({ vin: COMMUTER, startTime: from, endTime: to, sortBy: 'chargeStartDateTime', sortOrder: 'ASC', pageSize: 50 });
    assert.deepEqual(
      window.response.data.map((s) => s.sessionId),
      sorted.slice(2, 6).map((s) => s.sessionId),
    );
  });

  it('answers bad paging and sorting with 400 naming the field', async () => {
    await assert.rejects(api.charging.history({ pageNo: -1 }), (e: Error & { status?: number }) => e.status === 400 && /pageNo/.test(e.message));
    await assert.rejects(api.charging.history({ sortBy: 'price' }), (e: Error & { status?: number }) => e.status === 400 && /sortBy/.test(e.message));
  });

  it('downloads an invoice as a real PDF, and 404s an id of nobody', async () => {
    const item = (await api.charging.history({ pageSize: 1 })).response.data[0];
    const pdf = await api.charging.invoice(item.invoices![0].contentId);
    assert.ok(Buffer.isBuffer(pdf.response));
    assert.equal(pdf.response.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(pdf.response.subarray(-7).toString('latin1'), /%%EOF\n$/);
    assert.ok(pdf.response.toString('latin1').includes(String(item.sessionId)), 'the invoice names its session');
    await assert.rejects(api.charging.invoice('0000not-an-invoice'), (e: Error & { status?: number }) => e.status === 404);
  });

  it('refuses business sessions to a personal account with its own error', async () => {
    await assert.rejects(api.charging.sessions(), (e: unknown) => e instanceof NotBusinessFleetError && /business fleet/.test(e.message));
  });

  it('answers business sessions to a business fleet account', async () => {
    const emil = await signIn(h, EU_EMAIL, CHARGING_SCOPES);
    const eu = FleetApi.create({ baseUrl: h.sim.urls.fleet.eu, accountId: emil.accountId, tokens: emil.tokens, dispatcher: h.dispatcher });
    try {
      const res = await eu.charging.sessions({ limit: 3 });
      assert.equal(res.response.data.length, 3);
      for (const s of res.response.data) {
        assert.ok(s.id && s.vin && s.start_date_time && s.stop_date_time);
        assert.ok(s.total_energy > 0 && s.total_cost && s.total_cost.incl_vat > 0);
        assert.match(s.tariffs?.currency ?? '', /^(EUR|CHF)$/);
        assert.equal(s.charging_periods?.[0]?.dimensions?.[0]?.type, 'ENERGY');
      }
      const next = await eu.charging.sessions({ limit: 3, offset: 3 });
      assert.ok(next.response.data.every((s) => !res.response.data.some((r) => r.id === s.id)));
    } finally {
      await eu.close();
    }
  });

  it('needs the vehicle_charging_cmds scope', async () => {
    const narrow = await signIn(h, NA_EMAIL, 'openid offline_access vehicle_device_data');
    const a = FleetApi.create({ baseUrl: h.sim.urls.fleet.na, accountId: narrow.accountId, tokens: narrow.tokens, dispatcher: h.dispatcher });
    try {
      await assert.rejects(a.charging.history(), (e: unknown) => e instanceof ForbiddenError);
    } finally {
      await a.close();
    }
  });

  const cli = (args: string[]) => runCli(['charging', ...args, '--token', token, '--base-url', h.sim.urls.fleet.na, '--ca', join(dir, 'ca.pem')]);

  it('fleetkit charging history --json prints sessions and totals that add up', async () => {
    const r = await cli(['history', '--vin', COMMUTER, '--all', '--page-size', '5', '--json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as { ok: boolean; totals: ReturnType<typeof chargingTotals>; sessions: Parameters<typeof chargingTotals>[0] };
    assert.equal(out.ok, true);
    assert.deepEqual(out.totals, chargingTotals(out.sessions));
    assert.ok(out.totals.energyKwh > 0 && out.totals.costs[0].currency.length === 3);
    assert.match(r.err, /session\(s\), [\d.]+ kWh, [\d.]+ [A-Z]{3}/);
  });

  it('fleetkit charging history --csv prints one row a session', async () => {
    const r = await cli(['history', '--page-size', '3', '--csv']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\r\n');
    assert.equal(lines[0], 'sessionId,vin,site,start,stop,energyKwh,cost,invoiceId');
    assert.equal(lines.length, 4);
  });

  it('fleetkit charging invoice saves the PDF; a bad --from is a usage error naming the fix', async () => {
    const item = (await api.charging.history({ pageSize: 1 })).response.data[0];
    const file = join(dir, 'invoice.pdf');
    const r = await cli(['invoice', item.invoices![0].contentId, '--out', file]);
    assert.equal(r.code, 0, r.err);
    assert.equal((await readFile(file)).subarray(0, 5).toString('latin1'), '%PDF-');
    const bad = await cli(['history', '--from', 'last tuesday']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--from: .*30d/);
  });

  it('fleetkit charging sessions --json fails with ok:false for a personal account', async () => {
    const r = await cli(['sessions', '--json']);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.out) as { ok: boolean; error: string; message: string };
    assert.equal(out.ok, false);
    assert.equal(out.error, 'NotBusinessFleetError');
  });
});
