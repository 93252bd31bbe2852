import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useSession, type E2ESession } from './host';

/** A config with the classic mistakes: a string port and a misspelt field. Line/column are 1-based below. */
const CONFIG = `{
  "vins": ["5YJ3E1EA8KF000001"],
  "config": {
    "hostname": "telemetry.example.com",
    "port": "443",
    "ca": null,
    "fields": {
      "VehicleSped": { "interval_seconds": 10 },
      "Soc": { "interval_seconds": 60 }
    },
    "prefer_typed": true
  }
}
`;
const PORT_LINE = 5;
const FIELDS_LINE = 9;

async function waitForProblems(s: E2ESession, accept: (texts: string[]) => boolean, timeoutMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let texts: string[] = [];
  while (Date.now() < deadline) {
    texts = (await s.workbench.problems()).filter((r) => r.level === 2).map((r) => r.text);
    if (accept(texts)) return texts;
    await s.page.waitForTimeout(500); // diagnostics arrive asynchronously from the language server
  }
  throw new Error(`Problems panel never matched; last rows:\n${texts.join('\n')}`);
}

/** Focuses the editor and moves the cursor with "Go to Line/Column" (Ctrl+G, `line:column`). */
async function goTo(s: E2ESession, line: number, column: number): Promise<void> {
  await s.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await s.page.keyboard.press('Control+G');
  await s.page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
  await s.page.keyboard.type(`${line}:${column}`);
  await s.page.keyboard.press('Enter');
  await s.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function editorText(s: E2ESession): Promise<string> {
  const text = await s.page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

describe('Telemetry config language in a real VS Code', function () {
  // The tests of a suite walk one session in order: after a failure the rest would only cascade from it, so stop.
  this.bail(true);
  const workspace = mkdtempSync(join(tmpdir(), 'fleetkit-e2e-lsp-'));
  writeFileSync(join(workspace, 'mistakes.telemetry.json'), CONFIG);
  const session = useSession({ suite: 'lsp', workspace });

  it("lists the config's mistakes in the Problems panel", async () => {
    const s = session();
    await s.workbench.openFile('mistakes.telemetry.json');
    await s.page.locator('.editor-instance .monaco-editor').first().waitFor({ state: 'visible' });
    const texts = await waitForProblems(s, (t) => t.some((x) => x.includes('FT202')) && t.some((x) => x.includes('FT101')));
    await s.step('problems listed');
    assert.ok(
      texts.some((t) => /"port" is a string "443"/.test(t)),
      texts.join('\n'),
    );
    assert.ok(
      texts.some((t) => /Unknown telemetry field "VehicleSped".*Did you mean "VehicleSpeed"/.test(t)),
      texts.join('\n'),
    );
    const language = await s.page.locator('.part.statusbar .statusbar-item', { hasText: 'Fleet Telemetry Config' }).count();
    assert.ok(language > 0, 'status bar shows the Fleet Telemetry Config language mode');
  });

  it('offers field names on completion', async () => {
    const s = session();
    await goTo(s, FIELDS_LINE, 1);
    await s.page.keyboard.press('End'); // after `"Soc": { "interval_seconds": 60 }`
    await s.page.keyboard.type(',\n"Odo'); // the editor auto-closes the quote: "Odo|"
    await s.page.keyboard.press('Control+Space');
    const suggestion = s.page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: 'Odometer' });
    await suggestion.first().waitFor({ state: 'visible', timeout: 30_000 });
    await s.step('completion offers Odometer');
    const rows = await s.page.locator('.editor-widget.suggest-widget .monaco-list-row').allTextContents();
    assert.ok(
      rows.some((r) => r.includes('Odometer')),
      rows.join(' | '),
    );
    await s.page.keyboard.press('Enter');
    await s.page.waitForFunction(() => (document.querySelector('.editor-instance .view-lines')?.textContent ?? '').includes('"Odometer"'));
    assert.match(await editorText(s), /"Odometer": \{ "interval_seconds": 60 \}/);
  });

  it('applies the "Convert port to a number" quick fix', async () => {
    const s = session();
    await goTo(s, PORT_LINE, 15); // inside "443"
    await s.page.keyboard.press('Control+.');
    const action = s.page.locator('.action-widget .monaco-list-row', { hasText: 'Convert port to a number' });
    await action.first().waitFor({ state: 'visible', timeout: 30_000 });
    await s.step('quick fix offered');
    // Keyboard first: move the focus to the fix, then Enter.
    for (let i = 0; i < 10 && !(await action.first().evaluate((el) => el.classList.contains('focused'))); i++) await s.page.keyboard.press('ArrowDown');
    await s.page.keyboard.press('Enter');
    await s.page.waitForFunction(() =>
      /"port":\s*443,/.test((document.querySelector('.editor-instance .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ')),
    );
    const texts = await waitForProblems(s, (t) => !t.some((x) => x.includes('FT202')));
    await s.step('port fixed');
    assert.match(await editorText(s), /"port": 443,/);
    assert.ok(
      texts.some((t) => t.includes('FT101')),
      'the other mistake is still listed',
    );
  });
});
