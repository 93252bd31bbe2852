import * as vscode from 'vscode';
import { LiveWebviewPanel } from '../ui/webview-panel';
import { RESPONSE_PAGE_STYLES, RESPONSE_PAGE_TITLE, renderResponseBody } from './response-html';
import type { WorkbenchResult } from './result';

const MAX_HISTORY = 50;

/** The workbench's responses of this window, newest first, and the one viewer page that shows them (beside the request file). */
export class ResponseViewer implements vscode.Disposable {
  private readonly history: WorkbenchResult[] = [];
  private panel: LiveWebviewPanel | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  add(result: WorkbenchResult): void {
    this.history.unshift(result);
    this.history.length = Math.min(this.history.length, MAX_HISTORY);
    this.show();
  }

  show(): void {
    if (this.panel) {
      this.panel.update();
      this.panel.reveal();
      return;
    }
    const panel = new LiveWebviewPanel({
      viewType: 'fleetkit.apiResponse',
      extensionUri: this.extensionUri,
      styles: RESPONSE_PAGE_STYLES,
      column: vscode.ViewColumn.Beside,
      render: () => ({ title: RESPONSE_PAGE_TITLE, body: renderResponseBody(this.history) }),
      onAction: (action) => {
        if (action === 'clearHistory') {
          this.history.length = 0;
          this.panel?.update();
        }
      },
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
