import assert from 'node:assert/strict';
import { fleetkitVersion, useSession } from './host';

describe('Foundation: Fleetkit in a real VS Code', function () {
  // The tests of a suite walk one session in order: after a failure the rest would only cascade from it, so stop.
  this.bail(true);
  const session = useSession({ suite: 'foundation' });

  it('opens the workbench on the fixture folder', async () => {
    const s = session();
    await s.step('workbench open');
    assert.equal(await s.page.locator('.part.titlebar .window-title, .part.titlebar .command-center').first().isVisible(), true);
    assert.match(await s.page.title(), /workspace/);
  });

  it('shows the Fleetkit container in the activity bar', async () => {
    const s = session();
    await s.workbench.waitForActivityBarItem('Fleetkit');
    const items = await s.workbench.activityBarItems();
    assert.ok(items.includes('Fleetkit'), `activity bar items: ${items.join(', ')}`);
    assert.ok(items.includes('Explorer'), 'the built-in containers are there too');
    await s.step('activity bar');
  });

  it('opens the container and renders the Accounts & Vehicles welcome content', async () => {
    const s = session();
    await s.workbench.openViewContainer('Fleetkit');
    const view = await s.workbench.readView('Accounts & Vehicles');
    await s.step('accounts and vehicles welcome');
    assert.equal(view.expanded, true);
    assert.deepEqual(view.rows, [], 'no accounts yet, so no tree rows');
    assert.deepEqual(view.welcome.paragraphs.slice(0, 2), [
      'Fleetkit shows your Tesla accounts and vehicles here.',
      'No Tesla account yet? The local simulator has a fleet you can use right away.',
    ]);
    assert.deepEqual(view.welcome.buttons, ['Sign in to Tesla', 'Start the local simulator']);
    assert.deepEqual(view.welcome.links, [
      { text: 'Open the walkthrough', href: 'command:fleetkit.openWalkthrough' },
      { text: 'show the log', href: 'command:fleetkit.showLog' },
    ]);
  });

  it('renders the Telemetry welcome content', async () => {
    const s = session();
    const view = await s.workbench.readView('Telemetry');
    await s.step('telemetry welcome');
    assert.equal(view.expanded, true);
    assert.equal(view.welcome.paragraphs[0], 'Live Fleet Telemetry from your vehicles shows here once the telemetry bridge is running.');
    assert.deepEqual(view.welcome.buttons, ['Open Live Telemetry']);
    assert.deepEqual(view.welcome.links, [{ text: 'Start the local simulator', href: 'command:fleetkit.startSimulator' }]);
    assert.match(view.text, /its vehicles stream to the bundled bridge\./);
  });

  it('runs "Fleetkit: Show Log" from the command palette and shows the activation line', async () => {
    const s = session();
    await s.workbench.openCommandPalette();
    await s.page.keyboard.type('Fleetkit: Show');
    await s.page.locator('.quick-input-list .monaco-list-row .label-name', { hasText: 'Fleetkit: Show Log' }).first().waitFor();
    await s.step('command palette lists Fleetkit Show Log');
    await s.workbench.closeQuickInput();

    await s.workbench.runCommand('Fleetkit: Show Log');
    const text = await s.workbench.waitForOutput('Fleetkit', new RegExp(`Fleetkit ${fleetkitVersion().replace(/\./g, '\\.')} activating`));
    await s.step('fleetkit output channel');
    assert.match(text, /\[info\] Fleetkit \d+\.\d+\.\d+ activating/);
    // The same line reached the channel's log file on disk, through the redacting logger.
    assert.match(s.extensionLog('Fleetkit'), /\[info\] Fleetkit \d+\.\d+\.\d+ activating/);
  });
});
