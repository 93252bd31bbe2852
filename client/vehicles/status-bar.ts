import * as vscode from 'vscode';
import { formatUsd } from '../../core/billing/prices';
import type { VehiclesService } from './service';

/** "$(credit-card) dev@example.com · EU · $0.03" — the active account and its month-to-date estimate. */
export class CostStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('fleetkit.cost', vscode.StatusBarAlignment.Left, 20);
  private readonly subscription: { dispose(): void };

  constructor(private readonly service: VehiclesService) {
    this.item.name = 'Fleetkit: Fleet API cost';
    this.item.command = 'fleetkit.showCostBreakdown';
    this.subscription = service.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const account = this.service.activeAccount;
    if (!account) {
      this.item.hide();
      return;
    }
    const s = this.service.ledger.summary(account.id, Date.now());
    this.item.text = `$(credit-card) ${account.label} · ${account.region.toUpperCase()} · ${formatUsd(s.estimate.grossUsd)}`;
    this.item.tooltip = new vscode.MarkdownString(
      [
        `**${account.label}** (${account.region.toUpperCase()}, ${account.environment})`,
        '',
        `Month to date (${s.month}), estimated from Fleetkit's own calls:`,
        '',
        `- data: ${s.counts.data}`,
        `- commands: ${s.counts.commands}`,
        `- wakes: ${s.counts.wakes}`,
        '',
        `≈ ${formatUsd(s.estimate.grossUsd)} before the monthly discount. Click for the breakdown.`,
      ].join('\n'),
    );
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
