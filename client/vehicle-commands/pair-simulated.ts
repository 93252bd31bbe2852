/**
 * `Fleetkit: Pair with Simulated Vehicle`: the current command key is approved on a simulated car in one step (what
 * the owner does on the pairing page), so the first signed command works without a browser.
 */
import * as vscode from 'vscode';
import { exportPublicKeyPem } from '../../core/keys';
import type { FleetkitAuth } from '../auth/api';
import type { FleetkitContext } from '../context';
import type { CommandKeyInfo, CommandKeyStore } from '../keys/key-store';
import { accountIdOf } from '../vehicles/accounts';
import type { VehiclesService } from '../vehicles/service';
import { SIMULATOR_PAIRING_DOMAIN } from './pairing';
import { readCommandSettings } from './settings';
import { listSimulatedVehicles, pairSimulatedVehicle, simulatedVehiclePicks, type SimulatedVehicle } from '../simulator/pairing-client';

export const PAIR_SIMULATED_COMMAND = 'fleetkit.pairWithSimulatedVehicle';

/**
 * A tree node or `{ vin }` preselects the car (no quick pick). `{ resume: true }`: the caller sends its own command
 * next and reports that, so no success message of our own (one message for the one thing the user asked for).
 */
function argOf(arg: unknown): { vin: string | undefined; resume: boolean } {
  const o = arg && typeof arg === 'object' ? (arg as { vin?: unknown; resume?: unknown }) : {};
  return { vin: typeof o.vin === 'string' && o.vin ? o.vin : undefined, resume: o.resume === true };
}

export interface PairSimulatedDeps {
  readonly auth: FleetkitAuth;
  readonly vehicles: VehiclesService;
  readonly keys: CommandKeyStore;
}

export function registerPairWithSimulatedVehicle(ctx: FleetkitContext, deps: PairSimulatedDeps): void {
  const log = ctx.log.child('pairing');
  const { auth, keys, vehicles: service } = deps;

  /** The stored key, or the one the user generates or imports now; undefined if they do neither. */
  const commandKey = async (): Promise<CommandKeyInfo | undefined> => {
    const existing = await keys.get();
    if (existing) return existing;
    const gen = 'Generate Command Key';
    const imp = 'Import Command Key';
    const picked = await vscode.window.showWarningMessage(
      'Fleetkit: there is no command key to pair yet. Generate or import one (it stays in VS Code SecretStorage).',
      gen,
      imp,
    );
    if (picked === gen) await vscode.commands.executeCommand('fleetkit.generateCommandKey');
    else if (picked === imp) await vscode.commands.executeCommand('fleetkit.importCommandKey');
    else return undefined;
    return keys.get();
  };

  /** Resolves true when the key was paired. */
  const pair = async (arg?: unknown): Promise<boolean> => {
    try {
      const env = await auth.requireEnvironment();
      if (!env.simulator) {
        const open = 'Open Settings';
        const picked = await vscode.window.showWarningMessage(
          'Fleetkit: Pair with Simulated Vehicle works with the local simulator, and fleetkit.environment is "tesla". A real car\'s owner approves your key at https://tesla.com/_ak/<your domain>.',
          open,
        );
        if (picked === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'fleetkit.environment');
        return false;
      }
      const target = { baseUrl: env.simulator.auth, dispatcher: env.dispatcher };
      const key = await commandKey();
      if (!key) return false;
      const vehicles = await listSimulatedVehicles(target);
      const { vin: wanted, resume } = argOf(arg);
      let vehicle: SimulatedVehicle | undefined = wanted ? vehicles.find((v) => v.vin === wanted) : undefined;
      if (wanted && !vehicle) throw new Error(`the simulator has no vehicle ${wanted}`);
      if (!vehicle) {
        const owners = new Set((await auth.sessions()).filter((s) => s.environment === 'simulator').map((s) => s.accountId));
        const picked = await vscode.window.showQuickPick(simulatedVehiclePicks(vehicles, owners), {
          title: `Pair command key ${key.fingerprint.short} with a simulated vehicle`,
          placeHolder: 'Simulated vehicle',
          matchOnDescription: true,
          matchOnDetail: true,
        });
        if (!picked) return false;
        vehicle = picked.vehicle;
      }
      const car = vehicle;
      const domain = readCommandSettings().pairingDomain || SIMULATOR_PAIRING_DOMAIN;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Fleetkit: pairing command key ${key.fingerprint.short} with ${car.displayName}…` },
        () => pairSimulatedVehicle(target, domain, car.vin, exportPublicKeyPem(key.key)),
      );
      log.info(`paired command key ${key.fingerprint.short} with ${car.vin} on the simulator (pairing domain ${result.domain})`);
      ctx.progress.update({ vehiclePaired: true });
      const accountId = accountIdOf({ environment: 'simulator', accountId: car.ownerId });
      service.keyPaired(accountId, car.vin);
      if (resume) return true;
      const send = 'Send Command…';
      const offerSend = service.account(accountId) !== undefined;
      void vscode.window
        .showInformationMessage(
          `Fleetkit: command key ${key.fingerprint.short} is paired with ${car.displayName} (${car.vin}); signed commands to it go through now.`,
          ...(offerSend ? [send] : []),
        )
        .then((picked) => (picked === send ? vscode.commands.executeCommand('fleetkit.sendCommand', { accountId, vin: car.vin }) : undefined));
      return true;
    } catch (err) {
      log.error('Pair with Simulated Vehicle failed', err);
      const retry = 'Try Again';
      const picked = await vscode.window.showErrorMessage(
        `Fleetkit: pairing with the simulated vehicle failed: ${err instanceof Error ? err.message : String(err)}`,
        retry,
        'Show Log',
      );
      if (picked === retry) return pair(arg);
      if (picked === 'Show Log') ctx.output.show(true);
      return false;
    }
  };

  ctx.extension.subscriptions.push(vscode.commands.registerCommand(PAIR_SIMULATED_COMMAND, (arg?: unknown) => pair(arg)));
}
