import type * as vscode from 'vscode';
import type { Logger } from '../core/log/logger';
import type { WalkthroughProgress } from './walkthrough/progress';

/** What every feature module receives when the extension activates. */
export interface FleetkitContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: Logger;
  readonly output: vscode.LogOutputChannel;
  /** The go-live walkthrough's steps, completed from real results (doctor, checks, commands, pushes, records). */
  readonly progress: WalkthroughProgress;
}

/** A feature registers its commands, views and providers, pushing disposables onto `extension.subscriptions`. */
export type FeatureRegistration = (ctx: FleetkitContext) => void | Promise<void>;
