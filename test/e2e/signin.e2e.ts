/**
 * Sign-in in the real VS Code (code-server + Chromium) against the local simulator, through the URI handler:
 * the browser goes to the simulator's authorize page (auto-consent), its forwarding page, then the editor
 * callback from env.asExternalUri, and the UriHandler completes the sign-in.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWorld, startSimulator } from '../../simulator/index';
import { useSession } from './host';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) out.push(...filesUnder(p));
    else if (st.isFile() && st.size < 64 * 1024 * 1024) out.push(p);
  }
  return out;
}

describe('Sign-in through the URI handler against the simulator', function () {
  const readyFile = join(tmpdir(), `fleetkit-e2e-signin-ready-${process.pid}.json`);
  let sim: Sim;
  before(async () => {
    // Plain HTTP: the browser has no reason to trust the simulator's CA (the HTTPS path is covered by integration tests).
    // A random client secret (the built-in one is public), so the leak scan below can look for it too.
    const world = defaultWorld();
    world.app.clientSecret = `e2e-secret-${randomBytes(16).toString('hex')}`;
    sim = await startSimulator({ world, autoConsent: true, tls: false });
    writeFileSync(readyFile, JSON.stringify(sim.ready));
  });
  const session = useSession({
    suite: 'signin',
    settings: { 'fleetkit.environment': 'simulator', 'fleetkit.auth.redirectMode': 'uriHandler', 'fleetkit.simulator.readyFile': readyFile },
  });
  after(async () => {
    await sim?.close();
    rmSync(readyFile, { force: true });
  });

  it('attaches to the running simulator named in settings (status bar)', async () => {
    const s = session();
    await s.workbench.openViewContainer('Fleetkit'); // activates Fleetkit
    await s.page.waitForFunction(() => [...document.querySelectorAll('.statusbar-item')].some((e) => /Tesla simulator/.test(e.textContent ?? '')), undefined, { timeout: 30_000 });
    await s.step('simulator attached');
  });

  it('signs in: the browser round trip ends in the editor and the account is stored', async () => {
    const s = session();
    const opened = await s.workbench.followExternal(() => s.workbench.runCommand('Fleetkit: Sign In to Tesla'), 30_000);
    await opened.waitForLoadState('domcontentloaded');
    // The authorize → forwarding page → editor callback chain ends on the workbench's callback route.
    await opened.waitForURL(/\/callback\?/, { timeout: 30_000, waitUntil: 'commit' }).catch(async (err: unknown) => {
      const body = await opened.locator('body').textContent().catch(() => '');
      throw new Error(`the browser stopped at ${opened.url()}: ${(body ?? '').slice(0, 300)} (${String(err)})`);
    });
    assert.ok(opened.url().startsWith(s.server.url.replace(/\/$/, '')), `ended on ${opened.url()}`);
    assert.match(opened.url(), /vscode-authority=fleetkit\.fleetkit/);
    await s.page.bringToFront();
    await s.workbench.waitForNotification(/Signed in to the simulator as ada@example\.com \(NA\)/, 60_000);
    await s.step('signed in');
    await opened.close();
  });

  it('shows the account in the Accounts menu', async () => {
    const s = session();
    const accounts = s.page.locator('.part.activitybar .action-label[aria-label^="Accounts"]').first();
    await accounts.click();
    const item = s.page.locator('.context-view .action-label, .monaco-menu .action-label', { hasText: /ada@example\.com/ }).first();
    await item.waitFor({ state: 'visible', timeout: 20_000 });
    const text = (await item.textContent()) ?? '';
    await s.step('accounts menu');
    assert.match(text, /ada@example\.com \(simulator\)/);
    await s.page.keyboard.press('Escape');
  });

  it('shows the account in the Fleetkit view', async () => {
    const s = session();
    await s.workbench.openViewContainer('Fleetkit');
    await s.workbench.treeRow('Accounts & Vehicles', /ada@example\.com/).first().waitFor({ state: 'visible', timeout: 30_000 });
    await s.step('fleetkit view');
  });

  it('Inspect Token shows the decoded scopes, region and expiry (and no raw token)', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Inspect Token');
    const lines = s.page.locator('.editor-instance .monaco-editor .view-lines').first();
    await s.page.waitForFunction(
      () => [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines')].some((e) => /vehicle_device_data/.test(e.textContent ?? '')),
      undefined,
      { timeout: 30_000 },
    );
    const text = ((await lines.textContent()) ?? '').replace(/\u00a0/g, ' ');
    await s.step('inspect token');
    assert.match(text, /Tesla token — ada@example\.com/);
    assert.match(text, /Region\s*\|\s*NA/);
    assert.match(text, /`vehicle_device_data`/);
    assert.match(text, /expires|in \d+h/i);
    assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'no JWT in the report');
    await s.workbench.waitForNotification(/ada@example\.com: (all scopes|\d+ scope)/);
  });

  it('keeps the session across a reload (SecretStorage persists)', async () => {
    const s = session();
    await s.reload();
    await s.workbench.runCommand('Fleetkit: Show Log'); // activates Fleetkit in the reloaded window
    await s.workbench.openViewContainer('Fleetkit');
    await s.workbench.treeRow('Accounts & Vehicles', /ada@example\.com/).waitFor({ timeout: 30_000 });
    const accounts = s.page.locator('.part.activitybar .action-label[aria-label^="Accounts"]').first();
    const item = s.page.locator('.context-view .action-label, .monaco-menu .action-label', { hasText: /ada@example\.com \(simulator\)/ }).first();
    // The Accounts menu lists what providers reported when it opened; right after a reload the restored session
    // may reach it a moment after the provider registers, so reopen the menu until it shows (bounded).
    for (let attempt = 1; ; attempt++) {
      await accounts.click();
      const shown = await item.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
      if (shown) break;
      await s.page.keyboard.press('Escape');
      if (attempt === 3) throw new Error('the restored account never appeared in the Accounts menu');
    }
    await s.step('after reload');
    await s.page.keyboard.press('Escape');
  });

  it('leaves no token in plain text in user data, extension storage or the browser profile', async () => {
    const s = session();
    const refreshTokens = [...(sim.tokens as unknown as { refresh: Map<string, unknown> }).refresh.keys()];
    assert.ok(refreshTokens.length >= 1, 'the simulator issued a refresh token');
    const files = filesUnder(s.tmpDir);
    assert.ok(files.some((f) => f.includes('user-data')), 'scanned the user-data dir');
    const leaks: string[] = [];
    const jwt = /eyJ[A-Za-z0-9_-]{10,}\.(eyJ[A-Za-z0-9_-]{10,})\.[A-Za-z0-9_-]+/g;
    for (const f of files) {
      const text = readFileSync(f).toString('latin1');
      for (const rt of refreshTokens) if (text.includes(rt)) leaks.push(`${f}: refresh token`);
      if (text.includes(sim.ready.clientSecret)) leaks.push(`${f}: client secret`);
      for (const m of text.matchAll(jwt)) {
        try {
          const payload = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as { iss?: string };
          if (payload.iss?.startsWith(sim.ready.auth)) leaks.push(`${f}: access token`);
        } catch {
          // not a JWT of ours
        }
      }
    }
    assert.deepEqual(leaks, []);
  });
});
