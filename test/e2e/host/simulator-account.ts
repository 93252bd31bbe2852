/**
 * The steps most suites take to use the simulator: point Fleetkit at it, then sign in through the browser round trip.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { E2ESession } from './session';

/**
 * Selects the simulator environment. These settings are machine-scoped: under code-server they live in
 * <user-data>/Machine/settings.json. `extra` adds machine settings (e.g. the redirect mode).
 */
export function attachSimulator(s: E2ESession, readyFile: unknown, extra: Record<string, unknown> = {}): void {
  const machineDir = join(s.server.dirs.userDataDir, 'Machine');
  mkdirSync(machineDir, { recursive: true });
  writeFileSync(
    join(machineDir, 'settings.json'),
    JSON.stringify({ 'fleetkit.environment': 'simulator', ...extra, 'fleetkit.simulator.readyFile': readyFile }, null, 2),
  );
}

/** Runs Sign In to Tesla; the browser tab goes through the simulator's auto-consent and forwarding page back to the editor. */
export async function signInToSimulator(s: E2ESession): Promise<void> {
  const tab = await s.workbench.followExternal(() => s.workbench.runCommand('Fleetkit: Sign In to Tesla'));
  await tab.waitForLoadState('domcontentloaded');
  // authorize (auto-consent) → the simulator's forwarding page → the editor's callback route.
  await tab.waitForURL(/\/callback\?/, { timeout: 30_000 });
  await s.page.bringToFront();
  await s.workbench.waitForNotification(/Signed in to the simulator as ada@example\.com/, 60_000);
  await tab.close();
}
