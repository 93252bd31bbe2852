import * as vscode from 'vscode';

const SCHEME = 'fleetkit-telemetry-diff';

/** Read-only left/right documents for "Show Diff" of a telemetry config push (a custom scheme: no save prompt). */
export class ConfigDiffView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.query) ?? '// No longer in memory: run Push Telemetry Config again.';
  }

  /** Opens a diff of `before` (the cars' current configs) and `after` (what would be pushed), both by VIN. */
  async show(before: unknown, after: unknown): Promise<void> {
    const uri = (name: string, value: unknown): vscode.Uri => {
      const key = String(++this.counter);
      this.contents.set(key, `${JSON.stringify(value, null, 2)}\n`);
      return vscode.Uri.from({ scheme: SCHEME, path: `/${name}.json`, query: key });
    };
    const left = uri('current', before);
    const right = uri('to-push', after);
    while (this.contents.size > 20) this.contents.delete(this.contents.keys().next().value as string);
    await vscode.commands.executeCommand('vscode.diff', left, right, 'Telemetry Config: Current ↔ To Push', { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
  }
}
