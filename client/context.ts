import type * as vscode from 'vscode';
import type { Logger } from '../core/log/logger';

/** What every feature module receives when the extension activates. */
export interface FleetkitContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: Logger;
  readonly output: vscode.LogOutputChannel;
}

/** A feature registers its commands, views and providers, pushing disposables onto `extension.subscriptions`. */
export type FeatureRegistration = (ctx: FleetkitContext) => void | Promise<void>;
