/**
 * `Fleetkit: Send Command…` and the quick vehicle commands: ask (ask-command.ts), confirm what cannot be undone, sign
 * (or proxy/REST) and send with progress, wake a sleeping car once, and show failures with their fixes
 * (error-actions.ts).
 */
import * as vscode from 'vscode';
import {
  AsleepError,
  findCommand,
  QUICK_COMMANDS,
  validateParams,
  type CommandOutcome,
  type CommandProgress,
  type CommandSender,
} from '../../core/command-protocol';
import type { NodeModel } from '../../core/vehicle-model/tree-model';
import type { FleetkitAuth } from '../auth/api';
import type { FleetkitContext } from '../context';
import type { CommandKeyStore } from '../keys/key-store';
import type { ProxyTrust } from '../proxy/proxy-trust';
import { targetOf, type VehicleTarget } from '../vehicles/pick-vehicle';
import type { VehiclesFeature } from '../vehicles/register';
import { readSettings as readVehicleSettings } from '../vehicles/settings';
import { wakeVehicle } from '../vehicles/wake';
import { askCommand, type CommandRequest } from './ask-command';
import { commandConfirmation } from './confirmations';
import { Cancelled, showCommandError, type SendAgain } from './error-actions';
import { CommandSenders } from './senders';
import { MementoSessionStore } from './session-cache';
import { readCommandSettings } from './settings';

/** The most used commands (core's QUICK_COMMANDS), as palette/tree commands of their own: `fleetkit.<verbNoun>` → name. */
export const QUICK_COMMAND_IDS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(QUICK_COMMANDS).map(([name, verb]) => [`fleetkit.${verb}`, name]),
);

export interface SendCommandDeps {
  readonly auth: FleetkitAuth;
  readonly vehicles: VehiclesFeature;
  readonly keys: CommandKeyStore;
  readonly proxyTrust: ProxyTrust;
}

const progressText = (e: CommandProgress): string => {
  const d = e.domain === 'vcsec' ? 'VCSEC' : 'infotainment';
  if (e.stage === 'handshake') return `handshake with ${d}…`;
  if (e.stage === 'send') return `signing and sending to ${d}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}…`;
  return `recovering from a vehicle fault (${e.fault}) with fresh session info…`;
};

/** What other features use to send a catalogue command the way Send Command… does (signed, proxy or REST, per the settings). */
export interface VehicleCommandSenders {
  senderFor(accountId: string): Promise<CommandSender>;
}

export function registerSendCommand(ctx: FleetkitContext, deps: SendCommandDeps): VehicleCommandSenders {
  const log = ctx.log.child('commands');
  const { auth, keys } = deps;
  const { service, view } = deps.vehicles;
  const senders = new CommandSenders({
    log,
    auth,
    vehicles: service,
    keys,
    proxyTrust: deps.proxyTrust,
    sessions: new MementoSessionStore(ctx.extension.globalState),
  });

  const updateTreeDescription = async (): Promise<void> => {
    const info = await keys.get().catch(() => undefined);
    view.description = info ? `command key ${info.fingerprint.short}` : 'no command key';
  };

  /** The modal for commands that cannot be undone from here or hand the car to whoever is at it; true to go ahead. */
  const confirmed = async ({ target, spec, params }: CommandRequest): Promise<boolean> => {
    const c = commandConfirmation(spec.name, params, target.name);
    if (!c) return true;
    const answer = await vscode.window.showWarningMessage(c.message, { modal: true, detail: c.detail }, c.button);
    if (answer !== c.button) log.info(`command ${spec.name} ${target.vin}: not confirmed, not sent`);
    return answer === c.button;
  };

  /** Wakes through the vehicles service (so the tree follows); true when the car came online. */
  const wake = (target: VehicleTarget, confirm?: boolean): Promise<boolean> =>
    wakeVehicle(service, target, { log, purpose: 'to send the command', announceOnline: false, ...(confirm !== undefined ? { confirm } : {}) });

  const sendOnce = async ({ target, spec, params }: CommandRequest): Promise<CommandOutcome> =>
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${spec.title} → ${target.name}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort(new Cancelled('cancelled')));
        try {
          progress.report({ message: 'preparing…' });
          const sender = await senders.senderFor(target.accountId);
          return await sender.send(target.vin, spec.name, params, controller.signal, (e) => progress.report({ message: progressText(e) }));
        } finally {
          sub.dispose();
        }
      },
    );

  const afterSuccess = async ({ target, spec }: CommandRequest, outcome: CommandOutcome): Promise<void> => {
    void vscode.commands.executeCommand('setContext', 'fleetkit.commandSent', true);
    if (outcome.via === 'signed') {
      ctx.progress.update({ vehiclePaired: true, ...(service.account(target.accountId)?.environment === 'tesla' ? { teslaVehiclePaired: true } : {}) });
      service.keyPaired(target.accountId, target.vin);
    }
    const rec = service.cache.get(target.accountId, target.vin);
    // Refresh the tree only where the user had fetched live data: never on our own initiative otherwise.
    if (rec?.dataAt !== undefined && readCommandSettings().refreshAfterCommand && spec.name !== 'wake_up') {
      await service
        .fetchLiveData(target.accountId, target.vin)
        .catch((err: unknown) => log.warn(`refreshing ${target.vin} after ${spec.name} failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  };

  const again: SendAgain = {
    send: (request) => run(request),
    editParameters: async ({ target, spec, params }) => {
      const asked = await askCommand(service, { target, spec, previous: params });
      if (asked && (await confirmed(asked))) await run(asked);
    },
    wake: (target) => wake(target),
  };
  const failed = (err: unknown, request: CommandRequest): Promise<void> =>
    showCommandError({ log, output: ctx.output, auth, vehicles: service, keys }, err, request, again);

  const run = async (request: CommandRequest): Promise<void> => {
    const { target, spec, params } = request;
    try {
      validateParams(spec, params);
    } catch (err) {
      return failed(err, request);
    }
    let outcome: CommandOutcome;
    try {
      try {
        outcome = await sendOnce(request);
      } catch (err) {
        if (!(err instanceof AsleepError) || spec.name === 'wake_up') throw err;
        const ask = readVehicleSettings().confirmWake;
        log.info(
          `command ${spec.name} ${target.vin}: vehicle asleep (HTTP ${err.status})${ask ? '' : '; waking without asking (fleetkit.vehicles.confirmWake is off)'}`,
        );
        if (!(await wake(target, ask))) return;
        outcome = await sendOnce(request);
      }
    } catch (err) {
      return failed(err, request);
    }
    const how = `${outcome.via}${outcome.domain ? ` ${outcome.domain}` : ''}, ${outcome.handshakes} handshake${outcome.handshakes === 1 ? '' : 's'}, ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}`;
    log.info(
      `command ${spec.name} ${target.vin} → ${outcome.ok ? 'ok' : `refused: ${outcome.reason || '(no reason)'}`} (${how})${outcome.txid ? ` txid=${outcome.txid}` : ''}`,
    );
    if (outcome.ok) {
      void vscode.window.showInformationMessage(`Fleetkit: ${spec.title} sent to ${target.name} (${how}).${outcome.reason ? ` ${outcome.reason}` : ''}`);
      await afterSuccess(request, outcome);
    } else {
      void vscode.window.showWarningMessage(`Fleetkit: ${target.name} refused ${spec.name}: ${outcome.reason || 'no reason given'}.`);
    }
  };

  const sendCommand = async (node?: NodeModel, commandName?: string): Promise<void> => {
    try {
      const fromTree = targetOf(service, node);
      const fixedSpec = typeof commandName === 'string' ? findCommand(commandName) : undefined;
      const asked = await askCommand(service, { ...(fromTree ? { target: fromTree } : {}), ...(fixedSpec ? { spec: fixedSpec } : {}) });
      if (!asked || !(await confirmed(asked))) return;
      await run(asked);
    } catch (err) {
      log.error('Send Command failed', err);
      void vscode.window.showErrorMessage(`Fleetkit: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand('fleetkit.sendCommand', (node?: NodeModel, name?: string) => sendCommand(node, name)),
    ...Object.entries(QUICK_COMMAND_IDS).map(([id, name]) => vscode.commands.registerCommand(id, (node?: NodeModel) => sendCommand(node, name))),
    keys.onDidChange(() => {
      senders.keyChanged();
      void updateTreeDescription();
    }),
  );
  void updateTreeDescription();
  return { senderFor: (accountId) => senders.senderFor(accountId) };
}
