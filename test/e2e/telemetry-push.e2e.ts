import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCa } from '../../core/certs';
import { startSimulator, defaultWorld } from '../../simulator/index';
import { telemetryConfigsOf } from '../../simulator/telemetry-config/store';
import { useSession, type E2ESession } from './host';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const PAIRED = '5YJ3E1EA7KF000001';
const UNPAIRED = '7SAYGDEE1PF000002';

function configText(port: string): string {
  return JSON.stringify(
    {
      vins: [PAIRED, UNPAIRED],
      config: { hostname: 'telemetry.example.com', port: JSON.parse(port), ca: null, fields: { Soc: { interval_seconds: 60 } }, prefer_typed: true },
    },
    null,
    2,
  );
}

/** Push Telemetry Config in a real VS Code (a simulator this suite starts, a command key file in the settings). */
describe('Push Telemetry Config in a real VS Code', function () {
  let sim: Sim;
  const dir = mkdtempSync(join(tmpdir(), 'fleetkit-e2e-push-'));
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'good.telemetry.json'), configText('443'));
  writeFileSync(join(workspace, 'bad.telemetry.json'), configText('"443"'));
  const keyPath = join(dir, 'command-key.pem');
  writeFileSync(keyPath, generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'pem', type: 'sec1' }));
  const settings: Record<string, unknown> = { 'fleetkit.environment': 'simulator', 'fleetkit.partner.keyFile': keyPath };

  before(async () => {
    const ca = createCa({ commonName: 'Fleetkit E2E push CA' });
    const caPath = join(dir, 'ca.pem');
    writeFileSync(caPath, ca.certPem);
    sim = await startSimulator({ world: defaultWorld(), autoConsent: true, tls: { ca, caPath } });
    const readyFile = join(dir, 'ready.json');
    writeFileSync(readyFile, JSON.stringify(sim.ready) + '\n');
    settings['fleetkit.simulator.readyFile'] = readyFile;
  });

  after(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const session = useSession({ suite: 'telemetry-push', settings, workspace });

  /** Simulator settings are machine-scoped: in code-server they live in <user-data>/Machine/settings.json. */
  function attachSimulator(s: E2ESession): void {
    const machineDir = join(s.server.dirs.userDataDir, 'Machine');
    mkdirSync(machineDir, { recursive: true });
    writeFileSync(join(machineDir, 'settings.json'), JSON.stringify({ 'fleetkit.environment': 'simulator', 'fleetkit.simulator.readyFile': settings['fleetkit.simulator.readyFile'] }, null, 2));
  }

  it('refuses to push while the config has errors', async () => {
    const s = session();
    attachSimulator(s);
    await s.workbench.openFile('bad.telemetry.json');
    // Wait until the language server has reported the string port, then try to push.
    for (let i = 0; i < 120 && !(await s.workbench.problems()).some((r) => r.text.includes('FT202')); i++) await s.page.waitForTimeout(500);
    await s.workbench.runCommand('Fleetkit: Push Telemetry Config');
    const toast = await s.workbench.waitForNotification(/error\(s\) in the config block the push/);
    await s.step('push blocked');
    assert.match(toast.message, /"port" is a string/);
    assert.equal(telemetryConfigsOf(sim.world).of(PAIRED).length, 0);
  });

  // The signed-in push (signature verified by the simulator, skipped vehicles reported) is covered over the Fleet API
  // client in test/integration/telemetry-config-push; here the editor side: a valid config gets past validation.
  it('a valid config passes validation and asks for an account before anything is sent', async () => {
    const s = session();
    await s.workbench.openFile('good.telemetry.json');
    await s.workbench.runCommand('Fleetkit: Push Telemetry Config');
    const toast = await s.workbench.waitForNotification(/Sign in to Tesla \(or the local simulator\) first/, 30_000);
    await s.step('asks to sign in');
    assert.equal(toast.severity, 'error');
    assert.equal(telemetryConfigsOf(sim.world).of(PAIRED).length, 0, 'nothing was pushed');
  });
});
