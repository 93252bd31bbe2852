import * as vscode from 'vscode';
import { LanguageClient, NotificationType, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  VEHICLE_FIRMWARE_NOTIFICATION,
  WORKBENCH_ACCOUNT_NOTIFICATION,
  type TelemetryConfigServerInitOptions,
  type VehicleFirmwareParams,
  type WorkbenchAccount,
} from '../../core/messages/language-server';
import type { FleetkitContext } from '../context';

export const TELEMETRY_CONFIG_LANGUAGE = 'fleet-telemetry-config';
/** `*.tesla.http` request files (the request workbench): the same language server serves them. */
export const WORKBENCH_LANGUAGE = 'tesla-http';
const LANGUAGES = [TELEMETRY_CONFIG_LANGUAGE, WORKBENCH_LANGUAGE];
const ALERTS_FILE_PATTERN = '**/*.alerts.json';
const isAlertsFile = (document: vscode.TextDocument): boolean => document.uri.scheme === 'file' && /\.alerts\.json$/i.test(document.uri.path);

const vehicleFirmwareNotification = new NotificationType<VehicleFirmwareParams>(VEHICLE_FIRMWARE_NOTIFICATION.method);
const workbenchAccountNotification = new NotificationType<WorkbenchAccount>(WORKBENCH_ACCOUNT_NOTIFICATION.method);

/** What other features tell the Fleet Telemetry config language server. */
export interface TelemetryConfigLanguage {
  /** Sends the vehicles' known firmware (VIN → version) to the language server; enables diagnostic FT120. */
  notifyVehicleFirmware(firmware: Record<string, string>): Promise<void>;
  /** Sends the signed-in accounts' vehicles and sites, for `{vin}`/`{site}` completion in `.tesla.http` files. */
  notifyWorkbenchAccount(account: WorkbenchAccount): Promise<void>;
}

/**
 * The Fleet Telemetry config language: starts the language server (dist/server.js over IPC) the first time a
 * `fleet-telemetry-config` document is open, so activation itself spawns nothing.
 */
export function registerTelemetryConfigLanguage(ctx: FleetkitContext): TelemetryConfigLanguage {
  let client: LanguageClient | undefined;
  /** The latest known firmware, also handed to a server that starts later (initializationOptions). */
  let knownFirmware: Record<string, string> = {};
  let knownAccount: WorkbenchAccount | undefined;
  const serverModule = ctx.extension.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      // Alert rules (docs/alerts.md): JSON files the same server checks.
      { scheme: 'file', pattern: ALERTS_FILE_PATTERN },
    ],
    initializationOptions: (): TelemetryConfigServerInitOptions => ({ debounceMs: 200, vehicleFirmware: knownFirmware }),
  };
  let starting: Promise<void> | undefined;
  const ensureStarted = (document: vscode.TextDocument): void => {
    if ((!LANGUAGES.includes(document.languageId) && !isAlertsFile(document)) || starting) return;
    client = new LanguageClient('fleetkit.telemetryConfig', 'Fleet Telemetry Config', serverOptions, clientOptions);
    ctx.log.info('starting the Fleet Telemetry config language server');
    const started = client;
    starting = started
      .start()
      .then(async () => {
        // Firmware learned while the server was starting would otherwise wait for the next change.
        if (Object.keys(knownFirmware).length) await started.sendNotification(vehicleFirmwareNotification, { firmware: knownFirmware });
        if (knownAccount) await started.sendNotification(workbenchAccountNotification, knownAccount);
      })
      .catch((err: unknown) => {
        ctx.log.error('Fleet Telemetry config language server failed to start', err);
        starting = undefined;
      });
  };
  ctx.extension.subscriptions.push(vscode.workspace.onDidOpenTextDocument(ensureStarted), { dispose: () => void client?.stop() });
  for (const document of vscode.workspace.textDocuments) ensureStarted(document);
  return {
    async notifyVehicleFirmware(firmware) {
      knownFirmware = { ...firmware };
      if (client?.isRunning()) await client.sendNotification(vehicleFirmwareNotification, { firmware: knownFirmware });
    },
    async notifyWorkbenchAccount(account) {
      knownAccount = account;
      if (client?.isRunning()) await client.sendNotification(workbenchAccountNotification, account);
    },
  };
}
