import * as vscode from 'vscode';
import type { FleetkitContext } from '../context';
import { registerCheckCommands } from './commands';
import { ChecksProblems } from './problems';
import { ChecksTreeProvider } from './report-tree';

/** Validators & doctor: the "Checks & Doctor" view and its commands (PEM hosting, redirect URI, partner registration, doctor). */
export function registerChecks(ctx: FleetkitContext): void {
  const tree = new ChecksTreeProvider();
  const view = vscode.window.createTreeView('fleetkit.checks', { treeDataProvider: tree, showCollapseAll: true });
  const problems = new ChecksProblems();
  ctx.extension.subscriptions.push(
    tree,
    view,
    problems,
    ...registerCheckCommands({ tree, view, problems, log: ctx.log.child('checks'), secrets: ctx.extension.secrets, extensionId: ctx.extension.extension.id, progress: ctx.progress }),
  );
}
