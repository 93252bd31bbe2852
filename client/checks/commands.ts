import { readFile } from 'node:fs/promises';
import type { CheckedCommandKey } from '../../core/checks/keys/command-key';
import * as vscode from 'vscode';
import QRCode from 'qrcode';
import type { Logger } from '../../core/log/logger';
import { runDoctor } from '../../core/checks/doctor/run';
import { checkPemHosting } from '../../core/checks/pem/run';
import { checkRedirectUri } from '../../core/checks/redirect/run';
import { summarize, type CheckReport } from '../../core/checks/types';
import { pairingLink, registerPartnerDomain, type PartnerRegion, type RegionEndpoint } from '../../core/partner';
import type { FleetkitAuth, SessionInfo } from '../auth/api';
import { ClientSecretStore } from '../auth/client-secret';
import type { Environments } from '../auth/environment';
import { chooseRedirectUri } from '../auth/redirect';
import { readAuthSettings } from '../auth/settings';
import { CALLBACK_PATH } from '../auth/uri-handler';
import { renderPartnerPage } from './partner-html';
import type { ChecksProblems } from './problems';
import type { ChecksTreeProvider, ChecksNode } from './report-tree';
import { readCheckSettings } from './settings';
import { telemetryServerForDoctor } from './telemetry-server';
import type { WalkthroughProgress } from '../walkthrough/progress';
import { stepFromReport, stepsFromDoctor } from '../walkthrough/steps';
import { commandKeyForChecks } from '../keys/checked-key';
import { pairingLink as simulatorPairingLink } from '../vehicle-commands/pairing';
import type { CommandKeyStore } from '../keys/key-store';

export interface ChecksDeps {
  readonly tree: ChecksTreeProvider;
  readonly view: vscode.TreeView<ChecksNode>;
  readonly problems: ChecksProblems;
  readonly log: Logger;
  readonly secrets: vscode.SecretStorage;
  readonly extensionId: string;
  readonly progress: WalkthroughProgress;
  readonly auth: FleetkitAuth;
  readonly environments: Environments;
  /** The command key the checks compare with what is hosted and registered. */
  readonly keys: CommandKeyStore;
}

/** The key the checks compare: the command key that signs (see client/keys/checked-key.ts). */
function checkedKey(keys: CommandKeyStore): Promise<CheckedCommandKey> {
  return commandKeyForChecks(keys, readCheckSettings().keyFile);
}

/** Puts the one-command-key verdict first in a report when it is not a plain pass. */
function withKeyCheck(report: CheckReport, key: CheckedCommandKey): CheckReport {
  return key.check.status === 'pass' ? report : { ...report, checks: [key.check, ...report.checks] };
}

async function pemOptions(): Promise<{ ca?: string; resolve?: ReturnType<typeof readCheckSettings>['resolve'] }> {
  const s = readCheckSettings();
  if (s.resolveError) throw new Error(`fleetkit.checks.resolve: ${s.resolveError}`);
  const ca = s.extraCaFile
    ? await readFile(s.extraCaFile, 'utf8').catch(() => Promise.reject(new Error(`cannot read fleetkit.checks.extraCaFile ${s.extraCaFile}`)))
    : undefined;
  return { ca, resolve: s.resolve };
}

async function askDomain(): Promise<string | undefined> {
  const configured = readCheckSettings().domain;
  if (configured) return configured;
  const entered = await vscode.window.showInputBox({
    title: 'Partner domain',
    prompt: 'The domain that hosts /.well-known/appspecific/com.tesla.3p.public-key.pem (saved as fleetkit.partner.domain)',
    placeHolder: 'fleet.example.com',
    ignoreFocusOut: true,
    validateInput: (v) =>
      /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(
        v
          .trim()
          .replace(/^https?:\/\//, '')
          .split('/')[0],
      )
        ? undefined
        : 'Enter a domain such as fleet.example.com',
  });
  if (!entered) return undefined;
  const domain = entered
    .trim()
    .replace(/^https?:\/\//i, '')
    .split('/')[0]
    .toLowerCase();
  await vscode.workspace.getConfiguration('fleetkit').update('partner.domain', domain, vscode.ConfigurationTarget.Global);
  return domain;
}

function fail(log: Logger, what: string, err: unknown): void {
  if (err instanceof vscode.CancellationError) return;
  log.error(`${what} failed`, err);
  void vscode.window.showErrorMessage(`Fleetkit: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
}

/** Shows a report in the Checks & Doctor view and the Problems panel, with a one-line notification. */
export async function present(deps: ChecksDeps, report: CheckReport, what: string): Promise<void> {
  deps.tree.show(report);
  deps.problems.show(report);
  const s = summarize(report.checks);
  deps.log.info(`${what}: ${s.pass} passed, ${s.warn} warning(s), ${s.fail} failed`);
  const node = deps.tree.getChildren().find((n) => n.kind === 'report' && n.report === report);
  if (node) await deps.view.reveal(node, { focus: false, select: false, expand: true }).then(undefined, () => undefined);
  const critical = report.checks.find((c) => c.critical && c.status === 'fail');
  if (critical) void vscode.window.showErrorMessage(`Fleetkit: ${critical.detail}`, { modal: false });
  else if (!s.ok) void vscode.window.showWarningMessage(`Fleetkit ${what}: ${s.fail} check(s) failed. See the Checks & Doctor view.`);
  else void vscode.window.showInformationMessage(`Fleetkit ${what}: all checks passed${s.warn ? ` (${s.warn} warning(s))` : ''}.`);
}

async function checkPem(deps: ChecksDeps): Promise<void> {
  const domain = await askDomain();
  if (!domain) return;
  const [key, opts] = await Promise.all([checkedKey(deps.keys), pemOptions()]);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking key hosting on ${domain}…`, cancellable: true },
    (_p, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return checkPemHosting(domain, { ...opts, localKey: key.key, signal: ac.signal });
    },
  );
  deps.progress.update(stepFromReport('publicKeyVerified', report));
  await present(deps, withKeyCheck(report, key), 'PEM hosting check');
}

async function checkRedirect(deps: ChecksDeps): Promise<void> {
  const sim = deps.environments.simulatorReady;
  const settings = readAuthSettings();
  const uri = chooseRedirectUri(settings, sim);
  const configured = readCheckSettings().allowedRedirectUris;
  const allowed = configured.length ? configured : sim ? [...sim.redirectUris] : [];
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${deps.extensionId}${CALLBACK_PATH}`));
  const report = await checkRedirectUri(uri, allowed, { externalUri: external.toString(true), probePort: settings.redirectMode === 'loopback' });
  await present(deps, report, 'redirect URI check');
}

function regionsOf(fleetUrls: Partial<Record<PartnerRegion, string>>): { regions: RegionEndpoint[]; separate: string[] } {
  const regions: RegionEndpoint[] = [];
  const separate: string[] = [];
  for (const r of ['na', 'eu', 'cn'] as const) {
    const url = fleetUrls[r];
    if (!url) continue;
    if (r === 'cn') separate.push(r);
    else regions.push({ region: r, baseUrl: url });
  }
  return { regions, separate };
}

async function registerDomain(deps: ChecksDeps, panelRef: { panel?: vscode.WebviewPanel }): Promise<void> {
  const domain = await askDomain();
  if (!domain) return;
  const { auth } = deps;
  const env = await auth.requireEnvironment();
  const key = (await checkedKey(deps.keys)).key;
  const { regions, separate } = regionsOf(env.endpoints.fleetUrls);
  const rows = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Registering ${domain} with Tesla (${regions.map((r) => r.region.toUpperCase()).join(', ')})…` },
    () =>
      registerPartnerDomain({
        domain,
        regions,
        partnerToken: (audience) => auth.partnerToken(regions.find((r) => r.baseUrl === audience)!.region),
        localKeyHex: key?.pointHex,
        dispatcher: env.dispatcher,
        logger: deps.log,
      }),
  );
  for (const r of rows) {
    deps.log.info(
      `partner ${domain} ${r.region}: ${r.state}${r.error ? ` — ${r.error.status ?? ''} ${r.error.message}${r.error.txid ? ` txid=${r.error.txid}` : ''}` : ''}`,
    );
  }
  const link = pairingLink(domain);
  const qrSvg = await QRCode.toString(link, { type: 'svg', margin: 1 });
  const panel =
    panelRef.panel ??
    vscode.window.createWebviewPanel('fleetkit.partnerRegistration', 'Partner registration', vscode.ViewColumn.Active, {
      enableScripts: false,
      enableCommandUris: false,
    });
  if (!panelRef.panel) {
    panelRef.panel = panel;
    panel.onDidDispose(() => (panelRef.panel = undefined));
  }
  panel.title = `Partner registration — ${domain}`;
  panel.webview.html = renderPartnerPage({ domain, rows, separate, pairingLink: link, qrSvg, cspSource: panel.webview.cspSource, localKeyHex: key?.pointHex });
  panel.reveal();
  const failed = rows.filter((r) => r.state !== 'registered');
  if (!env.simulator) deps.progress.update({ partnerRegistered: failed.length === 0 });
  if (failed.length) {
    void vscode.window.showWarningMessage(
      `Fleetkit: registration failed in ${failed.map((r) => r.region.toUpperCase()).join(', ')}: ${failed[0].error?.message ?? ''}`,
    );
  }
}

async function pickSession(auth: FleetkitAuth, env: string): Promise<SessionInfo | undefined> {
  const sessions = (await auth.sessions()).filter((s) => s.environment === env);
  if (sessions.length <= 1) return sessions[0];
  const pick = await vscode.window.showQuickPick(
    sessions.map((s) => ({ label: s.label, description: s.region.toUpperCase(), s })),
    { title: 'Run the doctor for which account?' },
  );
  if (!pick) throw new vscode.CancellationError();
  return pick.s;
}

/** The doctor looks at telemetry sync status only when the user works on a telemetry config (one billed call per car). */
async function telemetryReason(): Promise<{ reason: string } | undefined> {
  const [found] = await vscode.workspace.findFiles('**/{*.telemetry.json,fleet_telemetry_config*.json}', '**/node_modules/**', 1).then(undefined, () => []);
  return found ? { reason: `${vscode.workspace.asRelativePath(found)} is in the workspace` } : undefined;
}

async function doctor(deps: ChecksDeps): Promise<void> {
  const { auth } = deps;
  const env = await auth.requireEnvironment();
  const settings = readCheckSettings();
  const session = await pickSession(auth, env.endpoints.name);
  const accessToken = session ? await auth.tokenProvider(session.id).getAccessToken() : undefined;
  if (accessToken) deps.log.addSecret(accessToken);
  const clientId = env.simulator ? env.simulator.clientId : readAuthSettings().clientId || undefined;
  const hasClientSecret = env.simulator ? true : clientId ? Boolean(await new ClientSecretStore(deps.secrets).get(clientId)) : false;
  const [key, pem, telemetry, telemetryServer] = await Promise.all([checkedKey(deps.keys), pemOptions(), telemetryReason(), telemetryServerForDoctor()]);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Running the Fleet API doctor…', cancellable: true },
    (_p, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return runDoctor({
        clientId,
        hasClientSecret,
        partnerToken: hasClientSecret ? (region) => auth.partnerToken(region) : undefined,
        accessToken,
        tokenUrl: env.endpoints.tokenUrl,
        fleetUrls: env.endpoints.fleetUrls,
        dispatcher: env.dispatcher,
        domain: settings.domain || undefined,
        localKey: key.key,
        commandKey: key.check,
        ...(env.simulator
          ? {
              pairingPage: simulatorPairingLink({
                domain: settings.domain,
                simulatorBaseUrl: env.endpoints.fleetUrls.na ?? Object.values(env.endpoints.fleetUrls)[0],
              }),
            }
          : {}),
        pem,
        wantedScopes: readAuthSettings().scopes,
        telemetry,
        telemetryServer,
        signal: ac.signal,
        logger: deps.log,
      });
    },
  );
  deps.progress.update(stepsFromDoctor(report, env.simulator ? 'simulator' : 'tesla'));
  await present(deps, report, 'doctor');
}

export function registerCheckCommands(deps: ChecksDeps): vscode.Disposable[] {
  const panelRef: { panel?: vscode.WebviewPanel } = {};
  const wrap = (what: string, fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } catch (err) {
      fail(deps.log, what, err);
    }
  };
  return [
    vscode.commands.registerCommand(
      'fleetkit.checkPemHosting',
      wrap('PEM hosting check', () => checkPem(deps)),
    ),
    vscode.commands.registerCommand(
      'fleetkit.checkRedirectUri',
      wrap('redirect URI check', () => checkRedirect(deps)),
    ),
    vscode.commands.registerCommand(
      'fleetkit.registerPartnerDomain',
      wrap('partner registration', () => registerDomain(deps, panelRef)),
    ),
    vscode.commands.registerCommand(
      'fleetkit.runDoctor',
      wrap('doctor', () => doctor(deps)),
    ),
    vscode.commands.registerCommand('fleetkit.runCheckAction', async (node?: ChecksNode) => {
      if (node?.kind === 'check' && node.check.action) await vscode.commands.executeCommand(node.check.action);
    }),
    { dispose: () => panelRef.panel?.dispose() },
  ];
}
