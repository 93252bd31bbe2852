import assert from 'node:assert/strict';
import { useSession } from './host';

// The in-editor mocha suites (test/editor/suites) run inside code-server's extension host through the
// test-runner extension; this suite waits for their report and asserts on it.
describe('In-editor suites in the extension host', function () {
  // The tests of a suite walk one session in order: after a failure the rest would only cascade from it, so stop.
  this.bail(true);
  const session = useSession({ suite: 'editor-suites', editorTests: true });

  it('runs every in-editor suite file and all its tests pass', async () => {
    const s = session();
    const report = await s.editorTestReport();
    await s.step('after in-editor suites');
    assert.equal(report.runnerError, undefined, `the runner failed: ${report.runnerError}`);
    const failures = report.tests.filter((t) => t.state === 'failed');
    assert.deepEqual(
      failures.map((t) => `${t.fullTitle}: ${t.error?.message}`),
      [],
      'in-editor failures',
    );
    assert.ok(report.stats.tests > 0, 'no in-editor test ran');
    assert.equal(report.stats.passes, report.stats.tests);
    const filesWithTests = new Set(report.tests.map((t) => t.file));
    for (const f of report.suiteFiles) assert.ok(filesWithTests.has(f), `${f} ran no test`);
    assert.match(report.vscodeVersion, /^1\.\d+\.\d+/);
    console.error(`      (${report.stats.passes} in-editor tests passed in VS Code ${report.vscodeVersion})`);
  });

  it('shows the in-editor notification as a toast with its button, which dismisses it', async () => {
    const s = session();
    await s.editorTestReport();
    const text = /Fleetkit in-editor suites: notification check/;
    const toast = await s.workbench.waitForNotification(text);
    await s.step('notification toast');
    assert.equal(toast.severity, 'info');
    assert.deepEqual(toast.buttons, ['Got it']);
    await s.workbench.clickNotificationButton(text, 'Got it');
    await s.page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).waitFor({ state: 'hidden' });
    assert.ok(!(await s.workbench.notifications()).some((n) => text.test(n.message)));
  });

  it('ran against the real vscode API: Fleetkit activated and logged its activation', async () => {
    const s = session();
    const report = await s.editorTestReport();
    assert.ok(report.tests.some((t) => t.title === 'activates without error' && t.state === 'passed'));
    assert.match(s.extensionLog('Fleetkit'), /Fleetkit \d+\.\d+\.\d+ activating/);
  });
});
