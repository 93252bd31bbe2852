import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import type { StoredSession } from '../../core/oauth/session';
import { showError } from '../errors/show-error';
import { asTransportError } from '../simulator/unavailable';
import type { TeslaAuthProvider } from './provider';
import { readAuthSettings } from './settings';
import type { TokenPanels } from './token-panel';

export const WALKTHROUGH_ID = 'fleetkit.getStarted';

function sessionIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { sessionId?: unknown }).sessionId === 'string') return (arg as { sessionId: string }).sessionId;
  return undefined;
}

async function pickSession(provider: TeslaAuthProvider, arg: unknown, title: string): Promise<StoredSession | undefined> {
  const sessions = await provider.storedSessions();
  const id = sessionIdOf(arg);
  if (id) return sessions.find((s) => s.id === id);
  if (sessions.length === 0) {
    const signIn = 'Sign In';
    if ((await vscode.window.showInformationMessage('No Tesla account is signed in.', signIn)) === signIn) {
      await vscode.commands.executeCommand('fleetkit.signIn');
    }
    return undefined;
  }
  if (sessions.length === 1) return sessions[0];
  const pick = await vscode.window.showQuickPick(
    sessions.map((s) => ({ label: s.label, description: `${s.region.toUpperCase()} · ${s.environment}`, session: s })),
    { title, placeHolder: 'Choose an account' },
  );
  return pick?.session;
}

/**
 * Cancelled (including a cancelled "Open external website?" dialog) is not a failure. Otherwise the shared error text:
 * a refused connection to the simulator reads "The local simulator is not running" with Start Simulator.
 */
function reportError(log: Logger, what: string, err: unknown): void {
  if (err instanceof vscode.CancellationError) return;
  log.error(`${what} failed`, err);
  const simulator = readAuthSettings().environment === 'simulator';
  void showError(asTransportError(err), { context: { simulator }, prefix: `${what} failed:` });
}

/**
 * Which simulated account to sign in to, once one is signed in: the simulator has several (NA and EU), and its
 * auto-consent would otherwise sign in the first again. Undefined: no choice to make.
 */
export type SimulatorAccountChooser = () => Promise<string | undefined>;

export function registerAuthCommands(
  provider: TeslaAuthProvider,
  tokenPanels: TokenPanels,
  extensionId: string,
  log: Logger,
  chooseSimulatorAccount?: SimulatorAccountChooser,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('fleetkit.signIn', async () => {
      try {
        const loginHint = await chooseSimulatorAccount?.();
        const s = await provider.signIn(loginHint ? { loginHint } : {});
        void vscode.window.showInformationMessage(
          `Signed in to ${s.environment === 'tesla' ? 'Tesla' : 'the simulator'} as ${s.label} (${s.region.toUpperCase()}).`,
        );
      } catch (err) {
        reportError(log, 'Sign-in', err);
      }
    }),
    vscode.commands.registerCommand('fleetkit.signOut', async (arg?: unknown) => {
      const s = await pickSession(provider, arg, 'Sign out of Tesla');
      if (!s) return;
      await provider.removeSession(s.id);
      void vscode.window.showInformationMessage(`Signed out ${s.label}.`);
    }),
    vscode.commands.registerCommand('fleetkit.inspectToken', async (arg?: unknown) => {
      const s = await pickSession(provider, arg, 'Inspect a Tesla token');
      if (!s) return;
      try {
        tokenPanels.show(s);
      } catch (err) {
        reportError(log, 'Inspect Token', err);
      }
    }),
    vscode.commands.registerCommand('fleetkit.openWalkthrough', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${WALKTHROUGH_ID}`, false),
    ),
  ];
}
