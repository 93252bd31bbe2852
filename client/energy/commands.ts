/** The energy site commands of the palette and the site rows: multi-step prompts, confirmation where the home's power changes. */
import * as vscode from 'vscode';
import { EXPORT_RULE_LABELS, MODE_LABELS } from '../../core/energy/power-flow';
import { siteRefreshCost, type SiteRecord } from '../../core/energy/tree-model';
import { EXPORT_RULES, OPERATION_MODES, type ExportRule, type OperationMode } from '../../core/energy/types';
import { isAbortError } from '../../core/fleet-api/errors';
import type { Logger } from '../../core/log/logger';
import type { NodeModel } from '../../core/vehicle-model/tree-model';
import { showError } from '../errors/show-error';
import { MultiStepInput } from '../ui/multi-step';
import type { Step } from '../ui/flow';
import type { EnergyService } from './service';

interface Target {
  accountId: string;
  siteId: number;
  name: string;
}

const nameOf = (r: SiteRecord): string => r.product.site_name?.trim() || `Energy site ${r.product.energy_site_id}`;

/** A whole percentage 0–100, or the message that says what to type. */
export function percentProblem(text: string): string | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) > 100) return 'Type a whole percentage from 0 to 100.';
  return undefined;
}

export function registerEnergyCommands(energy: EnergyService, log: Logger): vscode.Disposable[] {
  const notify = async (err: unknown): Promise<void> => {
    if (isAbortError(err)) return;
    await showError(err, {
      severity: 'warning',
      log: (d) => log.error(`${d.message}${d.txid ? ` txid=${d.txid}` : ''}`),
    });
  };

  const progress = <T>(title: string, work: () => Promise<T>): Thenable<T> =>
    vscode.window.withProgress({ location: { viewId: 'fleetkit.vehicles' }, title }, () =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Fleetkit: ${title}` }, work),
    );

  const targetOf = (node?: NodeModel): Target | undefined => {
    if (!node?.siteId) return undefined;
    const r = energy.site(node.accountId, node.siteId);
    return r ? { accountId: node.accountId, siteId: node.siteId, name: nameOf(r) } : undefined;
  };

  /** The site to act on: the row's, the only one, or a pick (a step of the flow, with Back). */
  const siteStep = (input: MultiStepInput, node: NodeModel | undefined, chosen: { target?: Target }, next: () => Step | undefined): Step => {
    return async () => {
      const fixed = targetOf(node);
      const all = energy.allSites();
      if (fixed || all.length === 1) {
        chosen.target = fixed ?? { accountId: all[0].accountId, siteId: all[0].record.product.energy_site_id, name: nameOf(all[0].record) };
        return next();
      }
      chosen.target = await input.pick<Target>({
        placeholder: 'Energy site',
        items: all.map(({ accountId, record }) => ({
          label: nameOf(record),
          description: String(record.product.energy_site_id),
          value: { accountId, siteId: record.product.energy_site_id, name: nameOf(record) },
        })),
        active: (t) => t.siteId === chosen.target?.siteId,
      });
      return next();
    };
  };

  const needsPick = (node?: NodeModel): boolean => !targetOf(node) && energy.allSites().length > 1;

  const ensureSites = async (): Promise<boolean> => {
    if (!energy.allSites().length) await refreshSites();
    if (energy.allSites().length) return true;
    void vscode.window.showInformationMessage(
      'No energy sites to act on: sign in with the energy_device_data and energy_cmds scopes (setting fleetkit.auth.scopes) and refresh Accounts & Vehicles.',
    );
    return false;
  };

  /**
   * A site setting: the site (when there is a choice), then its value from `ask`; `confirm` asks before a change to how
   * the home is powered; then one command with progress.
   */
  const settingFlow = <T>(
    title: string,
    ask: (input: MultiStepInput, t: Target, previous: T | undefined) => Promise<T>,
    send: (t: Target, v: T) => Promise<void>,
    confirm: ((t: Target, v: T) => string) | undefined,
    done: (t: Target, v: T) => string,
  ) => {
    return async (node?: NodeModel): Promise<void> => {
      if (!(await ensureSites())) return;
      const chosen: { target?: Target; value?: T } = {};
      const steps = needsPick(node) ? 2 : 1;
      const completed = await MultiStepInput.run(
        title,
        () => steps,
        (input) =>
          siteStep(input, node, chosen, () => async () => {
            chosen.value = await ask(input, chosen.target!, chosen.value);
            return undefined;
          }),
      ).catch(async (err: unknown) => {
        await notify(err);
        return false;
      });
      if (!completed || !chosen.target || chosen.value === undefined) return;
      const t = chosen.target;
      const v = chosen.value;
      if (confirm) {
        const go = 'Change It';
        const answer = await vscode.window.showWarningMessage(
          confirm(t, v),
          { modal: true, detail: 'One billed command; Fleetkit reads the site again afterwards.' },
          go,
        );
        if (answer !== go) return;
      }
      try {
        await progress(`${title.replace(/…$/, '')}: ${t.name}…`, () => send(t, v));
        void vscode.window.showInformationMessage(done(t, v));
      } catch (err) {
        await notify(err);
      }
    };
  };

  /** A percentage setting, prefilled from site_info. */
  const percentFlow = (
    title: string,
    prompt: string,
    current: (r: SiteRecord) => number | undefined,
    send: (t: Target, percent: number) => Promise<void>,
    done: (t: Target, percent: number) => string,
  ) =>
    settingFlow<number>(
      title,
      async (input, t, previous) => {
        let value = previous === undefined ? undefined : String(previous);
        if (value === undefined) {
          const info = await energy.info(t.accountId, t.siteId).catch(() => undefined);
          const record = energy.site(t.accountId, t.siteId);
          const now = record && info ? current(record) : undefined;
          value = now !== undefined ? String(now) : '';
        }
        const text = await input.input({ prompt: `${prompt} for ${t.name} (0–100 %)`, value, placeholder: 'e.g. 20', validate: percentProblem });
        return Number(text.trim());
      },
      send,
      undefined,
      done,
    );

  /** A choice among options, the current one marked. */
  const choiceFlow = <T>(
    title: string,
    placeholder: string,
    items: (r: SiteRecord) => Array<{ label: string; description?: string; detail?: string; value: T }>,
    current: (r: SiteRecord) => T | undefined,
    send: (t: Target, v: T) => Promise<void>,
    confirm: ((t: Target, v: T) => string) | undefined,
    done: (t: Target, v: T) => string,
  ) =>
    settingFlow<T>(
      title,
      async (input, t, previous) => {
        await energy.info(t.accountId, t.siteId).catch(() => undefined);
        const record = energy.site(t.accountId, t.siteId)!;
        const now = current(record);
        return input.pick<T>({
          placeholder: `${placeholder} for ${t.name}`,
          items: items(record).map((i) => ({ ...i, description: i.value === now ? `${i.description ?? ''} (current)`.trim() : i.description })),
          active: (v) => v === (previous ?? now),
        });
      },
      send,
      confirm,
      done,
    );

  const refreshSite = async (node?: NodeModel): Promise<void> => {
    if (!(await ensureSites())) return;
    let t = targetOf(node);
    if (!t) {
      const all = energy.allSites();
      const picked =
        all.length === 1
          ? all[0]
          : (
              await vscode.window.showQuickPick(
                all.map((s) => ({ label: nameOf(s.record), description: String(s.record.product.energy_site_id), s })),
                { placeHolder: `Energy site to refresh (${siteRefreshCost()})` },
              )
            )?.s;
      if (!picked) return;
      t = { accountId: picked.accountId, siteId: picked.record.product.energy_site_id, name: nameOf(picked.record) };
    }
    const target = t;
    try {
      await vscode.window.withProgress({ location: { viewId: 'fleetkit.vehicles' } }, () => energy.refreshSite(target.accountId, target.siteId));
    } catch (err) {
      await notify(err);
    }
  };

  const refreshSites = async (): Promise<void> => {
    try {
      await vscode.window.withProgress({ location: { viewId: 'fleetkit.vehicles' } }, async () => {
        for (const a of energy.readableAccounts()) await energy.listSites(a);
      });
    } catch (err) {
      await notify(err);
    }
  };

  return [
    vscode.commands.registerCommand('fleetkit.refreshEnergySite', refreshSite),
    vscode.commands.registerCommand('fleetkit.refreshEnergySites', refreshSites),
    vscode.commands.registerCommand(
      'fleetkit.setBackupReserve',
      percentFlow(
        'Set Backup Reserve',
        'Share of the Powerwall kept for outages',
        (r) => r.info?.data.backup_reserve_percent,
        (t, p) => energy.setBackupReserve(t.accountId, t.siteId, p),
        (t, p) => `${t.name}: backup reserve set to ${p} %.`,
      ),
    ),
    vscode.commands.registerCommand(
      'fleetkit.setOffGridVehicleChargingReserve',
      percentFlow(
        'Set Off-Grid Vehicle Charging Reserve',
        'Share of the Powerwall a car may not take during an outage',
        (r) => r.info?.data.off_grid_vehicle_charging_reserve_percent,
        (t, p) => energy.setOffGridVehicleChargingReserve(t.accountId, t.siteId, p),
        (t, p) => `${t.name}: off-grid vehicle charging reserve set to ${p} %.`,
      ),
    ),
    vscode.commands.registerCommand(
      'fleetkit.setEnergyOperationMode',
      choiceFlow<OperationMode>(
        'Set Energy Operation Mode',
        'How the Powerwall runs',
        () =>
          OPERATION_MODES.map((m) => ({
            label: MODE_LABELS[m],
            description: m,
            detail: {
              self_consumption: 'Solar and Powerwall cover the home; the grid only what they cannot.',
              autonomous: 'Keeps the Powerwall for peak hours and may sell to the grid then.',
              backup: 'Keeps the Powerwall full for outages; the grid powers the home.',
            }[m],
            value: m,
          })),
        (r) => r.info?.data.default_real_mode as OperationMode | undefined,
        (t, m) => energy.setOperationMode(t.accountId, t.siteId, m),
        (t, m) => `Switch ${t.name} to ${MODE_LABELS[m]}? This changes how the home is powered.`,
        (t, m) => `${t.name} now runs ${MODE_LABELS[m]}.`,
      ),
    ),
    vscode.commands.registerCommand(
      'fleetkit.setStormMode',
      choiceFlow<boolean>(
        'Set Storm Mode',
        'Storm Watch',
        () => [
          { label: 'On', detail: 'Charge the Powerwall to full and hold it when a storm watch is issued.', value: true },
          { label: 'Off', detail: 'Ignore storm watches.', value: false },
        ],
        (r) => r.info?.data.user_settings?.storm_mode_enabled,
        (t, on) => energy.setStormMode(t.accountId, t.siteId, on),
        undefined,
        (t, on) => `${t.name}: storm mode ${on ? 'on' : 'off'}.`,
      ),
    ),
    vscode.commands.registerCommand(
      'fleetkit.setGridImportExport',
      choiceFlow<ExportRule>(
        'Set Grid Export',
        'What may be exported to the grid',
        () => EXPORT_RULES.map((r) => ({ label: EXPORT_RULE_LABELS[r], description: r, value: r })),
        (r) => r.info?.data.components?.customer_preferred_export_rule as ExportRule | undefined,
        (t, rule) => energy.setGridImportExport(t.accountId, t.siteId, { customer_preferred_export_rule: rule }),
        (t, rule) => `Set what ${t.name} exports to "${EXPORT_RULE_LABELS[rule]}"? This changes how the site uses the grid.`,
        (t, rule) => `${t.name} exports: ${EXPORT_RULE_LABELS[rule]}.`,
      ),
    ),
  ];
}
