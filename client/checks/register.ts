import * as vscode from 'vscode';
import type { FleetkitAuth } from '../auth/api';
import type { Environments } from '../auth/environment';
import type { FleetkitContext } from '../context';
import type { CommandKeyStore } from '../keys/key-store';
import { registerCheckCommands } from './commands';
import { ChecksProblems } from './problems';
import { ChecksTreeProvider } from './report-tree';
import { registerTelemetryServerCheck } from './telemetry-server';

/** Validators & doctor: the "Checks & Doctor" view and its commands (PEM hosting, redirect URI, partner registration, doctor, telemetry server). */
export function registerChecks(ctx: FleetkitContext, services: { auth: FleetkitAuth; environments: Environments; keys: CommandKeyStore }): void {
  const tree = new ChecksTreeProvider();
  const view = vscode.window.createTreeView('fleetkit.checks', { treeDataProvider: tree, showCollapseAll: true });
  const problems = new ChecksProblems();
  const deps = {
    tree,
    view,
    problems,
    log: ctx.log.child('checks'),
    secrets: ctx.extension.secrets,
    extensionId: ctx.extension.extension.id,
    progress: ctx.progress,
    ...services,
  };
  ctx.extension.subscriptions.push(tree, view, problems, ...registerCheckCommands(deps), registerTelemetryServerCheck(deps));
}
