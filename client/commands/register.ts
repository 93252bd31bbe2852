import * as vscode from 'vscode';
import {
  AsleepError,
  COMMAND_CATALOGUE,
  createCommandSender,
  findCommand,
  QUICK_COMMANDS,
  validateParams,
  type CommandOutcome,
  type CommandProgress,
  type CommandSender,
  type CommandSpec,
  type ParamValue,
} from '../../core/command-protocol';
import { formatUsd, unitPrice } from '../../core/billing/prices';
import { exportPublicKeyPem } from '../../core/keys';
import { vehicleLabel, stateOf, type NodeModel } from '../../core/vehicle-model/tree-model';
import { fleetkitAuth } from '../auth/api';
import type { FleetkitContext } from '../context';
import { commandKeyStore } from '../keys/key-store';
import { accountIdOf } from '../vehicles/accounts';
import { vehiclesFeature } from '../vehicles/register';
import { readSettings as readVehicleSettings } from '../vehicles/settings';
import { commandPickEntries } from './command-picks';
import { pairingLink, SIMULATOR_PAIRING_DOMAIN } from './pairing';
import { paramPrompt, shouldAsk } from './param-prompts';
import { commandConfirmation } from './confirmations';
import { currentParamValues } from './current-values';
import { MultiStepInput, type PickItem } from '../ui/multi-step';
import type { Step } from '../ui/flow';
import { MementoSessionStore } from './session-cache';
import { registerConfigureTransport } from './configure-transport';
import { readCommandSettings } from './settings';
import { PROXY_CA_SETTING, ProxyTrust, proxyTrustProblem } from './proxy-trust';
import { showError } from '../errors/show-error';
import { simulatorBrowserBase } from '../../core/config/simulator-ready';
import { openInBrowser } from '../auth/open-browser';
import { PAIR_SIMULATED_COMMAND, registerPairWithSimulatedVehicle } from './pair-simulated';

interface Target {
  accountId: string;
  vin: string;
  name: string;
}

/** The most used commands (core's QUICK_COMMANDS), as palette/tree commands of their own: `fleetkit.<verbNoun>` → name. */
export const QUICK_COMMAND_IDS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(QUICK_COMMANDS).map(([name, verb]) => [`fleetkit.${verb}`, name]));

class Cancelled extends Error {}

class NoKeyError extends Error {
  constructor() {
    super('there is no command key yet: generate or import one (it stays in VS Code SecretStorage), then pair it with the vehicle.');
    this.name = 'NoKeyError';
  }
}


/** `Fleetkit: Send Command…` and the quick vehicle commands: sign (or proxy/REST) and send, with progress and actionable errors. */
export function registerCommands(ctx: FleetkitContext): void {
  const log = ctx.log.child('commands');
  const sessions = new MementoSessionStore(ctx.extension.globalState);
  const keys = commandKeyStore();
  const senders = new Map<string, CommandSender>();
  const objectIds = new WeakMap<object, number>();
  let nextObjectId = 1;
  /** A stable number per client or pool, so a sender is rebuilt when the account reconnects or the trust changes. */
  const idOf = (o: object): number => {
    let id = objectIds.get(o);
    if (!id) objectIds.set(o, (id = nextObjectId++));
    return id;
  };
  const proxyTrust = new ProxyTrust();
  ctx.extension.subscriptions.push({ dispose: () => void proxyTrust.close() });

  const service = () => {
    const f = vehiclesFeature();
    if (!f) throw new Error('The Accounts & Vehicles view is not available');
    return f.service;
  };

  const updateTreeDescription = async (): Promise<void> => {
    const view = vehiclesFeature()?.view;
    if (!view) return;
    const info = await keys.get().catch(() => undefined);
    view.description = info ? `command key ${info.fingerprint.short}` : 'no command key';
  };

  const targetOf = (node: NodeModel & { vin: string }): Target => {
    const rec = service().cache.get(node.accountId, node.vin);
    return { accountId: node.accountId, vin: node.vin, name: rec ? vehicleLabel(rec) : node.vin };
  };

  /** The cached vehicles of every account; the list call first (one data call per account, never a wake) when none are cached. */
  const vehicleChoices = async (): Promise<Array<PickItem<Target>> | undefined> => {
    const svc = service();
    const build = (): Array<PickItem<Target>> =>
      svc.accounts().flatMap((a) =>
        svc.cache.list(a.id).map((r) => ({ label: vehicleLabel(r), description: `${r.vin} · ${stateOf(r)}`, detail: a.label, value: { accountId: a.id, vin: r.vin, name: vehicleLabel(r) } })),
      );
    let items = build();
    if (!items.length) {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Fleetkit: listing vehicles…' }, () => svc.refreshAll());
      items = build();
    }
    if (!items.length) {
      const signIn = 'Sign In';
      if ((await vscode.window.showInformationMessage('Fleetkit: no vehicles to send a command to. Sign in (or start the simulator) first.', signIn)) === signIn) {
        await vscode.commands.executeCommand('fleetkit.signIn');
      }
      return undefined;
    }
    return items;
  };

  const commandChoices = (): Array<PickItem<CommandSpec>> =>
    commandPickEntries(COMMAND_CATALOGUE).map((e) =>
      e.kind === 'separator' ? { label: e.label, kind: vscode.QuickPickItemKind.Separator } : { label: e.label, description: e.description, detail: e.detail, value: findCommand(e.name) },
    );

  /** Only the answers of params that are asked given the earlier answers (a switch turned off drops its dependants). */
  const finalParams = (spec: CommandSpec, answers: Readonly<Record<string, ParamValue>>): Record<string, ParamValue> => {
    const out: Record<string, ParamValue> = {};
    for (const p of spec.params) if (shouldAsk(p, out) && answers[p.name] !== undefined) out[p.name] = answers[p.name]!;
    return out;
  };

  /**
   * Vehicle → command → each parameter as one multi-step quick input (n/total, Back keeps the answers). `fixed` parts
   * are not asked: a tree row gives the vehicle, a quick command the command, Fix Parameters both (with `previous`).
   */
  const askCommand = async (fixed: { target?: Target; spec?: CommandSpec; previous?: Record<string, ParamValue> }): Promise<{ target: Target; spec: CommandSpec; params: Record<string, ParamValue> } | undefined> => {
    const vehicles = fixed.target ? [] : await vehicleChoices();
    if (!vehicles) return undefined;
    let target = fixed.target;
    let spec = fixed.spec;
    let answers: Record<string, ParamValue> = { ...(fixed.previous ?? {}) };
    const current = (): Record<string, ParamValue> => (target && spec ? currentParamValues(spec.name, service().cache.get(target.accountId, target.vin)?.data) : {});
    const paramsToAsk = (): number => (spec ? spec.params.filter((p, i) => shouldAsk(p, finalParams({ ...spec!, params: spec!.params.slice(0, i) }, answers))).length : 1);
    const total = (): number => (fixed.target ? 0 : 1) + (fixed.spec ? 0 : 1) + paramsToAsk();
    const title = (): string => (fixed.spec ? `${fixed.spec.title} (${fixed.spec.name})` : spec ? `Send Command: ${spec.title} (${spec.name})` : 'Send Command');

    const ok = await MultiStepInput.run(title, total, (input) => {
      const paramStep = (from: number): Step | undefined => {
        const s = spec!;
        const index = s.params.findIndex((p, i) => i >= from && shouldAsk(p, finalParams({ ...s, params: s.params.slice(0, i) }, answers)));
        if (index < 0) return undefined;
        const p = s.params[index]!;
        return async () => {
          const now = current()[p.name];
          const prompt = paramPrompt(p, now);
          const previous = answers[p.name];
          if (prompt.kind === 'pick') {
            answers[p.name] = await input.pick({
              placeholder: prompt.placeholder,
              items: prompt.options.map((o) => ({ label: o.label, description: o.description, value: o.value })),
              active: (v) => (previous !== undefined ? v === previous : v === now),
            });
          } else {
            const text = await input.input({
              prompt: `${prompt.title}${now !== undefined && target ? ` (now ${String(now)} on ${target.name})` : ''}`,
              placeholder: prompt.placeholder,
              value: previous !== undefined ? String(previous) : (prompt.initial ?? ''),
              validate: (t) => prompt.validate(t),
            });
            const value = prompt.parse(text);
            if (value === undefined) delete answers[p.name];
            else answers[p.name] = value;
          }
          return paramStep(index + 1);
        };
      };
      const commandStep: Step = async () => {
        const picked = await input.pick({
          placeholder: `Command to send to ${target?.name ?? 'the vehicle'}: type a title, REST name (door_lock) or domain (vcsec)`,
          items: commandChoices(),
          active: (c) => c.name === spec?.name,
          matchOnDescription: true,
          matchOnDetail: true,
        });
        if (picked.name !== spec?.name) answers = {};
        spec = picked;
        return paramStep(0);
      };
      const vehicleStep: Step = async () => {
        target = await input.pick({
          placeholder: `Vehicle to send ${spec ? `"${spec.title}"` : 'the command'} to: type a name, VIN or state`,
          items: vehicles,
          active: (t) => t.vin === target?.vin && t.accountId === target.accountId,
          matchOnDescription: true,
          matchOnDetail: true,
        });
        return fixed.spec ? paramStep(0) : commandStep;
      };
      if (!fixed.target) return vehicleStep;
      if (!fixed.spec) return commandStep;
      // Nothing to ask but the parameters; a command without any has no step at all.
      return paramStep(0) ?? (async () => undefined);
    });
    if (!ok || !target || !spec) return undefined;
    return { target, spec, params: finalParams(spec, answers) };
  };

  /** The modal for commands that cannot be undone from here or hand the car to whoever is at it; true to go ahead. */
  const confirmed = async (target: Target, spec: CommandSpec, params: Readonly<Record<string, ParamValue>>): Promise<boolean> => {
    const c = commandConfirmation(spec.name, params, target.name);
    if (!c) return true;
    const answer = await vscode.window.showWarningMessage(c.message, { modal: true, detail: c.detail }, c.button);
    if (answer !== c.button) log.info(`command ${spec.name} ${target.vin}: not confirmed, not sent`);
    return answer === c.button;
  };

  const senderFor = async (accountId: string): Promise<{ sender: CommandSender; baseUrl: string; simulator: boolean; via: string }> => {
    const auth = fleetkitAuth();
    const session = (await auth.sessions()).find((s) => accountIdOf(s) === accountId);
    if (!session) throw new Error(`The account ${accountId} is no longer signed in; sign in again.`);
    if (!auth.environmentOf(session)) throw new Error('The local simulator this account belongs to is not running: start it (Fleetkit: Start Local Simulator).');
    const settings = readCommandSettings();
    const simulator = session.environment === 'simulator';
    if (settings.transport === 'proxy' && !settings.proxyUrl) {
      throw new Error('fleetkit.commands.transport is "proxy" but fleetkit.commands.proxyUrl is empty: set it to your tesla-http-proxy URL.');
    }
    const keyInfo = settings.transport === 'native' ? await keys.get() : undefined;
    if (settings.transport === 'native' && !keyInfo) throw new NoKeyError();
    // Native and REST commands go through the account's own client; the proxy gets a client of its own with the same
    // tokens and ledger, trusting the proxy's certificate.
    const accountClient = service().client(accountId);
    const proxyDispatcher = settings.transport === 'proxy' ? await proxyTrust.dispatcher(settings.proxyCaFile) : undefined;
    const pairingDomain = settings.pairingDomain || (simulator ? SIMULATOR_PAIRING_DOMAIN : '');
    const cacheKey = [accountId, idOf(accountClient), settings.transport, settings.proxyUrl, proxyDispatcher ? idOf(proxyDispatcher) : 0, keyInfo?.fingerprint.full ?? '', pairingDomain].join('|');
    let sender = senders.get(cacheKey);
    if (!sender) {
      const client = settings.transport === 'proxy' ? service().proxyClient(accountId, settings.proxyUrl, proxyDispatcher) : accountClient;
      sender = createCommandSender({
        kind: settings.transport,
        client,
        ...(keyInfo ? { privateKey: keyInfo.key } : {}),
        sessionStore: sessions,
        ...(pairingDomain ? { pairingDomain } : {}),
        logger: log,
      });
      senders.set(cacheKey, sender);
    }
    return { sender, baseUrl: accountClient.baseUrl, simulator, via: settings.transport };
  };

  const progressText = (e: CommandProgress): string => {
    const d = e.domain === 'vcsec' ? 'VCSEC' : 'infotainment';
    if (e.stage === 'handshake') return `handshake with ${d}…`;
    if (e.stage === 'send') return `signing and sending to ${d}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}…`;
    return `recovering from a vehicle fault (${e.fault}) with fresh session info…`;
  };

  const wakeCost = (): string => {
    const s = readVehicleSettings();
    return `one wake (${formatUsd(unitPrice('wakes'))}) plus up to ${s.wakeMaxPolls} state checks (${formatUsd(unitPrice('data'))} each)`;
  };

  /** Wakes through the vehicles service (so the tree follows); true when the car came online. */
  const wake = async (target: Target, askFirst: boolean): Promise<boolean> => {
    if (askFirst) {
      const go = `Wake (${formatUsd(unitPrice('wakes'))})`;
      const answer = await vscode.window.showWarningMessage(`${target.name} is asleep or offline. Wake it to send the command? Tesla bills ${wakeCost()}.`, { modal: true }, go);
      if (answer !== go) return false;
    }
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Waking ${target.name}`, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        const result = await service().wake(target.accountId, target.vin, (p) => progress.report({ message: `${p.state} — check ${p.attempt}/${p.maxPolls}` }), controller.signal);
        if (!result.online) void vscode.window.showWarningMessage(`${target.name} did not come online (last state: ${result.state}).`);
        return result.online;
      } finally {
        sub.dispose();
      }
    });
  };

  const sendOnce = async (target: Target, spec: CommandSpec, params: Record<string, ParamValue>): Promise<CommandOutcome> =>
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${spec.title} → ${target.name}`, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort(new Cancelled('cancelled')));
      try {
        progress.report({ message: 'preparing…' });
        const { sender } = await senderFor(target.accountId);
        return await sender.send(target.vin, spec.name, params, controller.signal, (e) => progress.report({ message: progressText(e) }));
      } finally {
        sub.dispose();
      }
    });

  const afterSuccess = async (target: Target, spec: CommandSpec, outcome: CommandOutcome): Promise<void> => {
    void vscode.commands.executeCommand('setContext', 'fleetkit.commandSent', true);
    if (outcome.via === 'signed') {
      ctx.progress.update({ vehiclePaired: true, ...(service().account(target.accountId)?.environment === 'tesla' ? { teslaVehiclePaired: true } : {}) });
      service().keyPaired(target.accountId, target.vin);
    }
    const rec = service().cache.get(target.accountId, target.vin);
    // Refresh the tree only where the user had fetched live data: never on our own initiative otherwise.
    if (rec?.dataAt !== undefined && readCommandSettings().refreshAfterCommand && spec.name !== 'wake_up') {
      await service()
        .fetchLiveData(target.accountId, target.vin)
        .catch((err: unknown) => log.warn(`refreshing ${target.vin} after ${spec.name} failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  };

  const run = async (target: Target, spec: CommandSpec, params: Record<string, ParamValue>): Promise<void> => {
    try {
      validateParams(spec, params);
    } catch (err) {
      return reportError(err, target, spec, params);
    }
    let outcome: CommandOutcome;
    try {
      try {
        outcome = await sendOnce(target, spec, params);
      } catch (err) {
        if (!(err instanceof AsleepError) || spec.name === 'wake_up') throw err;
        const ask = readVehicleSettings().confirmWake;
        log.info(`command ${spec.name} ${target.vin}: vehicle asleep (HTTP ${err.status})${ask ? '' : '; waking without asking (fleetkit.vehicles.confirmWake is off)'}`);
        if (!(await wake(target, ask))) return;
        outcome = await sendOnce(target, spec, params);
      }
    } catch (err) {
      return reportError(err, target, spec, params);
    }
    const how = `${outcome.via}${outcome.domain ? ` ${outcome.domain}` : ''}, ${outcome.handshakes} handshake${outcome.handshakes === 1 ? '' : 's'}, ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}`;
    log.info(`command ${spec.name} ${target.vin} → ${outcome.ok ? 'ok' : `refused: ${outcome.reason || '(no reason)'}`} (${how})${outcome.txid ? ` txid=${outcome.txid}` : ''}`);
    if (outcome.ok) {
      void vscode.window.showInformationMessage(`Fleetkit: ${spec.title} sent to ${target.name} (${how}).${outcome.reason ? ` ${outcome.reason}` : ''}`);
      await afterSuccess(target, spec, outcome);
    } else {
      void vscode.window.showWarningMessage(`Fleetkit: ${target.name} refused ${spec.name}: ${outcome.reason || 'no reason given'}.`);
    }
  };

  /** Where the browser opens the pages of the simulator an account belongs to (its plain-HTTP listener); undefined for Tesla. */
  const simulatorPagesFor = async (accountId: string): Promise<string | undefined> => {
    const auth = fleetkitAuth();
    const session = (await auth.sessions()).find((s) => accountIdOf(s) === accountId);
    const ready = session?.environment === 'simulator' ? auth.environmentOf(session)?.simulator : undefined;
    return ready ? simulatorBrowserBase(ready) : undefined;
  };

  /** The simulator's own pairing page for its accounts; Tesla's `_ak` link for the configured domain otherwise. */
  const pairingLinkFor = (simulatorBaseUrl: string | undefined, fallback?: string): string | undefined =>
    pairingLink({ domain: readCommandSettings().pairingDomain, ...(simulatorBaseUrl ? { simulatorBaseUrl } : {}) }) ?? fallback;

  const reportError = async (err: unknown, target: Target, spec: CommandSpec, params: Record<string, ParamValue>): Promise<void> => {
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
      if (picked === 'Show Log') ctx.output.show(true);
      return;
    }
    let link: string | undefined;
    const simulatorPages = await simulatorPagesFor(target.accountId).catch(() => undefined);
    await showError(err, {
      context: { vehicle: target.name, simulator: service().account(target.accountId)?.environment === 'simulator' },
      prefix: `${spec.name} to ${target.name} failed:`,
      message: (d) => {
        if (!d.actions.includes('pair')) return `${spec.name} to ${target.name} failed: ${d.message}`;
        link = pairingLinkFor(simulatorPages, d.url);
        return `${target.name} does not know your command key yet. The owner approves it at ${link}.`;
      },
      log: (d) => log.error(`command ${spec.name} ${target.vin} failed: ${d.message}${link && link !== d.url ? ` (pairing page: ${link})` : ''}${d.txid ? ` txid=${d.txid}` : ''}`),
      // The simulator pairs in one step, then the command that needed the key goes out again.
      extraActions: simulatorPages
        ? [{ label: 'Pair with Simulated Vehicle', after: 'pair', run: async () => ((await vscode.commands.executeCommand<boolean>(PAIR_SIMULATED_COMMAND, { vin: target.vin, resume: true })) ? run(target, spec, params) : undefined) }]
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
          if (await wake(target, readVehicleSettings().confirmWake)) await run(target, spec, params);
        },
        fixParams: async () => {
          const again = await askCommand({ target, spec, previous: params });
          if (again && (await confirmed(again.target, again.spec, again.params))) await run(again.target, again.spec, again.params);
        },
        retry: () => run(target, spec, params),
        checkState: () => vscode.commands.executeCommand('fleetkit.fetchLiveData', { accountId: target.accountId, vin: target.vin }),
      },
    });
  };

  const sendCommand = async (node?: NodeModel, commandName?: string): Promise<void> => {
    try {
      const fromTree = node && typeof node === 'object' && 'accountId' in node && node.vin ? targetOf(node as NodeModel & { vin: string }) : undefined;
      const fixedSpec = typeof commandName === 'string' ? findCommand(commandName) : undefined;
      const asked = await askCommand({ ...(fromTree ? { target: fromTree } : {}), ...(fixedSpec ? { spec: fixedSpec } : {}) });
      if (!asked || !(await confirmed(asked.target, asked.spec, asked.params))) return;
      await run(asked.target, asked.spec, asked.params);
    } catch (err) {
      log.error('Send Command failed', err);
      void vscode.window.showErrorMessage(`Fleetkit: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand('fleetkit.sendCommand', (node?: NodeModel, name?: string) => sendCommand(node, name)),
    ...Object.entries(QUICK_COMMAND_IDS).map(([id, name]) => vscode.commands.registerCommand(id, (node?: NodeModel) => sendCommand(node, name))),
    keys.onDidChange(() => {
      // Sessions are bound to the key that made them: drop them with it.
      senders.clear();
      void sessions.clear();
      void updateTreeDescription();
    }),
  );
  void updateTreeDescription();
  registerConfigureTransport(ctx);
  registerPairWithSimulatedVehicle(ctx);
}
