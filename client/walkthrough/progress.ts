/**
 * Keeps the go-live walkthrough true to the real state: each step's context key is set from results features report
 * (see steps.ts), remembered across reloads in globalState, and undone when a later result says otherwise.
 */
import * as vscode from 'vscode';
import { contextKey, GO_LIVE_STEPS, type GoLiveStep, type StepUpdate } from './steps';

const STATE_KEY = 'fleetkit.walkthrough.goLive';

export class WalkthroughProgress {
  private done: StepUpdate;

  constructor(private readonly memento: vscode.Memento) {
    this.done = memento.get<StepUpdate>(STATE_KEY, {});
  }

  /** Sets every remembered step's context key (at activation). */
  restore(): void {
    for (const step of GO_LIVE_STEPS) if (this.done[step]) void vscode.commands.executeCommand('setContext', contextKey(step), true);
  }

  isDone(step: GoLiveStep): boolean {
    return this.done[step] === true;
  }

  /** Applies what a result proved; unchanged steps cost nothing. */
  update(update: StepUpdate): void {
    let changed = false;
    for (const step of GO_LIVE_STEPS) {
      const value = update[step];
      if (value === undefined || (this.done[step] ?? false) === value) continue;
      this.done = { ...this.done, [step]: value };
      changed = true;
      void vscode.commands.executeCommand('setContext', contextKey(step), value);
    }
    if (changed) void this.memento.update(STATE_KEY, this.done);
  }
}
