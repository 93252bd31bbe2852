/**
 * Real firmware for the "needs newer firmware" diagnostic (FT120): the vehicles service asks the simulator for
 * fleet_status over HTTPS, the editor's mapping turns its cache into VIN → firmware, and the language server (the
 * shipped bundle, over stdio) flags a field the vehicle's firmware is too old for.
 */
import assert from 'node:assert/strict';
import { DidOpenTextDocumentNotification, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { createLogger, memorySink } from '../../../core/log/logger';
import { VehiclesService } from '../../../client/vehicles/service';
import { firmwareByVin } from '../../../client/telemetry-config/vehicle-firmware';
import { buildBundles, startSession, VehicleFirmwareNotification, type LspSession } from '../lsp/client';
import { NA_EMAIL, signIn, startSim, type SimHandle } from '../fleet-api/sim-fixture';

const OLD = '5YJ3E1EA8KF000001';
const URI = 'file:///tmp/fleetkit-firmware-test/old.telemetry.json';
const TEXT = JSON.stringify(
  { vins: [OLD], config: { hostname: 'telemetry.example.com', port: 443, ca: null, fields: { Soc: { interval_seconds: 60 } }, prefer_typed: true } },
  null,
  2,
);

const ft120 = (d: Diagnostic[]): Diagnostic[] => d.filter((x) => x.code === 'FT120');

describe('vehicle firmware from fleet_status reaches the language server (FT120 on real data)', function () {
  this.timeout(120_000);
  let h: SimHandle;
  let service: VehiclesService;
  let lsp: LspSession;

  before(async () => {
    buildBundles();
    h = await startSim((world) => {
      for (const v of world.vehicles) if (v.vin === OLD) v.firmware = '2024.20.1';
    });
    const user = await signIn(h, NA_EMAIL);
    service = new VehiclesService({
      source: {
        accounts: async () => [
          {
            info: { id: user.accountId, label: NA_EMAIL, region: 'na', environment: 'simulator', baseUrl: h.sim.urls.fleet.na },
            tokens: user.tokens,
            ca: h.sim.caPem ?? undefined,
          },
        ],
        onDidChange: () => ({ dispose() {} }),
      },
      logger: createLogger({ sink: memorySink() }),
      settings: () => ({ timeoutMs: 10_000, liveDataEndpoints: ['charge_state'], wakeMaxPolls: 1, wakeFirstDelayMs: 1, wakeMaxDelayMs: 1 }),
    });
    await service.reloadAccounts();
    lsp = await startSession(['dist/server.js', '--stdio']);
  });

  after(async () => {
    await lsp?.close();
    await service?.dispose();
    await h?.close();
  });

  it('no FT120 before any firmware is known; after fleet_status the old car is named with its version', async () => {
    await lsp.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: URI, languageId: 'fleet-telemetry-config', version: 1, text: TEXT },
    });
    const before = await lsp.diagnostics(URI);
    assert.deepEqual(ft120(before.diagnostics), []);

    const accountId = service.accounts()[0].id;
    await service.refreshList(accountId);
    assert.deepEqual(firmwareByVin(service.cache.list(accountId)), {}, 'the vehicle list carries no firmware');
    await service.fleetStatus(accountId);
    const firmware = firmwareByVin(service.cache.list(accountId));
    assert.equal(firmware[OLD], '2024.20.1');

    await lsp.connection.sendNotification(VehicleFirmwareNotification, { firmware });
    const after = await lsp.diagnostics(URI, (p) => ft120(p.diagnostics).length > 0);
    const messages = ft120(after.diagnostics).map((d) => d.message);
    assert.ok(
      messages.every((m): m is string => typeof m === 'string'),
      'plain-text messages (LSP 3.18 also allows MarkupContent)',
    );
    assert.ok(
      messages.some((m) => /prefer_typed/.test(m) && m.includes(`${OLD} (2024.20.1)`)),
      messages.join('\n'),
    );
  });
});
