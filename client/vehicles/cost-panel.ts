import * as vscode from 'vscode';
import { LiveWebviewPanel } from '../ui/webview-panel';
import { COST_PAGE_STYLES, COST_PAGE_TITLE, renderCostBody } from './cost-html';
import { costAccountReport } from './cost-report';
import type { VehiclesService } from './service';

/**
 * The cost breakdown page (one per window; the status bar item opens it): re-rendered whenever the service changes,
 * which includes every call the ledger counts.
 */
export class CostPanel implements vscode.Disposable {
  private static current: CostPanel | undefined;
  private readonly panel: LiveWebviewPanel;
  private readonly subscription: { dispose(): void };

  static show(extensionUri: vscode.Uri, service: VehiclesService): void {
    if (CostPanel.current) return CostPanel.current.panel.reveal();
    CostPanel.current = new CostPanel(extensionUri, service);
  }

  private constructor(extensionUri: vscode.Uri, service: VehiclesService) {
    this.panel = new LiveWebviewPanel({
      viewType: 'fleetkit.costBreakdown',
      extensionUri,
      styles: COST_PAGE_STYLES,
      render: (now) => {
        const active = service.activeAccount;
        const accounts = active ? [active, ...service.accounts().filter((a) => a.id !== active.id)] : service.accounts();
        return {
          title: COST_PAGE_TITLE,
          body: renderCostBody(
            accounts.map((a) => costAccountReport(a, service.ledger.summary(a.id, now))),
            { locale: vscode.env.language },
          ),
        };
      },
    });
    this.subscription = service.onDidChange(() => this.panel.update());
    this.panel.onDidDispose(() => this.dispose());
  }

  dispose(): void {
    if (CostPanel.current === this) CostPanel.current = undefined;
    this.subscription.dispose();
    this.panel.dispose();
  }

  /** Closes the open page (extension deactivation). */
  static disposeCurrent(): void {
    CostPanel.current?.dispose();
  }
}
