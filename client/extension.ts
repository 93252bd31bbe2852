import type * as vscode from 'vscode';
import type { FleetkitContext } from './context';
import { createOutputChannelLogger } from './log/output-channel';
import { registerLogCommands } from './log/commands';
import { registerAuth } from './auth';
import { registerSimulator } from './simulator';
import { registerEmptyViews } from './views/empty-views';
import { createAccountSource } from './vehicles/accounts';
import { registerVehicles } from './vehicles/register';
import { registerCharging } from './charging/register';
import { registerCarKeys } from './keychain/register';
import { registerEnergy } from './energy/register';
import { registerTelemetryConfigLanguage } from './telemetry-config/language-client';
import { registerFirmwareSync } from './telemetry-config/firmware-sync';
import { registerTelemetryConfigPush } from './telemetry-config/push-commands';
import { registerChecks } from './checks/register';
import { registerTelemetryPanel } from './telemetry/register';
import { registerKeys } from './keys/register';
import { ProxyTrust } from './proxy/proxy-trust';
import { registerSendCommand } from './vehicle-commands/send-command';
import { registerWorkbench } from './workbench/register';
import { registerConfigureTransport } from './vehicle-commands/configure-transport';
import { registerPairWithSimulatedVehicle } from './vehicle-commands/pair-simulated';
import { WalkthroughProgress } from './walkthrough/progress';

/** Views that no feature fills yet; remove an id once its feature registers a provider. */
const VIEWS_WITHOUT_PROVIDER: string[] = [];

/**
 * Every feature, in order: each lives in its own folder, registers its commands, views and providers, and returns the
 * service later features use, which they receive here as arguments. Keep activation cheap (no network, no process
 * spawns).
 */
export function activate(extension: vscode.ExtensionContext): void {
  const { logger, channel } = createOutputChannelLogger();
  extension.subscriptions.push(channel);
  const progress = new WalkthroughProgress(extension.globalState);
  progress.restore();
  const ctx: FleetkitContext = { extension, log: logger, output: channel, progress };
  logger.info(`Fleetkit ${String(extension.extension.packageJSON.version)} activating`);

  registerLogCommands(ctx);
  const { auth, environments } = registerAuth(ctx);
  registerSimulator(ctx, environments);
  const accounts = createAccountSource(ctx, auth, environments);
  const vehicles = registerVehicles(ctx, { accounts, environments });
  const energy = registerEnergy(ctx, vehicles);
  registerCharging(ctx, { service: vehicles.service });
  const keys = registerKeys(ctx);
  registerCarKeys(ctx, { vehicles, keys });
  // tesla-http-proxy trust, shared by vehicle commands and telemetry config pushes.
  const proxyTrust = new ProxyTrust();
  extension.subscriptions.push({ dispose: () => void proxyTrust.close() });
  const commands = registerSendCommand(ctx, { auth, vehicles, keys, proxyTrust });
  registerConfigureTransport(ctx);
  registerPairWithSimulatedVehicle(ctx, { auth, vehicles: vehicles.service, keys });
  const language = registerTelemetryConfigLanguage(ctx);
  registerFirmwareSync(ctx, vehicles.service, language);
  registerWorkbench(ctx, { vehicles: vehicles.service, energy, language, commands });
  registerTelemetryConfigPush(ctx, { accounts, vehicles: vehicles.service, keys, proxyTrust });
  registerChecks(ctx, { auth, environments, keys });
  registerTelemetryPanel(ctx, { auth, environments, vehicles: vehicles.service });
  registerEmptyViews(ctx, VIEWS_WITHOUT_PROVIDER);
}

export function deactivate(): void {
  // Disposables in extension.subscriptions are released by VS Code.
}
