import assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** test/e2e/editor-suites.e2e.ts finds this toast in the workbench and clicks its button. */
const NOTIFICATION_TEXT = 'Fleetkit in-editor suites: notification check';

describe('Notifications', () => {
  it('an information message with a button waits for the user', async () => {
    const shown = vscode.window.showInformationMessage(NOTIFICATION_TEXT, 'Got it');
    const state = await Promise.race([shown.then(() => 'answered'), new Promise<string>((r) => setTimeout(() => r('waiting'), 500))]);
    assert.equal(state, 'waiting', 'the message resolved without anyone clicking it');
  });
});
