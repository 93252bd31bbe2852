import * as vscode from 'vscode';
import { summarize, type Check, type CheckReport, type ReportKind } from '../../core/checks/types';
import { rowAccessibility } from '../views/tree-accessibility';

const ICONS: Record<Check['status'], [string, string]> = {
  pass: ['pass', 'testing.iconPassed'],
  warn: ['warning', 'list.warningForeground'],
  fail: ['error', 'list.errorForeground'],
  skip: ['circle-slash', 'disabledForeground'],
};
const TITLES: Record<ReportKind, string> = { doctor: 'Doctor', pem: 'PEM hosting', redirect: 'Redirect URI', 'telemetry-server': 'Telemetry server' };
const ORDER: ReportKind[] = ['doctor', 'pem', 'redirect', 'telemetry-server'];

type ReportNode = { kind: 'report'; report: CheckReport };
type Node =
  ReportNode | { kind: 'check'; check: Check; report: CheckReport; parent: ReportNode } | { kind: 'fact'; label: string; value: string; parent: ReportNode };

/** The "Checks & Doctor" view: the latest report of each validator, each check with its icon, detail and fix. */
export class ChecksTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly reports = new Map<ReportKind, ReportNode>();
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  show(report: CheckReport): void {
    this.reports.set(report.kind, { kind: 'report', report });
    this.changed.fire(undefined);
  }

  latest(kind: ReportKind): CheckReport | undefined {
    return this.reports.get(kind)?.report;
  }

  getParent(node: Node): Node | undefined {
    return node.kind === 'report' ? undefined : node.parent;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return ORDER.flatMap((k) => (this.reports.has(k) ? [this.reports.get(k)!] : []));
    if (node.kind === 'report') {
      return [
        ...node.report.checks.map((check) => ({ kind: 'check' as const, check, report: node.report, parent: node })),
        ...Object.entries(node.report.facts).map(([label, value]) => ({ kind: 'fact' as const, label, value, parent: node })),
      ];
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'report') {
      const s = summarize(node.report.checks);
      const item = new vscode.TreeItem(`${TITLES[node.report.kind]}: ${s.ok ? 'OK' : `${s.fail} failed`}`, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.report.target} · ${s.pass} passed, ${s.warn} warning(s), ${s.skip} skipped`;
      item.iconPath = new vscode.ThemeIcon(
        s.ok ? (s.warn ? 'warning' : 'pass-filled') : 'error',
        new vscode.ThemeColor(s.ok ? (s.warn ? 'list.warningForeground' : 'testing.iconPassed') : 'list.errorForeground'),
      );
      item.contextValue = `fleetkit.report.${node.report.kind}`;
      item.tooltip = `Checked ${node.report.checkedAt}`;
      // Without this the row is announced as its tooltip (the timestamp), not as what it shows.
      item.accessibilityInformation = rowAccessibility(item.label as string, item.description);
      return item;
    }
    if (node.kind === 'fact') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.description = node.value;
      item.tooltip = `${node.label}: ${node.value}`;
      item.accessibilityInformation = rowAccessibility(node.label, node.value);
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = 'fleetkit.check.fact';
      return item;
    }
    const c = node.check;
    const item = new vscode.TreeItem(c.title, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.report.kind}/${c.id}`;
    item.description = c.detail;
    const [icon, color] = c.critical ? ['flame', 'list.errorForeground'] : ICONS[c.status];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${c.critical ? 'CRITICAL' : c.status.toUpperCase()}** — ${c.title}\n\n`);
    tip.appendText(c.detail);
    if (c.fix) tip.appendMarkdown('\n\n**Fix:** ').appendText(c.fix);
    item.tooltip = tip;
    item.accessibilityInformation = { label: `${c.status}: ${c.title}. ${c.detail}${c.fix ? ` Fix: ${c.fix}` : ''}` };
    item.contextValue = c.action ? 'fleetkit.check.actionable' : 'fleetkit.check';
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export type ChecksNode = Node;
