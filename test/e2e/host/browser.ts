import { chromium, type BrowserContext } from 'playwright-core';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './paths';

/** Flags from docs: no sandbox (root in CI), no GPU, nothing that talks to Google. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
  '--password-store=basic',
];

export const VIEWPORT = { width: 1440, height: 900 } as const;

/**
 * A persistent context (a real Chromium profile dir), so what the workbench keeps in the browser
 * (IndexedDB, the secret-storage key) survives page reloads within a test.
 */
export async function launchBrowser(profileDir: string): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it: apt-get install -y chromium (or set FLEETKIT_CHROMIUM).`);
  }
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: process.env.FLEETKIT_E2E_HEADED !== '1',
    args: [...CHROMIUM_ARGS],
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC',
    // The workbench reads the clipboard for paste; granting avoids a permission prompt.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  // tsx (esbuild, keepNames) wraps named functions inside `evaluate` callbacks in `__name(fn, "n")`;
  // the page has no such helper, so give every frame (webviews too) a no-op one.
  await context.addInitScript('globalThis.__name = globalThis.__name || ((fn) => fn);');
  return context;
}
