/**
 * What a failed command shows and offers: no key (Generate / Import), an untrusted tesla-http-proxy (Configure
 * Transport…), everything else through showError with this command's actions — pair (the simulator's own page or
 * Tesla's `_ak` link, or Pair with Simulated Vehicle in one step), copy the public key, wake, edit the parameters,
 * retry, check the car's state.
 */
import * as vscode from 'vscode';
import { simulatorBrowserBase } from '../../core/messages/simulator-ready';
import { exportPublicKeyPem } from '../../core/keys';
import type { Logger } from '../../core/log/logger';
import type { FleetkitAuth } from '../auth/api';
import { openInBrowser } from '../auth/open-browser';
import { showError } from '../errors/show-error';
import type { CommandKeyStore } from '../keys/key-store';
import { accountIdOf } from '../vehicles/accounts';
import type { VehicleTarget } from '../vehicles/pick-vehicle';
import type { VehiclesService } from '../vehicles/service';
import type { CommandRequest } from './ask-command';
import { PAIR_SIMULATED_COMMAND } from './pair-simulated';
import { pairingLink } from './pairing';
import { PROXY_CA_SETTING, proxyTrustProblem } from '../proxy/proxy-trust';
import { NoKeyError } from './senders';
import { readCommandSettings } from './settings';

/** The user cancelled the send (the progress notification's Cancel). */
export class Cancelled extends Error {}

export interface CommandErrorDeps {
  readonly log: Logger;
  readonly output: vscode.LogOutputChannel;
  readonly auth: FleetkitAuth;
  readonly vehicles: VehiclesService;
  readonly keys: CommandKeyStore;
}

/** How the send flow goes on from a button: send the same request again, or ask its parameters again first. */
export interface SendAgain {
  send(request: CommandRequest): Promise<void>;
  editParameters(request: CommandRequest): Promise<void>;
  /** Wake the car (the prompt honours fleetkit.vehicles.confirmWake); true when it came online. */
  wake(target: VehicleTarget): Promise<boolean>;
}

/** Where the browser opens the pages of the simulator an account belongs to (its plain-HTTP listener); undefined for Tesla. */
async function simulatorPagesFor(auth: FleetkitAuth, accountId: string): Promise<string | undefined> {
  const session = (await auth.sessions()).find((s) => accountIdOf(s) === accountId);
  const ready = session?.environment === 'simulator' ? auth.environmentOf(session)?.simulator : undefined;
  return ready ? simulatorBrowserBase(ready) : undefined;
}

/** The simulator's own pairing page for its accounts; Tesla's `_ak` link for the configured domain otherwise. */
const pairingLinkFor = (simulatorBaseUrl: string | undefined, fallback?: string): string | undefined =>
  pairingLink({ domain: readCommandSettings().pairingDomain, ...(simulatorBaseUrl ? { simulatorBaseUrl } : {}) }) ?? fallback;

/** Shows why `request` failed with the buttons that fix it, and runs the one picked. A cancel is logged, not shown. */
export async function showCommandError(deps: CommandErrorDeps, err: unknown, request: CommandRequest, again: SendAgain): Promise<void> {
  const { log, keys, vehicles } = deps;
  const { target, spec } = request;
  if (err instanceof Cancelled || (err instanceof Error && err.name === 'AbortError')) {
    log.info(`command ${spec.name} ${target.vin}: cancelled`);
    return;
  }
  if (err instanceof NoKeyError) {
    const gen = 'Generate Command Key';
    const imp = 'Import Command Key';
    const picked = await vscode.window.showWarningMessage(`Fleetkit: ${err.message}`, gen, imp);
    if (picked === gen) await vscode.commands.executeCommand('fleetkit.generateCommandKey');
    if (picked === imp) await vscode.commands.executeCommand('fleetkit.importCommandKey');
    return;
  }
  const proxyProblem = readCommandSettings().transport === 'proxy' ? proxyTrustProblem(err) : undefined;
  if (proxyProblem) {
    log.error(`command ${spec.name} ${target.vin} failed: ${proxyProblem}`);
    const picked = await vscode.window.showErrorMessage(`Fleetkit: ${proxyProblem}`, 'Configure Transport…', 'Open Settings', 'Show Log');
    if (picked === 'Configure Transport…') await vscode.commands.executeCommand('fleetkit.configureCommandTransport');
    if (picked === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', PROXY_CA_SETTING);
    if (picked === 'Show Log') deps.output.show(true);
    return;
  }
  let link: string | undefined;
  const simulatorPages = await simulatorPagesFor(deps.auth, target.accountId).catch(() => undefined);
  await showError(err, {
    context: { vehicle: target.name, simulator: vehicles.account(target.accountId)?.environment === 'simulator' },
    prefix: `${spec.name} to ${target.name} failed:`,
    message: (d) => {
      if (!d.actions.includes('pair')) return `${spec.name} to ${target.name} failed: ${d.message}`;
      link = pairingLinkFor(simulatorPages, d.url);
      return `${target.name} does not know your command key yet. The owner approves it at ${link}.`;
    },
    log: (d) =>
      log.error(
        `command ${spec.name} ${target.vin} failed: ${d.message}${link && link !== d.url ? ` (pairing page: ${link})` : ''}${d.txid ? ` txid=${d.txid}` : ''}`,
      ),
    // The simulator pairs in one step, then the command that needed the key goes out again.
    extraActions: simulatorPages
      ? [
          {
            label: 'Pair with Simulated Vehicle',
            after: 'pair',
            run: async () =>
              (await vscode.commands.executeCommand<boolean>(PAIR_SIMULATED_COMMAND, { vin: target.vin, resume: true })) ? again.send(request) : undefined,
          },
        ]
      : [],
    handlers: {
      pair: async () => {
        // Cancelling "Open external website?" is the user's choice: logged, never an error (see openInBrowser).
        if (link) await openInBrowser(link, log, 'Pairing page');
      },
      copyPublicKey: async () => {
        const info = await keys.get().catch(() => undefined);
        if (info) await vscode.env.clipboard.writeText(exportPublicKeyPem(info.key));
      },
      wake: async () => {
        if (await again.wake(target)) await again.send(request);
      },
      fixParams: () => again.editParameters(request),
      retry: () => again.send(request),
      checkState: () => vscode.commands.executeCommand('fleetkit.fetchLiveData', { accountId: target.accountId, vin: target.vin }),
    },
  });
}
