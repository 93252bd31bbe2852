import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import type { HostToWebview, WebviewToHost } from './messages';
import { recordsToCsv, recordsToJson } from './model/export';
import { parseFilter, recordMatches } from './model/filter';
import type { FeedRecord } from './model/store';
import { panelHtml } from './panel-html';
import type { BridgeLink } from './bridge-link';
import type { TelemetryVehicleNames } from './vehicle-names';

/** Records sent to a newly opened panel (the host store keeps more for export). */
const INITIAL_RECORDS = 5000;
/** Host → webview batching: records collected for this long go in one postMessage. */
const POST_EVERY_MS = 100;

/** The Live Telemetry webview panel (one per window). */
export class TelemetryPanel implements vscode.Disposable {
  static current: TelemetryPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private queue: FeedRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ready = false;
  /** The names last posted (JSON), so an unchanged set is not sent again. */
  private postedNames = '';

  /** Opens (or reveals) the panel; with `focusVin` (opened from a vehicle) it filters to that vehicle. */
  static show(extensionUri: vscode.Uri, bridge: BridgeLink, names: TelemetryVehicleNames, log: Logger, focusVin?: string): TelemetryPanel {
    if (TelemetryPanel.current) {
      TelemetryPanel.current.panel.reveal();
      if (focusVin) TelemetryPanel.current.post({ type: 'focus', vin: focusVin });
      return TelemetryPanel.current;
    }
    const panel = vscode.window.createWebviewPanel('fleetkit.liveTelemetry', 'Live Telemetry', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    });
    TelemetryPanel.current = new TelemetryPanel(panel, extensionUri, bridge, names, log, focusVin);
    return TelemetryPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly bridge: BridgeLink,
    private readonly names: TelemetryVehicleNames,
    private readonly log: Logger,
    private focusVin?: string,
  ) {
    const webview = panel.webview;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'telemetry.js')).toString(),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((msg: WebviewToHost) => void this.onMessage(msg)),
      bridge.onRecords((records) => this.enqueue(records)),
      bridge.onDidChange(() => this.post({ type: 'status', status: bridge.status })),
      names.onDidChange(() => this.postNames()),
    );
  }

  private post(msg: HostToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(msg);
  }

  private postNames(): void {
    const names = this.names.current();
    const json = JSON.stringify(names);
    if (!this.ready || json === this.postedNames) return;
    this.postedNames = json;
    this.post({ type: 'names', names });
  }

  private enqueue(records: FeedRecord[]): void {
    if (!this.ready) return;
    for (const r of records) this.queue.push(r);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const batch = this.queue;
      this.queue = [];
      this.post({ type: 'records', records: batch });
    }, POST_EVERY_MS);
  }

  private async onMessage(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready': {
        this.ready = true;
        const records = this.bridge.store.records().slice(-INITIAL_RECORDS);
        const names = this.names.current();
        this.postedNames = JSON.stringify(names);
        this.post({
          type: 'init',
          historyMs: this.bridge.store.historyMs,
          records,
          status: this.bridge.status,
          locale: vscode.env.language,
          names,
          ...(this.focusVin ? { focusVin: this.focusVin } : {}),
        });
        this.focusVin = undefined;
        break;
      }
      case 'startBridge':
        await this.bridge
          .start()
          .catch((err: Error) => void vscode.window.showErrorMessage(`Fleetkit: could not start the telemetry bridge: ${err.message.split('\n')[0]}`));
        break;
      case 'stopBridge':
        await vscode.commands.executeCommand('fleetkit.stopTelemetryBridge');
        break;
      case 'detachBridge':
        await vscode.commands.executeCommand('fleetkit.detachTelemetryBridge');
        break;
      case 'export':
        await this.export(msg.format, msg.filter);
        break;
    }
  }

  private async export(format: 'json' | 'csv', filterText: string): Promise<void> {
    const filter = parseFilter(String(filterText ?? ''));
    const names = this.names.current();
    const records = this.bridge.store.records((r) => recordMatches(filter, r, names[r.vin]));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const uri = await vscode.window.showSaveDialog({
      title: `Export ${records.length} telemetry records`,
      filters: format === 'json' ? { JSON: ['json'] } : { CSV: ['csv'] },
      defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir()), `telemetry-${stamp}.${format}`),
    });
    if (!uri) return;
    try {
      await writeFile(uri.fsPath, format === 'json' ? recordsToJson(records) : recordsToCsv(records));
      this.post({ type: 'exported', path: uri.fsPath, count: records.length });
      this.log.info(`Exported ${records.length} telemetry records to ${uri.fsPath}`);
    } catch (err) {
      void vscode.window.showErrorMessage(`Fleetkit: could not write ${uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    if (TelemetryPanel.current === this) TelemetryPanel.current = undefined;
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
