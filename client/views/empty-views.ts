import * as vscode from 'vscode';
import type { FleetkitContext } from '../context';

/**
 * Views whose feature has not registered a real provider yet get an empty one, so VS Code
 * shows their welcome content instead of "no data provider registered".
 */
export function registerEmptyViews(ctx: FleetkitContext, viewIds: readonly string[]): void {
  const empty: vscode.TreeDataProvider<never> = { getTreeItem: (e) => e, getChildren: () => [] };
  for (const id of viewIds) {
    ctx.extension.subscriptions.push(vscode.window.registerTreeDataProvider(id, empty));
  }
}
