import type * as vscode from 'vscode';
import type { FeatureRegistration, FleetkitContext } from './context';
import { createOutputChannelLogger } from './log/output-channel';
import { registerLogCommands } from './log/commands';
import { registerAuth } from './auth';
import { registerSimulator } from './simulator';
import { registerEmptyViews } from './views/empty-views';
import { registerVehicles } from './vehicles/register';
import { registerTelemetryConfigLanguage } from './language/register';
import { registerTelemetryConfigPush } from './telemetry-config/push-commands';
import { registerChecks } from './checks/register';
import { registerTelemetryPanel } from './telemetry/register';
import { registerKeys } from './keys/register';
import { registerCommands } from './commands/register';
import { WalkthroughProgress } from './walkthrough/progress';

/**
 * Each feature lives in its own folder and exposes one registration function.
 * Add a feature by adding it here; keep activation cheap (no network, no process spawns).
 */
const FEATURES: FeatureRegistration[] = [registerLogCommands, registerAuth, registerSimulator, registerVehicles, registerKeys, registerCommands, registerTelemetryConfigLanguage, registerTelemetryConfigPush, registerChecks, registerTelemetryPanel];

/** Views that no feature fills yet; remove an id once its feature registers a provider. */
const VIEWS_WITHOUT_PROVIDER: string[] = [];

export async function activate(extension: vscode.ExtensionContext): Promise<void> {
  const { logger, channel } = createOutputChannelLogger();
  extension.subscriptions.push(channel);
  const progress = new WalkthroughProgress(extension.globalState);
  progress.restore();
  const ctx: FleetkitContext = { extension, log: logger, output: channel, progress };
  logger.info(`Fleetkit ${String(extension.extension.packageJSON.version)} activating`);
  for (const register of FEATURES) await register(ctx);
  registerEmptyViews(ctx, VIEWS_WITHOUT_PROVIDER);
}

export function deactivate(): void {
  // Disposables in extension.subscriptions are released by VS Code.
}
