import * as vscode from 'vscode';
import type { FleetkitContext } from '../context';

export function registerLogCommands(ctx: FleetkitContext): void {
  ctx.extension.subscriptions.push(vscode.commands.registerCommand('fleetkit.showLog', () => ctx.output.show(true)));
}
