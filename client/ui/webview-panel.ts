import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { livePageHtml, readLivePageMessage, type LivePageUpdate } from './webview-html';

/** Bursts of changes (a wake polls, streaming counts) reach the page at most this often. */
const UPDATE_EVERY_MS = 200;

export interface LivePageContent {
  readonly title: string;
  /** The fragment for `#content`, from a pure renderer (every value escaped). */
  readonly body: string;
}

export interface LivePanelOptions {
  readonly viewType: string;
  readonly extensionUri: vscode.Uri;
  /** Renders the page as of `now` (the host's clock). */
  readonly render: (now: number) => LivePageContent;
  /** Page-specific CSS. */
  readonly styles?: string;
  /** A `button[data-action]` was pressed (the name is checked: [a-z][a-zA-Z]*). */
  readonly onAction?: (action: string) => void | Promise<void>;
  /** Where it opens (default: the active editor group); `Beside` keeps the editor that opened it in view. */
  readonly column?: vscode.ViewColumn;
}

/**
 * A webview panel that shows a host-rendered page and keeps it current: `update()` re-renders and posts the fragment,
 * and a page that (re)loads — also after it was hidden, since the context is not retained — asks for the current one.
 * Scripts run only from dist/webview/live-page.js with a fresh nonce; nothing else is loaded.
 */
export class LiveWebviewPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private timer: NodeJS.Timeout | undefined;
  private isDisposed = false;

  constructor(private readonly options: LivePanelOptions) {
    const now = Date.now();
    const first = options.render(now);
    this.panel = vscode.window.createWebviewPanel(
      options.viewType,
      first.title,
      options.column === undefined ? vscode.ViewColumn.Active : { viewColumn: options.column, preserveFocus: true },
      {
        enableScripts: true,
        enableCommandUris: false,
        enableFindWidget: true,
        localResourceRoots: [vscode.Uri.joinPath(options.extensionUri, 'dist', 'webview')],
      },
    );
    const webview = this.panel.webview;
    webview.html = livePageHtml({
      title: first.title,
      nonce: randomBytes(18).toString('base64'),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(options.extensionUri, 'dist', 'webview', 'live-page.js')).toString(),
      body: first.body,
      now,
      ...(options.styles ? { styles: options.styles } : {}),
    });
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((raw: unknown) => {
        const msg = readLivePageMessage(raw);
        if (msg?.type === 'ready') this.post();
        else if (msg?.type === 'action') void this.options.onAction?.(msg.action);
      }),
    );
  }

  /** Re-renders soon (changes arriving together are posted once). A hidden page catches up when it loads again. */
  update(): void {
    if (this.isDisposed) return;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (this.panel.visible) this.post();
    }, UPDATE_EVERY_MS);
  }

  reveal(): void {
    this.panel.reveal();
    this.update();
  }

  private post(): void {
    if (this.isDisposed) return;
    const now = Date.now();
    const page = this.options.render(now);
    this.panel.title = page.title;
    const msg: LivePageUpdate = { type: 'update', html: page.body, now };
    void this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.disposed.fire();
    this.disposed.dispose();
  }
}
