import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findReadyLine, type SimulatorReady } from '../../core/messages/simulator-ready';
import type { Environments } from '../auth/environment';
import type { FleetkitContext } from '../context';
import {
  canDetach,
  canStop,
  detachNotice,
  isLinked,
  linkAt,
  linkSummary,
  linkWord,
  readyNotice,
  simulatorAccountUnavailable,
  SIMULATOR,
  stopNotice,
  stopRefusal,
  type Link,
} from '../process/link-state';
import { simulatorArgs, type SimulatorSettings } from './args';
import { probeSimulator } from './probe';
import { spawnSimulator, type SpawnedSimulator } from './process';

function readSimulatorSettings(): SimulatorSettings {
  const c = vscode.workspace.getConfiguration('fleetkit.simulator');
  return {
    autoConsent: c.get<boolean>('autoConsent') ?? true,
    port: c.get<number>('port') ?? 0,
    tokenTtlSeconds: c.get<number>('tokenTtlSeconds') ?? 0,
    readyFile: (c.get<string>('readyFile') ?? '').trim(),
  };
}

interface Linked {
  readonly ready: SimulatorReady;
  /** Only for a simulator Fleetkit started. */
  readonly process?: SpawnedSimulator;
}

interface StartResult {
  readonly ready: SimulatorReady;
  readonly link: Link;
  /** A simulator named in settings that did not answer, so Fleetkit started its own. */
  readonly passedOver?: { at: string; why: string };
}

/**
 * `Fleetkit: Start Local Simulator`: attaches to the simulator named in `fleetkit.simulator.readyFile` when it answers,
 * else spawns `fleetkit sim`, and points Fleetkit at it (in memory). Every claim that it runs is probed first. Stop ends
 * only a process Fleetkit started; a simulator started elsewhere (npm start) can only be detached from. The linked
 * simulator is handed to `env`, through which sign-in and every Fleet API call find it.
 */
export function registerSimulator(ctx: FleetkitContext, env: Environments): void {
  const log = ctx.log.child('simulator');
  let link: Link = { kind: 'stopped' };
  let linked: Linked | undefined;
  let starting: Promise<StartResult> | undefined;
  const status = vscode.window.createStatusBarItem('fleetkit.simulator', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Fleetkit Simulator';

  const render = () => {
    const summary = linkSummary(SIMULATOR, link);
    const word = linkWord(link);
    const show = (icon: string, tooltip: string, command: string | undefined) => {
      status.text = `$(${icon}) Tesla simulator · ${word}`;
      status.tooltip = tooltip;
      status.command = command;
      status.accessibilityInformation = { label: `Tesla simulator, ${word}. ${summary}` };
      status.show();
    };
    switch (link.kind) {
      case 'stopped':
        status.hide();
        break;
      case 'starting':
        show('sync~spin', summary, undefined);
        break;
      case 'started':
      case 'attached': {
        const fleet = Object.entries(linked?.ready.fleet ?? {})
          .map(([r, u]) => `${r.toUpperCase()} ${u}`)
          .join(', ');
        show('server-process', `${summary}\nFleet API: ${fleet}.\nClick to ${link.kind === 'started' ? 'stop it' : 'detach'}.`, 'fleetkit.simulatorActions');
        break;
      }
      case 'detached':
        show('debug-disconnect', `${summary}\nClick to attach again.`, 'fleetkit.startSimulator');
        break;
      case 'unreachable':
        show('warning', `${summary}\nClick to start one or ${canStop(link) ? 'stop' : 'detach'}.`, 'fleetkit.simulatorActions');
        break;
      case 'failed':
        show('error', `${summary}\nClick to try again.`, 'fleetkit.startSimulator');
    }
    void vscode.commands.executeCommand('setContext', 'fleetkit.simulatorRunning', isLinked(link));
    void vscode.commands.executeCommand('setContext', 'fleetkit.simulatorStarted', canStop(link));
  };

  /** The one place the state changes: status bar, context keys and what Fleetkit's requests use. */
  const setLink = async (next: Link, nextLinked?: Linked): Promise<void> => {
    link = next;
    linked = nextLinked ?? (next.kind === 'unreachable' ? linked : undefined);
    render();
    if (isLinked(next) && nextLinked) await env.setSimulator(nextLinked.ready);
    else if (next.kind !== 'starting') await env.setSimulator(undefined, simulatorAccountUnavailable(next));
  };

  const stopOwned = async (proc: SpawnedSimulator | undefined) => {
    if (proc) await proc.stop().catch((err: unknown) => log.warn('stopping the simulator failed', err));
  };

  /** Probes the linked simulator; a silent one becomes 'unreachable' (the status bar and the tree say so). */
  const verify = async (): Promise<boolean> => {
    if (!isLinked(link) || !linked) return false;
    const current = linked;
    const result = await probeSimulator(current.ready);
    if (result.ok) return true;
    if (linked !== current) return isLinked(link);
    log.warn(`The simulator at ${current.ready.auth} does not answer: ${result.at}: ${result.why}`);
    await setLink({ kind: 'unreachable', at: current.ready.auth, why: result.why, started: !!current.process }, current);
    return false;
  };

  const spawn = async (settings: SimulatorSettings): Promise<Linked> => {
    const cli = path.join(ctx.extension.extensionPath, 'dist', 'cli.js');
    const proc = await spawnSimulator(process.execPath, simulatorArgs(cli, settings), log);
    log.info(`Simulator started (pid ${proc.child.pid}) at ${proc.ready.auth}`);
    void proc.exited.then((code) => {
      if (linked?.process !== proc) return;
      log.warn(`The simulator Fleetkit started exited (code ${code}).`);
      void setLink({ kind: 'stopped', note: `the one Fleetkit started exited with code ${code}` });
    });
    return { ready: proc.ready, process: proc };
  };

  /**
   * A simulator that answers: the linked one (probed), else the one in the ready file (probed), else a new one.
   * `spawnIfNeeded` false (activation): attach or say why not, never spawn.
   */
  const start = (spawnIfNeeded = true): Promise<StartResult> => {
    if (starting) return starting;
    starting = (async () => {
      if (isLinked(link) && linked && (await verify())) return { ready: linked.ready, link };
      const gone = link.kind === 'unreachable' ? { at: link.at, why: link.why, proc: linked?.process } : undefined;
      await setLink({ kind: 'starting' });
      await stopOwned(gone?.proc);
      const settings = readSimulatorSettings();
      let passedOver = gone ? { at: gone.at, why: gone.why } : undefined;
      try {
        if (settings.readyFile) {
          const text = await readFile(settings.readyFile, 'utf8').catch((err: unknown) => {
            throw new Error(
              `${settings.readyFile} (fleetkit.simulator.readyFile) cannot be read (${err instanceof Error ? err.message : String(err)}): fix the setting, or clear it so Fleetkit starts its own simulator`,
            );
          });
          const found = findReadyLine(text);
          if (!found) {
            throw new Error(
              `${settings.readyFile} (fleetkit.simulator.readyFile) holds no simulator ready line: fix the setting, or clear it so Fleetkit starts its own simulator`,
            );
          }
          log.addSecret(found.clientSecret);
          const probe = await probeSimulator(found);
          if (probe.ok) {
            const attached: Link = { kind: 'attached', at: found.auth, source: settings.readyFile };
            await setLink(attached, { ready: found });
            log.info(`Attached to the simulator at ${found.auth} (named in ${settings.readyFile}; started outside Fleetkit)`);
            return { ready: found, link: attached };
          }
          log.warn(`The simulator named in ${settings.readyFile} does not answer: ${probe.at}: ${probe.why}`);
          if (!spawnIfNeeded) {
            await setLink({ kind: 'unreachable', at: found.auth, why: probe.why, started: false }, { ready: found });
            throw new Error(linkSummary(SIMULATOR, link));
          }
          passedOver = { at: found.auth, why: probe.why };
        } else if (!spawnIfNeeded) {
          await setLink({ kind: 'stopped' });
          throw new Error('No simulator is named in fleetkit.simulator.readyFile.');
        }
        const own = await spawn(settings);
        const started: Link = { kind: 'started', at: own.ready.auth, ...(own.process?.child.pid ? { pid: own.process.child.pid } : {}) };
        await setLink(started, own);
        return { ready: own.ready, link: started, ...(passedOver ? { passedOver } : {}) };
      } catch (err) {
        if (link.kind === 'starting') {
          const message = err instanceof Error ? err.message : String(err);
          await setLink({ kind: 'failed', message: message.split('\n')[0]! });
          log.error('Could not start the simulator', err);
        }
        throw err;
      }
    })().finally(() => {
      starting = undefined;
    });
    return starting;
  };

  const detach = async (): Promise<void> => {
    if (!canDetach(link)) {
      if (canStop(link)) {
        void vscode.window.showInformationMessage(
          'Fleetkit started this simulator: stop it instead (Fleetkit: Stop Local Simulator); there is nothing to detach from.',
        );
      } else void vscode.window.showInformationMessage(`Fleetkit: ${linkSummary(SIMULATOR, link)}`);
      return;
    }
    const at = linkAt(link) ?? '';
    if (link.kind === 'unreachable') {
      await setLink({ kind: 'stopped', note: `Fleetkit detached from the one at ${at}, which did not answer` });
      log.info(`Detached from the simulator at ${at}, which did not answer.`);
      void vscode.window.showInformationMessage(`Fleetkit detached from the local simulator at ${at}, which did not answer.`);
      return;
    }
    await setLink({ kind: 'detached', at });
    log.info(`Detached from the simulator at ${at}; it keeps running.`);
    void vscode.window.showInformationMessage(`Fleetkit: ${detachNotice(SIMULATOR, at)}`);
  };

  const stop = async (): Promise<void> => {
    if (canStop(link)) {
      const proc = linked?.process;
      await setLink({ kind: 'stopped' });
      await stopOwned(proc);
      log.info('Stopped the simulator Fleetkit started.');
      void vscode.window.showInformationMessage(`Fleetkit: ${stopNotice(SIMULATOR)}`);
      return;
    }
    if (canDetach(link)) {
      const detachIt = 'Detach';
      const pick = await vscode.window.showWarningMessage(`Fleetkit: ${stopRefusal(SIMULATOR, linkAt(link) ?? '')}`, detachIt);
      if (pick === detachIt) await detach();
      return;
    }
    void vscode.window.showInformationMessage(`Fleetkit: ${linkSummary(SIMULATOR, link)}`);
  };

  /** The status bar's menu: the truth first (probe), then only what applies to this simulator. */
  const actions = async (): Promise<void> => {
    await verify();
    type Item = vscode.QuickPickItem & { run: () => Promise<unknown> | Thenable<unknown> };
    const items: Item[] = [];
    if (link.kind === 'unreachable') {
      items.push({
        label: '$(play) Start the local simulator',
        description: 'attach to one that answers, or start one',
        run: () => vscode.commands.executeCommand('fleetkit.startSimulator'),
      });
    }
    if (canStop(link)) items.push({ label: '$(debug-stop) Stop the local simulator', description: 'Fleetkit started it: this ends the process', run: stop });
    if (canDetach(link)) {
      items.push({ label: '$(debug-disconnect) Detach', description: 'stop using it; it keeps running', run: detach });
      items.push({ label: '$(debug-stop) Stop…', description: 'started outside Fleetkit: stop it where it runs', run: stop });
    }
    items.push({ label: '$(output) Show Log', run: () => vscode.commands.executeCommand('fleetkit.showLog') });
    const pick = await vscode.window.showQuickPick(items, { title: linkSummary(SIMULATOR, link), placeHolder: `Tesla simulator · ${linkWord(link)}` });
    await pick?.run();
  };

  env.ensureSimulator = async () => {
    if (isLinked(link) && linked && (await verify())) return linked.ready;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the Fleetkit local simulator…' }, () =>
      start(),
    );
    if (result.passedOver) void vscode.window.showInformationMessage(`Fleetkit: ${readyNotice(SIMULATOR, result.link, result.passedOver)}`);
    return result.ready;
  };
  env.checkSimulator = async () => {
    await verify();
  };

  ctx.extension.subscriptions.push(
    status,
    vscode.commands.registerCommand('fleetkit.startSimulator', async () => {
      try {
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Starting the Fleetkit local simulator…' },
          () => start(),
        );
        const envName = vscode.workspace.getConfiguration('fleetkit').get<string>('environment');
        const signIn = 'Sign In';
        const useIt = 'Use the simulator';
        const pick = await vscode.window.showInformationMessage(
          `Fleetkit: ${readyNotice(SIMULATOR, result.link, result.passedOver)}${envName === 'tesla' ? ' Fleetkit is set to Tesla (fleetkit.environment).' : ''}`,
          envName === 'tesla' ? useIt : signIn,
        );
        if (pick === useIt) await vscode.workspace.getConfiguration('fleetkit').update('environment', 'simulator', vscode.ConfigurationTarget.Global);
        if (pick === signIn) await vscode.commands.executeCommand('fleetkit.signIn');
      } catch (err) {
        void vscode.window.showErrorMessage(`Fleetkit: could not start the simulator: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      }
    }),
    vscode.commands.registerCommand('fleetkit.stopSimulator', stop),
    vscode.commands.registerCommand('fleetkit.detachSimulator', detach),
    vscode.commands.registerCommand('fleetkit.simulatorActions', actions),
    // Only a process Fleetkit started ends with the window; an attached simulator keeps running.
    { dispose: () => void stopOwned(linked?.process) },
  );
  render();

  // Attaching to a simulator named in settings is one file read and a probe; spawning waits for a command.
  const initial = readSimulatorSettings();
  if (initial.readyFile) {
    void start(false).catch((err: unknown) => log.info(`Not attached to a simulator: ${err instanceof Error ? err.message : String(err)}`));
  }
}
