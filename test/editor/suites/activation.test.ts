import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const ID = 'fleetkit.fleetkit';

interface Manifest {
  version: string;
  displayName: string;
  activationEvents?: string[];
  contributes: {
    commands?: { command: string; title: string; category?: string }[];
    viewsContainers?: { activitybar?: { id: string; title: string }[] };
    views?: Record<string, { id: string; name: string }[]>;
  };
}

function fleetkit(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(ID);
  assert.ok(ext, `${ID} is not installed in this editor`);
  return ext;
}

const manifest = (): Manifest => fleetkit().packageJSON as Manifest;

describe('Fleetkit in a real extension host', () => {
  it('is installed with its manifest identity', () => {
    const m = manifest();
    assert.equal(fleetkit().id, ID);
    assert.equal(m.displayName, 'Fleetkit — Tesla Fleet API toolkit');
    assert.match(m.version, /^\d+\.\d+\.\d+/);
  });

  it('activates lazily (no "*" and no onStartupFinished)', () => {
    const events = manifest().activationEvents ?? [];
    assert.ok(!events.includes('*'), 'activationEvents contains "*"');
    assert.ok(!events.includes('onStartupFinished'), 'activationEvents contains onStartupFinished');
  });

  it('activates without error', async () => {
    await fleetkit().activate();
    assert.equal(fleetkit().isActive, true);
  });

  it('registers every command its manifest contributes', async () => {
    await fleetkit().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (manifest().contributes.commands ?? []).map((c) => c.command);
    assert.ok(contributed.includes('fleetkit.showLog'), 'fleetkit.showLog is not contributed');
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered after activation: ${missing.join(', ')}`);
  });

  it('contributes commands under the "Fleetkit" category with fleetkit.* ids', () => {
    for (const c of manifest().contributes.commands ?? []) {
      assert.match(c.command, /^fleetkit\.[a-z][A-Za-z0-9]*$/, `command id ${c.command}`);
      assert.equal(c.category, 'Fleetkit', `category of ${c.command}`);
    }
  });

  it('runs fleetkit.showLog', async () => {
    await vscode.commands.executeCommand('fleetkit.showLog');
  });
});

describe('Fleetkit views', () => {
  it('contributes the Fleetkit activity-bar container with Accounts & Vehicles and Telemetry', () => {
    const m = manifest().contributes;
    const container = m.viewsContainers?.activitybar?.find((c) => c.id === 'fleetkit');
    assert.equal(container?.title, 'Fleetkit');
    const views = (m.views?.fleetkit ?? []).map((v) => [v.id, v.name]);
    assert.deepEqual(views.slice(0, 2), [
      ['fleetkit.vehicles', 'Accounts & Vehicles'],
      ['fleetkit.telemetry', 'Telemetry'],
    ]);
  });

  it('opens the container and focuses each view through its generated commands', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.fleetkit');
    for (const id of ['fleetkit.vehicles', 'fleetkit.telemetry']) {
      await vscode.commands.executeCommand(`${id}.focus`);
    }
  });
});

describe('The test workspace', () => {
  it('is the fixture folder', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(folders[0].name, 'workspace');
  });
});
