import * as vscode from 'vscode';

export const JSON_SCHEME = 'fleetkit-json';

/** Read-only virtual documents for raw responses and reports (documents of a custom scheme cannot be edited). */
export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.query) ?? '// This response is no longer in memory; run the action again.';
  }

  /** Opens `text` read-only; JSON is pretty-printed when it parses, kept verbatim otherwise. */
  async open(title: string, text: string, language: 'json' | 'markdown' = 'json'): Promise<void> {
    let body = text;
    if (language === 'json') {
      try {
        body = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // Not JSON (e.g. a plain-text error): show it as received.
      }
    }
    const key = String(++this.counter);
    this.contents.set(key, body);
    if (this.contents.size > 50) this.contents.delete(this.contents.keys().next().value as string);
    const safe = title.replace(/[^\w .@-]+/g, '_').slice(0, 80);
    const uri = vscode.Uri.from({ scheme: JSON_SCHEME, path: `/${safe}.${language === 'json' ? 'json' : 'md'}`, query: key });
    this.emitter.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, language);
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
