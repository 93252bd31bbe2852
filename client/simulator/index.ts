import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findReadyLine, type SimulatorReady } from '../../core/config/simulator-ready';
import { environmentService } from '../auth';
import type { FleetkitContext } from '../context';
import { simulatorArgs, type SimulatorSettings } from './args';
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

type State = { kind: 'stopped' } | { kind: 'starting' } | { kind: 'running'; ready: SimulatorReady; process?: SpawnedSimulator } | { kind: 'failed'; message: string };

/** `Fleetkit: Start Local Simulator`: spawns (or attaches to) `fleetkit sim` and points Fleetkit at it, in memory. */
export function registerSimulator(ctx: FleetkitContext): void {
  const log = ctx.log.child('simulator');
  const env = environmentService();
  let state: State = { kind: 'stopped' };
  let starting: Promise<SimulatorReady> | undefined;
  const status = vscode.window.createStatusBarItem('fleetkit.simulator', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Fleetkit Simulator';

  const render = () => {
    switch (state.kind) {
      case 'stopped':
        status.hide();
        break;
      case 'starting':
        status.text = '$(sync~spin) Tesla simulator';
        status.tooltip = 'Starting the Fleetkit local simulator…';
        status.command = undefined;
        status.show();
        break;
      case 'running': {
        status.text = '$(server-process) Tesla simulator';
        const fleet = Object.entries(state.ready.fleet).map(([r, u]) => `${r.toUpperCase()} ${u}`).join(', ');
        status.tooltip = `Fleetkit simulator ${state.process ? 'running' : 'attached'}: auth ${state.ready.auth}; fleet ${fleet}. Click to stop.`;
        status.command = 'fleetkit.stopSimulator';
        status.show();
        break;
      }
      case 'failed':
        status.text = '$(error) Tesla simulator';
        status.tooltip = `The simulator failed: ${state.message}. Click to try again.`;
        status.command = 'fleetkit.startSimulator';
        status.show();
    }
    void vscode.commands.executeCommand('setContext', 'fleetkit.simulatorRunning', state.kind === 'running');
  };

  const start = (): Promise<SimulatorReady> => {
    if (state.kind === 'running') return Promise.resolve(state.ready);
    if (starting) return starting;
    state = { kind: 'starting' };
    render();
    starting = (async () => {
      const settings = readSimulatorSettings();
      try {
        let ready: SimulatorReady;
        let proc: SpawnedSimulator | undefined;
        if (settings.readyFile) {
          const found = findReadyLine(await readFile(settings.readyFile, 'utf8'));
          if (!found) throw new Error(`${settings.readyFile} holds no simulator ready line`);
          ready = found;
          log.addSecret(ready.clientSecret);
          log.info(`Attached to the simulator at ${ready.auth}`);
        } else {
          const cli = path.join(ctx.extension.extensionPath, 'dist', 'cli.js');
          proc = await spawnSimulator(process.execPath, simulatorArgs(cli, settings), log);
          ready = proc.ready;
          log.info(`Simulator started (pid ${proc.child.pid}) at ${ready.auth}`);
          void proc.exited.then((code) => {
            if (state.kind === 'running' && state.process === proc) {
              log.warn(`The simulator exited (code ${code}).`);
              state = { kind: 'stopped' };
              render();
              void env.setSimulator(undefined);
            }
          });
        }
        await env.setSimulator(ready);
        state = { kind: 'running', ready, ...(proc ? { process: proc } : {}) };
        render();
        return ready;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        state = { kind: 'failed', message: message.split('\n')[0]! };
        render();
        log.error('Could not start the simulator', err);
        throw err;
      } finally {
        starting = undefined;
      }
    })();
    return starting;
  };

  const stop = async () => {
    const s = state;
    state = { kind: 'stopped' };
    render();
    await env.setSimulator(undefined);
    if (s.kind === 'running' && s.process) await s.process.stop();
  };

  env.ensureSimulator = async () =>
    state.kind === 'running' ? state.ready : vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the Fleetkit local simulator…' }, () => start());

  ctx.extension.subscriptions.push(
    status,
    vscode.commands.registerCommand('fleetkit.startSimulator', async () => {
      try {
        const ready = await env.ensureSimulator!();
        const envName = vscode.workspace.getConfiguration('fleetkit').get<string>('environment');
        const signIn = 'Sign In';
        const useIt = 'Use the simulator';
        const pick = await vscode.window.showInformationMessage(
          `Fleetkit simulator running at ${ready.auth}.${envName === 'tesla' ? ' Fleetkit is set to Tesla (fleetkit.environment).' : ''}`,
          envName === 'tesla' ? useIt : signIn,
        );
        if (pick === useIt) await vscode.workspace.getConfiguration('fleetkit').update('environment', 'simulator', vscode.ConfigurationTarget.Global);
        if (pick === signIn) await vscode.commands.executeCommand('fleetkit.signIn');
      } catch (err) {
        void vscode.window.showErrorMessage(`Fleetkit: could not start the simulator: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      }
    }),
    vscode.commands.registerCommand('fleetkit.stopSimulator', () => stop()),
    { dispose: () => void stop() },
  );
  render();

  // Attaching to a simulator named in settings is cheap (one file read); spawning waits for a command.
  const initial = readSimulatorSettings();
  if (initial.readyFile) void start().catch(() => undefined);
}
