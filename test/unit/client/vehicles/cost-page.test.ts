import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { UsageLedger } from '../../../../core/billing/ledger';
import { staticTokenProvider } from '../../../../core/fleet-api/token-provider';
import { createLogger, memorySink } from '../../../../core/log/logger';
import { renderCostBody } from '../../../../client/vehicles/cost-html';
import { costAccountReport } from '../../../../client/vehicles/cost-report';
import { VehiclesService, type AccountSource, type ServiceSettings, type VehicleAccount } from '../../../../client/vehicles/service';
import { livePageHtml } from '../../../../client/ui/webview-html';
import { LoopbackFleet } from '../../fleet-api/loopback-fleet';
import { declaredCsp, INLINE_HANDLER } from '../ui/html-checks';

const AT = Date.UTC(2026, 10, 5);
const ADA = { id: 'simulator:ada', label: 'ada@example.com', region: 'na', environment: 'simulator' };

/** The text of one category row's cells as a person reads them (tags dropped, entities decoded). */
function row(html: string, category: string): string[] {
  const tr = new RegExp(`<tr data-category="${category}">(.*?)</tr>`).exec(html)?.[1] ?? '';
  const text = (cell: string) =>
    cell
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return [...tr.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => text(m[1]!));
}

describe('Cost breakdown page', () => {
  it("shows each category with Tesla's price, the month-to-date estimate, the total and calls per endpoint", () => {
    const ledger = new UsageLedger();
    ledger.record({ accountId: ADA.id, method: 'GET', path: '/api/1/vehicles', status: 200, at: AT });
    ledger.record({ accountId: ADA.id, method: 'GET', path: '/api/1/vehicles/5YJ3E1EA8KF000001/vehicle_data?endpoints=charge_state', status: 408, at: AT });
    ledger.record({ accountId: ADA.id, method: 'POST', path: '/api/1/vehicles/5YJ3E1EA8KF000001/wake_up', status: 200, at: AT });
    ledger.record({ accountId: ADA.id, method: 'POST', path: '/api/1/vehicles/5YJ3E1EA8KF000001/command/door_lock', status: 200, at: AT });
    ledger.record({ accountId: ADA.id, method: 'GET', path: '/api/1/vehicles', status: 503, at: AT }); // 5xx: free
    ledger.recordStreaming(ADA.id, 300_000, AT);
    const html = renderCostBody([costAccountReport(ADA, ledger.summary(ADA.id, AT))], { locale: 'en' });
    // Prices: core/billing/prices.ts (developer.tesla.com: data 500/$1, commands 1,000/$1, wakes 50/$1, signals 150,000/$1).
    assert.deepEqual(row(html, 'data'), ['Data', '2', '500 requests per $1.00', '<$0.01']);
    assert.deepEqual(row(html, 'commands'), ['Commands', '1', '1,000 commands per $1.00', '<$0.01']);
    assert.deepEqual(row(html, 'wakes'), ['Wakes', '1', '50 wakes per $1.00', '$0.02']);
    assert.deepEqual(row(html, 'streaming'), ['Streaming', '300,000', '150,000 signals per $1.00', '$2.00']);
    // 0.004 + 0.001 + 0.02 + 2 = 2.025 → Tesla rounds the sum to the cent.
    assert.match(html, /<tr class="total"><th scope="row">Total<\/th><td><\/td><td><\/td><td class="num" data-field="gross">\$2\.03<\/td><\/tr>/);
    assert.match(html, /After Tesla's \$10\.00 monthly discount<\/th><td><\/td><td><\/td><td class="num" data-field="net">\$0\.00</);
    assert.match(html, /<h2>ada@example\.com <span class="muted">· NA · simulator · 2026-11<\/span><\/h2>/);
    const endpoints = [...html.matchAll(/<tr data-endpoint="([^"]+)">.*?data-field="count">(\d+)<\/td><td class="num">(\d+)<\/td><\/tr>/g)].map(
      (m) => `${m[1]} ${m[2]} ${m[3]}`,
    );
    assert.deepEqual(
      endpoints,
      ['GET /vehicles/{tag}/vehicle_data 1 1', 'GET /vehicles 1 0', 'POST /vehicles/{tag}/command/door_lock 1 0', 'POST /vehicles/{tag}/wake_up 1 0'].sort(
        (a, b) => a.localeCompare(b),
      ),
    );
  });

  it('formats in the display language and escapes account labels', () => {
    const ledger = new UsageLedger();
    ledger.recordStreaming('x', 1_500_000, AT);
    const html = renderCostBody([costAccountReport({ ...ADA, id: 'x', label: '<script>alert(1)</script>' }, ledger.summary('x', AT))], { locale: 'de' });
    assert.deepEqual(
      row(html, 'streaming').map((c) => c.replace(/[\u00a0\u202f]/g, ' ')),
      ['Streaming', '1.500.000', '150.000 signals per 1,00 $', '10,00 $'],
    );
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.doesNotMatch(html, /<script/);
    const page = livePageHtml({
      title: 'Fleet API Cost',
      nonce: randomBytes(18).toString('base64'),
      cspSource: 'https://*.vscode-cdn.net',
      scriptUri: 'https://x/live-page.js',
      body: html,
      now: AT,
    });
    assert.doesNotMatch(page, INLINE_HANDLER);
    assert.match(declaredCsp(page) ?? '', /^default-src 'none'; script-src 'nonce-/);
  });

  it('says what to do with no account, and "no billable calls" for an account without any', () => {
    assert.match(renderCostBody([]), /id="no-accounts">Sign in \(or start the simulator\) to see Fleet API costs\./);
    const html = renderCostBody([costAccountReport(ADA, new UsageLedger().summary(ADA.id, AT))]);
    assert.match(html, /No billable calls this month\./);
    assert.deepEqual(row(html, 'data'), ['Data', '0', '500 requests per $1.00', '$0.00']);
  });

  it('follows the calls as they happen: the service fires after a billed call and the page re-renders with it', async () => {
    const fleet = await LoopbackFleet.start();
    fleet.route('GET /api/1/vehicles', {
      status: 200,
      body: { response: [{ id: 1, vin: '5YJ3E1EA8KF000001', display_name: 'Commuter', state: 'online' }], count: 1 },
    });
    const account: VehicleAccount = { info: { ...ADA, baseUrl: fleet.url }, tokens: staticTokenProvider('t'), sessionId: 's1' };
    const source: AccountSource = { accounts: async () => [account], onDidChange: () => ({ dispose() {} }) };
    const settings = (): ServiceSettings => ({ timeoutMs: 5000, liveDataEndpoints: ['charge_state'], wakeMaxPolls: 2, wakeFirstDelayMs: 1, wakeMaxDelayMs: 2 });
    const service = new VehiclesService({ source, logger: createLogger({ sink: memorySink() }), settings });
    // What the cost panel renders on every change (client/vehicles/cost-panel.ts).
    const render = () =>
      renderCostBody(
        service.accounts().map((a) => costAccountReport(a, service.ledger.summary(a.id, Date.now()))),
        { locale: 'en' },
      );
    try {
      await service.reloadAccounts();
      assert.equal(row(render(), 'data')[1], '0');
      let changes = 0;
      const sub = service.onDidChange(() => changes++);
      await service.refreshList(ADA.id);
      sub.dispose();
      assert.ok(changes >= 1, 'the page is told to re-render');
      assert.deepEqual(row(render(), 'data'), ['Data', '1', '500 requests per $1.00', '<$0.01']);
      assert.match(render(), /<tr data-endpoint="GET \/vehicles">/);
    } finally {
      await service.dispose();
      await fleet.close();
    }
  });
});
