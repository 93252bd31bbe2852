import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import { MqttTelemetrySource, mqttSourceProblem, topicBaseProblem } from '../../core/mqtt-source';
import { loadSpoolFiles } from '../../core/telemetry-replay';
import { MultiStepInput } from '../ui/multi-step';
import { readTelemetrySettings } from './bridge-link';
import { playbackTimeline } from './model/playback';
import { MqttLink } from './mqtt-link';
import { RecordingSource } from './recording-source';
import type { TelemetrySources } from './sources';

const passwordKey = (url: string, username: string) => `fleetkit.telemetry.mqttPassword/${username}@${url}`;

interface MqttAnswers {
  url: string;
  topicBase: string;
  username: string;
  password: string;
}

/** Broker URL, topic base, user name and (with a user) password: a multi-step input with Back and "n/total". */
async function askMqtt(secrets: vscode.SecretStorage): Promise<MqttAnswers | undefined> {
  const c = vscode.workspace.getConfiguration('fleetkit.telemetry.mqtt');
  const a: MqttAnswers = {
    url: c.get<string>('url') ?? '',
    topicBase: c.get<string>('topicBase') || 'telemetry',
    username: c.get<string>('username') ?? '',
    password: '',
  };
  let saved: string | undefined;
  const done = await MultiStepInput.run(
    'Attach Live Telemetry to MQTT Broker',
    () => (a.username ? 4 : 3),
    (input) => {
      const password = async () => {
        saved = await secrets.get(passwordKey(a.url, a.username));
        a.password = await input.input({
          prompt: `Password of ${a.username} on ${a.url} (kept in VS Code's secret storage, never in settings)`,
          placeholder: saved ? 'Leave empty to use the saved password' : 'Password',
          password: true,
        });
        return undefined;
      };
      const username = async () => {
        a.username = (
          await input.input({ prompt: 'User name on the broker (leave empty for none)', value: a.username, placeholder: 'e.g. fleet-telemetry-reader' })
        ).trim();
        return a.username ? password : undefined;
      };
      const topicBase = async () => {
        a.topicBase = (
          await input.input({
            prompt: 'Topic base: the "topic_base" of fleet-telemetry\'s mqtt config (topics are <topic_base>/<VIN>/v/<Field>)',
            value: a.topicBase,
            validate: (v) => topicBaseProblem(v.trim()),
          })
        ).trim();
        return username;
      };
      return async () => {
        a.url = (
          await input.input({
            prompt: 'Broker URL: mqtt://HOST:PORT, or mqtts://HOST:PORT for TLS (its CA file: the setting fleetkit.telemetry.mqtt.caFile)',
            value: a.url,
            placeholder: 'mqtt://localhost:1883',
            validate: (v) => (v.trim() ? mqttSourceProblem({ url: v.trim(), topicBase: 'x' }) : 'Give the broker URL'),
          })
        ).trim();
        return topicBase;
      };
    },
  );
  if (!done) return undefined;
  if (a.username && !a.password && saved) a.password = saved;
  return a;
}

/**
 * Fleetkit: Attach Live Telemetry to MQTT Broker…, Fleetkit: Open Telemetry Recording…, Fleetkit: Detach Telemetry
 * Source. `open` shows the panel.
 */
export function registerSourceCommands(
  ctx: { extension: vscode.ExtensionContext },
  sources: TelemetrySources,
  log: Logger,
  open: () => void,
): vscode.Disposable[] {
  const attachMqtt = async (): Promise<void> => {
    const a = await askMqtt(ctx.extension.secrets);
    if (!a) return;
    log.addSecret(a.password);
    const caFile = (vscode.workspace.getConfiguration('fleetkit.telemetry.mqtt').get<string>('caFile') ?? '').trim();
    let ca: string | undefined;
    if (caFile) {
      try {
        ca = await readFile(caFile, 'utf8');
      } catch (err) {
        void vscode.window.showErrorMessage(
          `Fleetkit: the broker CA file ${caFile} (setting fleetkit.telemetry.mqtt.caFile) cannot be read: ${(err as Error).message}. Fix the path or clear the setting.`,
        );
        return;
      }
    }
    let source: MqttTelemetrySource;
    try {
      source = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Attaching to the MQTT broker ${a.url}…` }, () =>
        MqttTelemetrySource.open({
          url: a.url,
          topicBase: a.topicBase,
          ...(a.username ? { username: a.username, password: a.password } : {}),
          ...(ca ? { ca } : {}),
        }),
      );
    } catch (err) {
      const again = 'Try Again';
      if ((await vscode.window.showErrorMessage(`Fleetkit: ${(err as Error).message}`, again)) === again) await attachMqtt();
      return;
    }
    const c = vscode.workspace.getConfiguration('fleetkit.telemetry.mqtt');
    await c.update('url', a.url, vscode.ConfigurationTarget.Global);
    await c.update('topicBase', a.topicBase, vscode.ConfigurationTarget.Global);
    await c.update('username', a.username, vscode.ConfigurationTarget.Global);
    if (a.username && a.password) await ctx.extension.secrets.store(passwordKey(a.url, a.username), a.password);
    log.info(`Live Telemetry attached to the MQTT broker ${a.url} (topic base ${a.topicBase})`);
    sources.use(new MqttLink(source, readTelemetrySettings().historyMinutes * 60_000, log));
    open();
  };

  /** From the Explorer: the file clicked, and every file selected with it. */
  const openRecording = async (arg?: unknown, selected?: unknown): Promise<void> => {
    const many = Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
    const given = many.length ? many : arg instanceof vscode.Uri ? [arg] : undefined;
    const uris =
      given ??
      (await vscode.window.showOpenDialog({
        title: 'Open Telemetry Recording',
        openLabel: 'Play',
        canSelectMany: true,
        filters: { 'Telemetry spool (JSONL)': ['jsonl'] },
        ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
      }));
    if (!uris?.length) return;
    const files = uris.map((u) => u.fsPath).sort();
    const loaded = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Reading the telemetry recording…' }, () =>
      loadSpoolFiles(files).catch((err: Error) => err),
    );
    if (loaded instanceof Error) {
      void vscode.window.showErrorMessage(`Fleetkit: could not read the recording: ${loaded.message}`);
      return;
    }
    for (const b of loaded.bad) log.warn(`${b.file}:${b.line}: skipped: ${b.error}`);
    if (!loaded.records.length) {
      void vscode.window.showErrorMessage(
        `Fleetkit: ${files.join(', ')} holds no telemetry records. Open the bridge's spool files (telemetry-*.jsonl in its --spool-dir).`,
      );
      return;
    }
    if (loaded.bad.length) {
      const first = loaded.bad[0]!;
      void vscode.window.showWarningMessage(
        `Fleetkit: ${loaded.bad.length === 1 ? '1 line of the recording was' : `${loaded.bad.length} lines of the recording were`} skipped (first: ${first.file}:${first.line}: ${first.error}); the Fleetkit log lists them.`,
      );
    }
    const recording = new RecordingSource(files, playbackTimeline(loaded.records), readTelemetrySettings().historyMinutes * 60_000);
    log.info(`Playing the telemetry recording ${files.join(', ')} (${loaded.records.length} records)`);
    sources.use(recording);
    open();
    recording.play();
  };

  const detach = (): void => {
    const what = sources.status.sourceLabel;
    if (!sources.detach()) {
      void vscode.window.showInformationMessage('Fleetkit: Live Telemetry shows the bridge already (no MQTT broker or recording is attached).');
      return;
    }
    void vscode.window.showInformationMessage(
      `Fleetkit: detached the ${what === 'MQTT' ? 'MQTT broker' : 'recording'}; Live Telemetry shows the bridge again.`,
    );
  };

  return [
    vscode.commands.registerCommand('fleetkit.attachTelemetryMqtt', attachMqtt),
    vscode.commands.registerCommand('fleetkit.openTelemetryRecording', openRecording),
    vscode.commands.registerCommand('fleetkit.detachTelemetrySource', detach),
  ];
}
