import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors/describe-error';
import { ChargingEndpoints } from '../../core/fleet-api/charging';
import type { ChargingHistoryItem } from '../../core/fleet-api/charging-types';
import type { Logger } from '../../core/log/logger';
import { LiveWebviewPanel } from '../ui/webview-panel';
import type { VehiclesService } from '../vehicles/service';
import { CHARGING_PAGE_STYLES, CHARGING_PAGE_TITLE, invoiceIndex, renderChargingBody } from './render';

/** Which sessions the page shows. */
export interface ChargingFilter {
  readonly accountId: string;
  readonly vin?: string;
  readonly vehicleName?: string;
  /** Sessions that started in the last `days` days; undefined = all. */
  readonly days?: number;
}

export function filterLabel(f: ChargingFilter): string {
  return `${f.vin ? `${f.vehicleName ?? f.vin}` : 'All vehicles'} · ${f.days ? `last ${f.days} days` : 'all time'}`;
}

/** At most this many pages of 50 are read for one view (each page is a billed data call). */
const MAX_PAGES = 10;

/** The Charging History page (one per window): loads the filtered history, shows totals, saves and opens invoices. */
export class ChargingHistoryPanel implements vscode.Disposable {
  private static current: ChargingHistoryPanel | undefined;
  private readonly panel: LiveWebviewPanel;
  private items?: ChargingHistoryItem[];
  private incomplete = false;
  private error?: string;
  private loading = false;

  static show(
    extensionUri: vscode.Uri,
    service: VehiclesService,
    log: Logger,
    filter: ChargingFilter,
    refilter: () => Promise<ChargingFilter | undefined>,
  ): void {
    const open = ChargingHistoryPanel.current;
    if (open) {
      open.filter = filter;
      open.panel.reveal();
      void open.load();
      return;
    }
    ChargingHistoryPanel.current = new ChargingHistoryPanel(extensionUri, service, log, filter, refilter);
  }

  private constructor(
    extensionUri: vscode.Uri,
    private readonly service: VehiclesService,
    private readonly log: Logger,
    private filter: ChargingFilter,
    private readonly refilter: () => Promise<ChargingFilter | undefined>,
  ) {
    this.panel = new LiveWebviewPanel({
      viewType: 'fleetkit.chargingHistory',
      extensionUri,
      styles: CHARGING_PAGE_STYLES,
      render: () => ({
        title: CHARGING_PAGE_TITLE,
        body: renderChargingBody(
          {
            account: this.service.account(this.filter.accountId)?.label ?? this.filter.accountId,
            filter: filterLabel(this.filter),
            ...(this.items ? { items: this.items } : {}),
            incomplete: this.incomplete,
            loading: this.loading,
            ...(this.error ? { error: this.error } : {}),
          },
          { locale: vscode.env.language },
        ),
      }),
      onAction: (action) => this.onAction(action),
    });
    this.panel.onDidDispose(() => this.dispose());
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    this.error = undefined;
    this.panel.update();
    try {
      const charging = new ChargingEndpoints(this.service.client(this.filter.accountId));
      const startTime = this.filter.days ? new Date(Date.now() - this.filter.days * 86_400_000).toISOString() : undefined;
      const result = await charging.historyAll(
        { ...(this.filter.vin ? { vin: this.filter.vin } : {}), ...(startTime ? { startTime } : {}), pageSize: 50 },
        { maxPages: MAX_PAGES },
      );
      this.items = result.items;
      this.incomplete = !result.complete;
    } catch (err) {
      const d = describeError(err);
      this.error = d.message;
      this.log.warn(`charging history: ${d.message}${d.txid ? ` (txid ${d.txid})` : ''}`);
    } finally {
      this.loading = false;
      this.panel.update();
    }
  }

  private async onAction(action: string): Promise<void> {
    if (action === 'refresh') return this.load();
    if (action === 'filter') {
      const next = await this.refilter();
      if (next) {
        this.filter = next;
        await this.load();
      }
      return;
    }
    const index = invoiceIndex(action);
    const item = index === undefined ? undefined : this.items?.[index];
    const invoice = item?.invoices?.[0];
    if (!invoice) return;
    await this.saveInvoice(invoice.contentId, invoice.fileName);
  }

  private async saveInvoice(contentId: string, fileName: string): Promise<void> {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Save Charging Invoice',
      filters: { PDF: ['pdf'] },
      ...(base ? { defaultUri: vscode.Uri.joinPath(base, fileName) } : {}),
    });
    if (!target) return;
    try {
      const res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Downloading invoice ${fileName}…` }, () =>
        new ChargingEndpoints(this.service.client(this.filter.accountId)).invoice(contentId),
      );
      await writeFile(target.fsPath, res.response);
      this.log.info(`saved charging invoice ${fileName} to ${target.fsPath}${res.txid ? ` (txid ${res.txid})` : ''}`);
      await vscode.commands.executeCommand('vscode.open', target);
    } catch (err) {
      const d = describeError(err);
      this.log.warn(`charging invoice ${fileName}: ${d.message}${d.txid ? ` (txid ${d.txid})` : ''}`);
      void vscode.window.showErrorMessage(`Could not download invoice ${fileName}: ${d.message}`);
    }
  }

  dispose(): void {
    if (ChargingHistoryPanel.current === this) ChargingHistoryPanel.current = undefined;
    this.panel.dispose();
  }

  static disposeCurrent(): void {
    ChargingHistoryPanel.current?.dispose();
  }
}
