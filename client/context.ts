import type * as vscode from 'vscode';
import type { Logger } from '../core/log/logger';
import type { WalkthroughProgress } from './walkthrough/progress';

/**
 * What every feature receives when the extension activates. A feature pushes its disposables onto
 * `extension.subscriptions`; the services of other features it needs are passed to it by client/extension.ts.
 */
export interface FleetkitContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: Logger;
  readonly output: vscode.LogOutputChannel;
  /** The go-live walkthrough's steps, completed from real results (doctor, checks, commands, pushes, records). */
  readonly progress: WalkthroughProgress;
}
