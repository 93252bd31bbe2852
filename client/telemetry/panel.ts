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
import type { TelemetrySources } from './sources';
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
  static show(extensionUri: vscode.Uri, sources: TelemetrySources, names: TelemetryVehicleNames, log: Logger, focusVin?: string): TelemetryPanel {
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
    TelemetryPanel.current = new TelemetryPanel(panel, extensionUri, sources, names, log, focusVin);
    return TelemetryPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly sources: TelemetrySources,
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
      sources.onRecords((records) => this.enqueue(records)),
      sources.onDidChange(() => {
        this.post({ type: 'status', status: sources.status });
        this.postPlayback();
      }),
      // Another source attached, or a recording went back: the page starts over from the source's store.
      sources.onDidReset(() => this.init()),
      names.onDidChange(() => this.postNames()),
      sources.bridge.onAlert((alert) => this.post({ type: 'ruleAlerts', alerts: [alert] })),
    );
  }

  private post(msg: HostToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(msg);
  }

  private postPlayback(): void {
    this.post({ type: 'playback', clock: this.sources.current.playbackClock?.() ?? null });
  }

  private init(): void {
    if (!this.ready) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    const names = this.names.current();
    this.postedNames = JSON.stringify(names);
    this.post({
      type: 'init',
      historyMs: this.sources.store.historyMs,
      records: this.sources.store.records().slice(-INITIAL_RECORDS),
      status: this.sources.status,
      locale: vscode.env.language,
      names,
      ...(this.focusVin ? { focusVin: this.focusVin } : {}),
    });
    this.focusVin = undefined;
    this.postPlayback();
    if (this.sources.bridge.recentAlerts.length) this.post({ type: 'ruleAlerts', alerts: [...this.sources.bridge.recentAlerts] });
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
      case 'ready':
        this.ready = true;
        this.init();
        break;
      case 'startBridge':
        await this.sources.bridge
          .start()
          .catch((err: Error) => void vscode.window.showErrorMessage(`Fleetkit: could not start the telemetry bridge: ${err.message.split('\n')[0]}`));
        break;
      case 'stopBridge':
        await vscode.commands.executeCommand('fleetkit.stopTelemetryBridge');
        break;
      case 'detachBridge':
        // An MQTT broker or a recording is detached back to the bridge; the bridge itself as before.
        await vscode.commands.executeCommand(this.sources.current.kind === 'bridge' ? 'fleetkit.detachTelemetryBridge' : 'fleetkit.detachTelemetrySource');
        break;
      case 'playback':
      case 'playbackSpeed':
      case 'playbackSeek':
        this.sources.current.control?.(msg);
        break;
      case 'export':
        await this.export(msg.format, msg.filter);
        break;
      case 'historyRequest':
        this.post({ type: 'historyResult', id: msg.id, response: await this.sources.bridge.history(msg.query) });
        break;
    }
  }

  private async export(format: 'json' | 'csv', filterText: string): Promise<void> {
    const filter = parseFilter(String(filterText ?? ''));
    const names = this.names.current();
    const records = this.sources.store.records((r) => recordMatches(filter, r, names[r.vin]));
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
