import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse as parseJsonc } from 'jsonc-parser';
import type { Dispatcher } from 'undici';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors/describe-error';
import { vinProblem } from '../../core/vin/vin';
import { FleetApiClient } from '../../core/fleet-api/client';
import type { Logger } from '../../core/log/logger';
import {
  pushTelemetryConfig,
  pushTelemetryConfigViaProxy,
  removeTelemetryConfig,
  splitRequest,
  telemetrySyncStatus,
} from '../../core/telemetry-config-push/index';
import { PROXY_CA_SETTING, proxyTrustProblem, type ProxyTrust } from '../proxy/proxy-trust';
import { readCommandSettings } from '../vehicle-commands/settings';
import { showError } from '../errors/show-error';
import type { FleetkitContext } from '../context';
import type { CommandKeyStore } from '../keys/key-store';
import { TELEMETRY_CONFIG_LANGUAGE } from './language-client';
import type { AccountSource, VehicleAccount, VehiclesService } from '../vehicles/service';
import { vehicleItems } from '../vehicles/pick-vehicle';
import { pushRouteFor } from './push-route';
import { chooseSigningKey } from './signing-key';
import { ConfigDiffView } from './config-diff-view';
import { pushConfirmation, type CurrentConfig } from './push-confirmation';
import { formatUsd, unitPrice } from '../../core/billing/prices';
import { vehicleLabel } from '../../core/vehicle-model/tree-model';
import { BUTTON, MultiStepInput } from '../ui/multi-step';
import type { Step } from '../ui/flow';

export interface TelemetryConfigPushDeps {
  /** The signed-in accounts with their tokens (the cars' owner pushes). */
  readonly accounts: AccountSource;
  /** The listed cars, to pick from and to name in the confirmation. */
  readonly vehicles: VehiclesService;
  /** The command key that signs the config (unless tesla-http-proxy signs). */
  readonly keys: CommandKeyStore;
  readonly proxyTrust: ProxyTrust;
}

function configDocument(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === TELEMETRY_CONFIG_LANGUAGE ? doc : undefined;
}

/** The account that owns the cars: the one the picked VINs came from when it is signed in, else the only one, else asked. */
async function pickAccount(source: AccountSource, preferredId?: string): Promise<VehicleAccount | undefined> {
  const accounts = (await source.accounts()).filter((a) => !a.unavailable);
  if (!accounts.length) {
    void vscode.window.showErrorMessage('Sign in to Tesla (or the local simulator) first: Fleetkit: Sign In.');
    return undefined;
  }
  const preferred = preferredId ? accounts.find((a) => a.info.id === preferredId) : undefined;
  if (preferred) return preferred;
  if (accounts.length === 1) return accounts[0];
  const pick = await vscode.window.showQuickPick(
    accounts.map((a) => ({ label: a.info.label, description: `${a.info.environment} · ${a.info.region}`, account: a })),
    { title: 'Push Telemetry Config', placeHolder: 'Account that owns the vehicles' },
  );
  return pick?.account;
}

function clientFor(account: VehicleAccount): FleetApiClient {
  return new FleetApiClient({ baseUrl: account.info.baseUrl, accountId: account.info.id, tokens: account.tokens, ca: account.ca });
}

/** The command key from SecretStorage; `fleetkit.partner.keyFile` only when none is stored (see signing-key.ts). */
async function commandKey(keys: CommandKeyStore, log: Logger): Promise<KeyObject | undefined> {
  const choice = await chooseSigningKey({
    stored: async () => (await keys.get())?.key,
    keyFile: vscode.workspace.getConfiguration('fleetkit').get<string>('partner.keyFile') ?? '',
    readFile: (path) => readFile(path, 'utf8'),
  });
  if (choice.ok) {
    log.info(
      `signing the telemetry config with ${choice.source === 'stored' ? 'the stored command key' : 'the key in fleetkit.partner.keyFile (no command key is stored)'}`,
    );
    return choice.key;
  }
  const generate = 'Generate Command Key';
  const importKey = 'Import Command Key';
  const pick = await vscode.window.showErrorMessage(choice.problem, generate, importKey);
  if (pick === generate) void vscode.commands.executeCommand('fleetkit.generateCommandKey');
  if (pick === importKey) void vscode.commands.executeCommand('fleetkit.importCommandKey');
  return undefined;
}

const splitVins = (text: string): string[] => [
  ...new Set(
    text
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((v) => v.toUpperCase()),
  ),
];

/**
 * The cars to act on: picked (several at once) from the vehicles Fleetkit has listed, or typed when none are listed
 * or the user prefers to (the pick's "Enter VINs…" button, or VINs typed into its filter). `accountId` is set when
 * every picked car belongs to one account.
 */
async function askVins(vehicles: VehiclesService, title: string): Promise<{ vins: string[]; accountId?: string } | undefined> {
  const listed = vehicleItems(vehicles);
  let result: { vins: string[]; accountId?: string } | undefined;
  const typedStep =
    (input: MultiStepInput): Step =>
    async () => {
      const text = await input.input({
        prompt: 'VINs of the vehicles, separated by commas or spaces',
        placeholder: 'e.g. 5YJ3E1EA8KF000001, 7SAYGDEE1PF000002',
        validate: (v) => {
          const vins = splitVins(v);
          if (!vins.length) return 'Enter one or more VINs separated by commas';
          return vins.map(vinProblem).find(Boolean);
        },
      });
      result = { vins: splitVins(text) };
      return undefined;
    };
  const ok = await MultiStepInput.run(
    title,
    () => 1,
    (input) => {
      if (!listed.length) return typedStep(input);
      return async () => {
        const picked = await input.pickMany({
          placeholder: 'Vehicles to act on: check one or more (or type VINs and press Enter)',
          items: listed.map((item) => ({ ...item, value: { vin: item.value.vin, accountId: item.value.accountId } })),
          matchOnDescription: true,
          matchOnDetail: true,
          button: { icon: 'edit', tooltip: 'Enter VINs…' },
          typed: (text) => {
            const vins = splitVins(text);
            return vins.length && vins.every((v) => !vinProblem(v)) ? vins.map((vin) => ({ vin, accountId: '' })) : undefined;
          },
        });
        if (picked === BUTTON) return typedStep(input);
        const accounts = new Set(picked.map((p) => p.accountId));
        const only = accounts.size === 1 ? [...accounts][0] : undefined;
        result = { vins: [...new Set(picked.map((p) => p.vin))], ...(only ? { accountId: only } : {}) };
        return undefined;
      };
    },
  );
  return ok ? result : undefined;
}

/** A car's current config for the diff editor, without the iss/aud Tesla adds (they are not pushed). */
function diffSide(c: CurrentConfig | undefined): unknown {
  if (!c) return null;
  if ('error' in c) return `unknown: ${c.error}`;
  return c.config ? Object.fromEntries(Object.entries(c.config).filter(([k]) => k !== 'iss' && k !== 'aud')) : null;
}

/** GET fleet_telemetry_config for each car (one billed data call each), for the confirmation's diff. */
async function currentConfigs(client: FleetApiClient, vins: readonly string[], region: string): Promise<Map<string, CurrentConfig>> {
  const out = new Map<string, CurrentConfig>();
  const calls = `${vins.length} billed data call${vins.length === 1 ? '' : 's'}, ${formatUsd(vins.length * unitPrice('data'))}`;
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Reading the current telemetry config of ${vins.length === 1 ? vins[0] : `${vins.length} vehicles`} (${calls})…`,
    },
    async (progress) => {
      for (const [i, vin] of vins.entries()) {
        progress.report({ message: `${vin} (${i + 1}/${vins.length})` });
        try {
          out.set(vin, { config: (await telemetrySyncStatus(client, vin)).config });
        } catch (err) {
          out.set(vin, { error: describeError(err, { region }).message });
        }
      }
    },
  );
  return out;
}

function errorText(err: unknown): string {
  return describeError(err).message;
}

/** `Fleetkit: Push Telemetry Config`, `Show Telemetry Sync Status`, `Remove Telemetry Config`. */
export function registerTelemetryConfigPush(ctx: FleetkitContext, deps: TelemetryConfigPushDeps): void {
  const log = ctx.log.child('telemetry-config');
  const { proxyTrust, vehicles } = deps;
  const diffView = new ConfigDiffView();
  ctx.extension.subscriptions.push(diffView);
  const push = async (): Promise<void> => {
    const doc = configDocument();
    if (!doc) {
      void vscode.window.showErrorMessage('Open a Fleet Telemetry config (*.telemetry.json) first.');
      return;
    }
    const errors = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'fleetkit' && d.severity === vscode.DiagnosticSeverity.Error);
    if (errors.length) {
      const choice = await vscode.window.showErrorMessage(`${errors.length} error(s) in the config block the push: ${errors[0].message}`, 'Show Problems');
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
      return;
    }
    let request;
    try {
      request = splitRequest(parseJsonc(doc.getText()));
    } catch (err) {
      void vscode.window.showErrorMessage(`Cannot read the config: ${errorText(err)}`);
      return;
    }
    const asked = request.vins.length ? { vins: request.vins } : await askVins(vehicles, 'Push Telemetry Config');
    const vins = asked?.vins;
    if (!vins?.length) return;
    const settings = readCommandSettings();
    const route = pushRouteFor(settings.transport, settings.proxyUrl);
    if (route.kind === 'invalid') {
      const open = await vscode.window.showErrorMessage(route.problem, 'Open Settings');
      if (open) void vscode.commands.executeCommand('workbench.action.openSettings', 'fleetkit.commands.proxyUrl');
      return;
    }
    const account = await pickAccount(deps.accounts, asked?.accountId);
    if (!account) return;
    // With the proxy transport the proxy signs with its own key; otherwise we sign with the command key.
    const key = route.kind === 'jws' ? await commandKey(deps.keys, log) : undefined;
    if (route.kind === 'jws' && !key) return;
    let proxyDispatcher: Dispatcher | undefined;
    if (route.kind === 'proxy') {
      try {
        proxyDispatcher = await proxyTrust.dispatcher(settings.proxyCaFile);
      } catch (err) {
        const open = await vscode.window.showErrorMessage(`Push failed: ${errorText(err)}`, 'Open Settings');
        if (open) void vscode.commands.executeCommand('workbench.action.openSettings', PROXY_CA_SETTING);
        return;
      }
    }
    const client =
      route.kind === 'proxy'
        ? new FleetApiClient({
            baseUrl: route.url,
            accountId: account.info.id,
            tokens: account.tokens,
            ...(proxyDispatcher ? { dispatcher: proxyDispatcher } : {}),
          })
        : clientFor(account);
    const via = route.kind === 'proxy' ? ` via tesla-http-proxy ${route.url}` : '';
    const reader = route.kind === 'proxy' ? clientFor(account) : client;
    try {
      const current = await currentConfigs(reader, vins, account.info.region);
      const names = new Map(vehicles.cache.list(account.info.id).map((r) => [r.vin, vehicleLabel(r)]));
      const confirm = pushConfirmation({ vins, next: request.config, current, names, dataCallUsd: unitPrice('data'), via });
      for (const w of confirm.warnings) log.warn(`push telemetry config: ${w}`);
      const showDiff = 'Show Diff';
      let answer = await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, confirm.button, showDiff);
      if (answer === showDiff) {
        await diffView.show(Object.fromEntries(vins.map((v) => [v, diffSide(current.get(v))])), Object.fromEntries(vins.map((v) => [v, request.config])));
        // Not modal, so the diff can be read first.
        answer = await vscode.window.showWarningMessage(`${confirm.message}${confirm.warnings.length ? ` ${confirm.warnings.join(' ')}` : ''}`, confirm.button);
      }
      if (answer !== confirm.button) {
        log.info(`push telemetry config to ${vins.join(', ')}: not confirmed, nothing sent`);
        return;
      }
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Pushing the telemetry config to ${vins.length} vehicle(s)${via}…` },
        () => (key ? pushTelemetryConfig(client, vins, request.config, key) : pushTelemetryConfigViaProxy(client, vins, request.config)),
      );
      log.info(`pushed telemetry config${via}: ${result.updatedVehicles} updated${result.txid ? ` (txid ${result.txid})` : ''}`);
      if (result.updatedVehicles > 0 && account.info.environment !== 'simulator') ctx.progress.update({ telemetryConfigPushed: true });
      for (const s of result.skipped) log.warn(`skipped ${s.vin}: ${s.reason} — ${s.fix}`);
      const summary = `Telemetry config: ${result.updatedVehicles} vehicle(s) updated${result.skipped.length ? `, ${result.skipped.length} skipped (${[...new Set(result.skipped.map((s) => s.reason))].join(', ')})` : ''}.`;
      const show = result.skipped.length
        ? await vscode.window.showWarningMessage(summary, 'Show Details')
        : await vscode.window.showInformationMessage(summary);
      if (show) ctx.output.show(true);
    } catch (err) {
      const untrusted = route.kind === 'proxy' ? proxyTrustProblem(err) : undefined;
      if (untrusted) {
        log.error('telemetry config push failed', untrusted);
        const open = await vscode.window.showErrorMessage(`Push failed: ${untrusted}`, 'Open Settings');
        if (open) void vscode.commands.executeCommand('workbench.action.openSettings', PROXY_CA_SETTING);
      } else {
        await showError(err, {
          prefix: 'Push failed:',
          context: { region: account.info.region },
          log: (d) => log.error(`telemetry config push failed: ${d.message}`),
        });
      }
    } finally {
      await client.close();
      if (reader !== client) await reader.close();
    }
  };

  /** Sync status / removal for every VIN of the open config (or the ones typed), one result line per car. */
  const perVehicle = async (action: 'status' | 'remove'): Promise<void> => {
    const doc = configDocument();
    let prefill: string[] = [];
    try {
      if (doc) prefill = splitRequest(parseJsonc(doc.getText())).vins;
    } catch {
      // Not a readable config: ask for the VINs from scratch.
    }
    const asked = prefill.length ? { vins: prefill } : await askVins(vehicles, action === 'status' ? 'Show Telemetry Sync Status' : 'Remove Telemetry Config');
    const vins = asked?.vins;
    if (!vins?.length) return;
    const account = await pickAccount(deps.accounts, asked?.accountId);
    if (!account) return;
    if (action === 'remove') {
      const sure = await vscode.window.showWarningMessage(
        `Remove this app's telemetry config from ${vins.length === 1 ? vins[0] : `${vins.length} vehicles (${vins.join(', ')})`}? They stop streaming to your server.`,
        { modal: true },
        'Remove',
      );
      if (sure !== 'Remove') return;
    }
    const client = clientFor(account);
    const lines: string[] = [];
    const configs: Record<string, unknown> = {};
    let failures = 0;
    try {
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `${action === 'status' ? 'Telemetry sync status' : 'Removing the telemetry config'}…`,
          cancellable: false,
        },
        async (progress) => {
          for (const [i, vin] of vins.entries()) {
            progress.report({ message: `${vin} (${i + 1}/${vins.length})` });
            try {
              if (action === 'status') {
                const status = await telemetrySyncStatus(client, vin);
                if (status.config) configs[vin] = status.config;
                lines.push(
                  status.config
                    ? `${vin}: ${status.synced ? 'synced' : 'not synced yet (adopted at the next connection)'}${status.limitReached ? ', app limit reached' : ''}`
                    : `${vin}: no config from this app${status.limitReached ? ' (app limit reached: the vehicle rejected it)' : ''}`,
                );
              } else {
                lines.push((await removeTelemetryConfig(client, vin)) ? `${vin}: removed` : `${vin}: had no config from this app`);
              }
            } catch (err) {
              failures++;
              const d = describeError(err, { region: account.info.region });
              lines.push(`${vin}: failed — ${d.message}`);
              log.error(`telemetry config ${action} ${vin} failed: ${d.message}${d.txid ? ` txid=${d.txid}` : ''}`);
            }
          }
        },
      );
    } finally {
      await client.close();
    }
    for (const line of lines) log.info(`telemetry config ${action}: ${line}`);
    const summary = vins.length === 1 ? `${lines[0]}.` : `${lines.join('; ')}.`;
    const buttons = [...(Object.keys(configs).length ? ['Open Config'] : []), ...(failures ? ['Show Log'] : [])];
    const show = failures ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const picked = await show(`Fleetkit: ${summary}`, ...buttons);
    if (picked === 'Open Config') {
      const content = JSON.stringify(Object.keys(configs).length === 1 ? Object.values(configs)[0] : configs, null, 2);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content }), { preview: true });
    }
    if (picked === 'Show Log') ctx.output.show(true);
  };

  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand('fleetkit.pushTelemetryConfig', push),
    vscode.commands.registerCommand('fleetkit.showTelemetrySyncStatus', () => perVehicle('status')),
    vscode.commands.registerCommand('fleetkit.removeTelemetryConfig', () => perVehicle('remove')),
  );
}
